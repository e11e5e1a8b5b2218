"""Finding 6 (part): the admin's "view on site" redirect (/admin/r/<type>/<id>/) answers only for
objects the user may view in the admin, for every model that has a page; 404 otherwise."""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from assessments.models import Assessment, Framework
from audience.models import QuestionRound
from events.models import Event, Session
from legal.models import LegalPage
from polls.models import PollRun
from recommendations.models import Recommendation
from stakeholders.models import Municipality, PracticeExample
from tests.conftest import client_for
from voting.models import DotVote

pytestmark = pytest.mark.django_db


def _build(world: dict, municipality: Municipality) -> dict:
    """One object of each model with a public page, owned by the municipality, with drafts
    where a model has them (their slugs and codes are what must not leak)."""
    event = world["event"]
    event.unpublish()
    framework, _ = Framework.objects.get_or_create(slug="rahmen", defaults={"name": "Rahmen"})
    return {
        Municipality: municipality,
        Event: event,
        Session: world["session"],
        Recommendation: world["recommendation"],
        PracticeExample: PracticeExample.objects.create(
            title="Lernkarussell",
            slug=f"lernkarussell-{municipality.slug}",
            municipality=municipality,
        ),
        Assessment: Assessment.objects.create(
            framework=framework, municipality=municipality, title="Standortbestimmung"
        ),
        DotVote: DotVote.objects.create(
            event=event, title="Priorisierung", code=f"V{municipality.pk}X{event.pk}"
        ),
        PollRun: PollRun.objects.create(event=event, title="Umfrage"),
        QuestionRound: QuestionRound.objects.create(event=event, title="Fragen"),
    }


def test_every_admin_model_with_a_page_is_covered_here():
    with_page = {model for model in admin.site._registry if hasattr(model, "get_absolute_url")}
    assert with_page == {
        Municipality,
        Event,
        Session,
        Recommendation,
        PracticeExample,
        Assessment,
        DotVote,
        PollRun,
        QuestionRound,
        LegalPage,  # superusers' pages: test_a_legal_page_is_viewed_on_site_by_superusers
    }


@pytest.fixture
def objects(hagen, dortmund, hagen_world, dortmund_world):
    return {"hagen": _build(hagen_world, hagen), "dortmund": _build(dortmund_world, dortmund)}


def _view_on_site_url(obj) -> str:
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("admin:view_on_site", args=[content_type.pk, obj.pk])


MODELS = [
    Municipality,
    Event,
    Session,
    Recommendation,
    PracticeExample,
    Assessment,
    DotVote,
    PollRun,
    QuestionRound,
]


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
@pytest.mark.parametrize(
    ("persona", "owner", "allowed"),
    [
        ("hagen_editor", "hagen", True),
        ("hagen_editor", "dortmund", False),
        ("dortmund_editor", "dortmund", True),
        ("dortmund_editor", "hagen", False),
        ("superuser", "hagen", True),
        ("superuser", "dortmund", True),
    ],
)
def test_view_on_site_follows_the_municipality(request, objects, model, persona, owner, allowed):
    obj = objects[owner][model]
    response = client_for(request.getfixturevalue(persona)).get(_view_on_site_url(obj))
    if allowed:
        assert response.status_code == 302
        assert response["Location"].endswith(obj.get_absolute_url())
    else:
        assert response.status_code == 404
        assert obj.get_absolute_url() not in response.content.decode()


def test_anonymous_is_sent_to_the_login(objects):
    response = client_for(None).get(_view_on_site_url(objects["hagen"][Event]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_staff_user_without_municipality_gets_404(objects, django_user_model):
    user = django_user_model.objects.create_user("staff-only", password="pw", is_staff=True)
    assert client_for(user).get(_view_on_site_url(objects["hagen"][Event])).status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/admin/r/999999/1/", "/admin/r/{user}/1/", "/admin/r/{event}/abc/", "/admin/r/{event}/%20/"],
)
def test_unknown_types_models_without_admin_and_bad_ids_are_404(objects, superuser, path):
    path = path.format(
        user=ContentType.objects.get(app_label="auth", model="user").pk,
        event=ContentType.objects.get_for_model(Event).pk,
    )
    assert client_for(superuser).get(path).status_code == 404


def test_the_change_page_still_offers_the_link(objects, hagen_editor):
    event = objects["hagen"][Event]
    html = client_for(hagen_editor).get(reverse("admin:events_event_change", args=[event.pk]))
    assert _view_on_site_url(event) in html.content.decode()


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("superuser", True), ("hagen_editor", False), ("dortmund_editor", False)],
)
def test_a_legal_page_is_viewed_on_site_by_superusers(request, db, persona, allowed):
    page = LegalPage.objects.get(kind="imprint")
    response = client_for(request.getfixturevalue(persona)).get(_view_on_site_url(page))
    assert response.status_code == (302 if allowed else 404)

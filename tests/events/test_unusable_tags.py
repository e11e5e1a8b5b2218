"""Finding 5: a tag without letters or digits is refused in every admin form with topics, and a
bad tag already stored never takes a page down."""

import importlib

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from taggit.managers import TaggableManager
from taggit.models import Tag

from events.models import Event, Session
from recommendations.models import Recommendation
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

# Every model with topics and the object of hagen_world that stands for it.
TAGGED_MODELS = {Event: "event", Session: "session", Recommendation: "recommendation"}


def _has_tags(model) -> bool:
    return any(isinstance(field, TaggableManager) for field in model._meta.get_fields())


def test_every_admin_with_topics_is_covered_here():
    tagged = {model for model in admin.site._registry if _has_tags(model)}
    assert tagged == set(TAGGED_MODELS)


@pytest.mark.parametrize("model", TAGGED_MODELS)
def test_the_tag_field_of_every_admin_form_refuses_a_name_without_letters(model, superuser):
    request = RequestFactory().get("/")
    request.user = superuser
    field = admin.site._registry[model].get_form(request).base_fields["tags"]
    assert field.clean("Quartier, Ehrenamt") == ["Ehrenamt", "Quartier"]
    with pytest.raises(ValidationError) as refused:
        field.clean("Quartier, ???")
    assert "„???“ braucht mindestens einen Buchstaben oder eine Ziffer" in str(refused.value)


def _change_form_data(response) -> dict:
    """The change form's own fields as the page shows them, with every inline left unchanged."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [getattr(item, "pk", item) for item in value]
        else:
            data[name] = str(value)
    for inline in response.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


@pytest.mark.parametrize(("model", "key"), TAGGED_MODELS.items())
def test_an_editor_saving_a_tag_without_letters_gets_the_message_and_nothing_changes(
    hagen_world, hagen_editor, model, key
):
    obj = hagen_world[key]
    obj.tags.add("Quartier")
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    client = client_for(hagen_editor)
    data = _change_form_data(client.get(url))

    data["tags"] = "Quartier, 🎉"
    response = client.post(url, data)

    assert response.status_code == 200
    assert "„🎉“ braucht mindestens einen Buchstaben oder eine Ziffer" in response.content.decode()
    assert [tag.name for tag in obj.tags.all()] == ["Quartier"]
    assert not Tag.objects.filter(name="🎉").exists()

    data["tags"] = "Quartier, Ehrenamt"
    assert client.post(url, data).status_code == 302
    assert sorted(tag.name for tag in obj.tags.all()) == ["Ehrenamt", "Quartier"]


@pytest.fixture
def bad_tags(hagen_world):
    """Tags as the admin stored them before it refused them: "???" got an empty slug, "!!!"
    then "_1"; and a slug that no address can carry."""
    event, session = hagen_world["event"], hagen_world["session"]
    for obj in (event, session, hagen_world["recommendation"]):
        obj.tags.add("???", "!!!", "Quartier")
    broken = Tag.objects.create(name="Stadt/Land", slug="stadt/land")
    event.tags.add(broken)
    assert Tag.objects.get(name="???").slug == ""
    return hagen_world


@pytest.mark.parametrize(
    "page",
    [
        lambda world: reverse("events:home"),
        lambda world: reverse("events:detail", args=[world["event"].slug]),
        lambda world: reverse("recommendations:detail", args=[world["recommendation"].slug]),
        lambda world: reverse("events:list"),
        lambda world: reverse("events:tag", args=["quartier"]),
    ],
    ids=["home", "event", "recommendation", "event list", "topic page"],
)
def test_pages_show_the_good_tags_beside_bad_ones_stored_earlier(bad_tags, page):
    response = client_for(None).get(page(bad_tags))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("events:tag", args=["quartier"]) in html or "Quartier" in html
    assert 'href="/tags//"' not in html


def test_the_migration_removes_tags_without_a_name_and_gives_odd_slugs_a_usable_one(bad_tags):
    from django.apps import apps

    mend = importlib.import_module("events.migrations.0008_mend_unusable_tags").mend_unusable_tags
    event, session = bad_tags["event"], bad_tags["session"]
    Tag.objects.create(name="Stadtland", slug="stadtland")  # the slug "Stadt/Land" would get

    mend(apps, None)

    assert not Tag.objects.filter(name__in=["???", "!!!"]).exists()
    assert sorted(tag.name for tag in event.tags.all()) == ["Quartier", "Stadt/Land"]
    assert [tag.name for tag in session.tags.all()] == ["Quartier"]
    assert [tag.name for tag in bad_tags["recommendation"].tags.all()] == ["Quartier"]
    assert Tag.objects.get(name="Stadt/Land").slug == "stadtland_1"
    assert Tag.objects.get(name="Quartier").slug == "quartier"
    html = client_for(None).get(reverse("events:detail", args=[event.slug])).content.decode()
    assert reverse("events:tag", args=["stadtland_1"]) in html
    assert client_for(None).get(reverse("events:tag", args=["stadtland_1"])).status_code == 200

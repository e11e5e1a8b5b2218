"""Only superusers write the operator's pages and read the feedback; the admin offers the
template to complete, and a template saved unchanged stays a template."""

import pytest
from django.urls import reverse

from legal.models import AccessibilityFeedback, LegalPage
from legal.texts import template_html
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _page(kind: str) -> LegalPage:
    return LegalPage.objects.get_or_create(kind=kind)[0]


def _change(client, page: LegalPage, **data):
    return client.post(
        reverse("admin:legal_legalpage_change", args=[page.pk]),
        {"body_de": "", "body_en": "", **data},
    )


def test_a_superuser_writes_a_page_and_the_site_shows_it(superuser):
    page = _page("imprint")
    response = _change(client_for(superuser), page, body_de="Stadt Hagen, Rathausstraße 11")
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.body_de == "Stadt Hagen, Rathausstraße 11"
    assert "Stadt Hagen, Rathausstraße 11" in client_for(None).get("/impressum/").content.decode()


@pytest.mark.parametrize("persona", ["hagen_editor", "dortmund_editor"])
def test_editors_of_a_municipality_neither_see_nor_change_the_pages(request, persona):
    client = client_for(request.getfixturevalue(persona))
    page = _page("imprint")
    assert client.get(reverse("admin:legal_legalpage_changelist")).status_code == 403
    assert client.get(reverse("admin:legal_legalpage_change", args=[page.pk])).status_code == 403
    assert _change(client, page, body_de="Gefälscht").status_code == 403
    assert client.get(reverse("admin:legal_accessibilityfeedback_changelist")).status_code == 403
    page.refresh_from_db()
    assert page.body_de == ""
    index = client.get(reverse("admin:index")).content.decode()
    assert "legalpage" not in index
    assert "accessibilityfeedback" not in index


def test_the_change_form_offers_the_template_of_an_empty_page(superuser):
    page = _page("privacy")
    form = client_for(superuser).get(reverse("admin:legal_legalpage_change", args=[page.pk]))
    html = form.content.decode()
    assert "Verantwortliche Stelle" in html  # German template in body_de
    assert "Controller" in html  # English template in body_en
    assert "&lt;mark&gt;[" in html


def test_a_template_saved_unchanged_is_stored_as_empty_and_stays_marked(superuser):
    page = _page("privacy")
    german = template_html("privacy", "de").replace("\n", "\r\n")
    english = template_html("privacy", "en")
    assert _change(client_for(superuser), page, body_de=german, body_en=english).status_code == 302
    page.refresh_from_db()
    assert (page.body_de, page.body_en) == ("", "")
    assert (
        "Vorlage, noch nicht vervollständigt."
        in client_for(None).get("/datenschutz/").content.decode()
    )


def test_a_completed_template_is_stored(superuser):
    page = _page("privacy")
    german = template_html("privacy", "de").replace(
        "<mark>[Kontakt]</mark>", "datenschutz@hagen.de"
    )
    _change(client_for(superuser), page, body_de=german)
    page.refresh_from_db()
    assert "datenschutz@hagen.de" in page.body_de


@pytest.mark.parametrize(
    ("address", "accepted"),
    [
        ("https://www.hagen.de/dgs/portal.mp4", True),
        ("/media/dgs/portal.webm", True),
        ("http://www.hagen.de/dgs/portal.mp4", False),
        ("//tracker.example/video.mp4", False),
        ("javascript:alert(1)", False),
        ("https://", False),
    ],
)
def test_the_sign_language_video_is_a_file_on_this_site_or_an_https_address(
    superuser, address, accepted
):
    page = _page("sign_language")
    response = _change(client_for(superuser), page, video_url=address)
    page.refresh_from_db()
    assert (page.video_url == address) is accepted
    assert response.status_code == (302 if accepted else 200)


def test_only_the_sign_language_page_has_a_video_field(superuser):
    client = client_for(superuser)
    imprint = client.get(reverse("admin:legal_legalpage_change", args=[_page("imprint").pk]))
    assert 'name="video_url"' not in imprint.content.decode()
    sign = client.get(reverse("admin:legal_legalpage_change", args=[_page("sign_language").pk]))
    assert 'name="video_url"' in sign.content.decode()


def test_a_page_can_be_added_again_only_when_its_row_is_missing(superuser):
    client = client_for(superuser)
    for kind in LegalPage.Kind.values:
        _page(kind)
    assert client.get(reverse("admin:legal_legalpage_add")).status_code == 403
    LegalPage.objects.filter(kind="imprint").delete()
    form = client.get(reverse("admin:legal_legalpage_add")).content.decode()
    assert '<option value="imprint"' in form
    assert '<option value="privacy"' not in form


def test_a_superuser_reads_the_feedback_and_marks_it_done_but_cannot_edit_it(superuser):
    feedback = AccessibilityFeedback.objects.create(message="Kontrast zu schwach", name="Erika")
    client = client_for(superuser)
    listing = client.get(reverse("admin:legal_accessibilityfeedback_changelist"))
    assert "Kontrast zu schwach" in listing.content.decode()
    url = reverse("admin:legal_accessibilityfeedback_change", args=[feedback.pk])
    response = client.post(url, {"handled": "on", "message": "geändert", "name": "Max"})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.handled
    assert (feedback.message, feedback.name) == ("Kontrast zu schwach", "Erika")
    assert client.get(reverse("admin:legal_accessibilityfeedback_add")).status_code == 403

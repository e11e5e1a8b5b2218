"""Finding 9: no address, query string or cookie gives a 500; a NUL character is a 400 with a
German message, on SQLite and PostgreSQL."""

import pytest
from django.test import Client

from tests.conftest import client_for

pytestmark = pytest.mark.django_db

NUL = "%00"
HUGE = "9" * 25

PUBLIC = [
    "/tags/%00/",
    "/tags/quar%00tier/",
    f"/events/?q={NUL}",
    f"/events/?q=a{NUL}b&page=2",
    f"/events/?municipality={NUL}",
    f"/events/?tag={NUL}",
    f"/events/?strategy={NUL}",
    f"/events/?year={HUGE}",
    f"/events/?year={NUL}",
    f"/events/?page={HUGE}",
    f"/events/?q=x&page={HUGE}",
    f"/events/a{NUL}/",
    f"/events/feed/?x={NUL}",
    f"/recommendations/?q={NUL}",
    f"/recommendations/?strategy={NUL}",
    f"/recommendations/?action_field={HUGE}",
    f"/recommendations/?action_field={NUL}",
    f"/recommendations/?status={NUL}",
    f"/recommendations/?q=x&page={HUGE}",
    f"/stakeholders/?municipality={NUL}",
    f"/stakeholders/?municipality={HUGE}",
    f"/stakeholders/?sector={NUL}",
    f"/stakeholders/municipalities/a{NUL}/",
    f"/selbstcheck/{HUGE}/",
    f"/selbstcheck/fragebogen/{NUL}/",
    f"/vote/?code={NUL}",
    f"/vote/a{NUL}/",
    f"/vote/a{NUL}/results.json",
    f"/poll/?code={NUL}",
    f"/poll/a{NUL}/state.json",
    f"/poll/counts/{HUGE}/",
    f"/admin/login/?next={NUL}",
]

ADMIN = [
    f"/admin/events/event/?q={NUL}",
    f"/admin/events/event/?year={NUL}",
    f"/admin/events/event/?year={HUGE}",
    f"/admin/events/event/?status__exact={NUL}",
    f"/admin/events/event/?municipality__id__exact={HUGE}",
    f"/admin/events/event/{NUL}/change/",
    f"/admin/events/event/{HUGE}/change/",
    f"/admin/autocomplete/?app_label=events&model_name=eventrole&field_name=person&term={NUL}",
    f"/admin/r/{HUGE}/{HUGE}/",
]


@pytest.mark.parametrize("url", PUBLIC)
def test_public_addresses_never_answer_500(url, hagen_world):
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code in (200, 302, 400, 404), response.status_code
    if NUL in url:
        assert response.status_code == 400


@pytest.mark.parametrize("url", ADMIN)
def test_admin_addresses_never_answer_500(url, hagen_world, hagen_editor):
    client = client_for(hagen_editor)
    client.raise_request_exception = False
    response = client.get(url)
    assert response.status_code in (200, 302, 400, 403, 404), response.status_code


def test_a_nul_in_the_address_is_refused_with_a_german_page(hagen_world):
    response = Client().get("/tags/%00/")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Die Anfrage enthält ungültige Zeichen" in html
    assert 'href="/"' in html


def test_a_year_filter_typed_into_the_admin_address_is_an_invalid_filter(hagen_world, hagen_editor):
    response = client_for(hagen_editor).get(f"/admin/events/event/?year={HUGE}")
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


@pytest.mark.parametrize("cookie", ["sessionid", "csrftoken", "django_language"])
def test_a_cookie_with_a_nul_is_ignored(hagen_world, hagen_editor, cookie):
    client = client_for(hagen_editor)
    client.raise_request_exception = False
    client.cookies[cookie] = "abcdefgh\x00ijklmnopqrstuvwxyz012345"
    response = client.get("/admin/")
    assert response.status_code in (200, 302)

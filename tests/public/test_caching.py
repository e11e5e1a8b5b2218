"""Public pages may be kept by browsers and proxies and are compressed; a page with a form's
CSRF token, a staff member's page and a draft's preview are neither kept nor compressed."""

import gzip

import pytest
from django.urls import reverse

from events.models import Event
from stakeholders.models import Municipality
from tests.conftest import client_for, make_editor, make_event
from tests.public.conftest import DEMO_EVENTS
from tests.uploads.conftest import make_attachment, make_photo

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    reverse("events:home"),
    reverse("events:list"),
    reverse("events:list") + "?q=Ehrenamt&municipality=hagen",
    reverse("events:detail", args=["hagen-umsetzungskonferenz-2022"]),
    reverse("events:detail", args=["nrw-fachkongress-luenen-2015"]),
    reverse("recommendations:list"),
    reverse("stakeholders:index"),
    reverse("legal:imprint"),
    "/en/events/",
    "/en/events/hagen-umsetzungskonferenz-2022/",
]


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_a_public_page_may_be_kept_by_any_cache_for_a_short_time(demo_content, client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert directives(response) == {"public", "max-age=300"}
    assert response.has_header("ETag")
    assert "cookie" in vary(response)
    # The address alone decides the language: a cache need not keep one copy per browser language.
    assert "accept-language" not in vary(response)
    assert not response.cookies


def test_the_time_a_page_is_kept_is_configurable(demo_content, client, settings):
    settings.PAGE_CACHE_SECONDS = 60
    response = client.get(reverse("events:list"))
    assert directives(response) == {"public", "max-age=60"}


@pytest.mark.parametrize("encoding", ["", "gzip"])
def test_a_cache_that_asks_again_with_the_etag_gets_not_modified(demo_content, client, encoding):
    url = reverse("events:detail", args=[DEMO_EVENTS[2]])
    first = client.get(url, headers={"accept-encoding": encoding})
    again = client.get(url, headers={"accept-encoding": encoding, "if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_a_changed_page_is_sent_again_despite_the_old_etag(demo_content, client):
    url = reverse("events:detail", args=[DEMO_EVENTS[2]])
    first = client.get(url)
    event = first.context["doc"].event
    event.title = "Umsetzungskonferenz, berichtigt"
    event.save(update_fields=["title"])
    again = client.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert "Umsetzungskonferenz, berichtigt" in again.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        reverse("events:home"),
        reverse("events:list"),
        reverse("events:detail", args=["nrw-fachkongress-luenen-2015"]),
        reverse("events:feed"),
    ],
)
def test_public_pages_and_feeds_are_compressed_for_browsers_that_accept_gzip(
    demo_content, client, url
):
    plain = client.get(url)
    compressed = client.get(url, headers={"accept-encoding": "gzip, deflate, br"})
    assert compressed["Content-Encoding"] == "gzip"
    assert "accept-encoding" in vary(compressed)
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) / 2


def test_a_page_with_a_csrf_token_is_neither_kept_nor_compressed(demo_content, client):
    response = client.get(reverse("legal:feedback"), headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert {"private", "no-store"} <= directives(response)
    assert "public" not in directives(response)
    assert not response.has_header("Content-Encoding")
    assert not response.has_header("ETag")


def test_a_staff_members_view_of_a_public_page_is_neither_kept_nor_compressed(
    demo_content, superuser
):
    response = client_for(superuser).get(
        reverse("events:list"), headers={"accept-encoding": "gzip"}
    )
    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)
    assert not response.has_header("Content-Encoding")


def test_a_drafts_preview_is_never_kept(demo_content):
    hagen = Municipality.objects.get(slug="hagen")
    draft = make_event(hagen, slug="entwurf", published=False)
    response = client_for(make_editor("redaktion-hagen", hagen)).get(
        reverse("events:detail", args=[draft.slug])
    )
    assert response.status_code == 200
    assert "Vorschau" in response.content.decode()
    assert {"private", "no-store"} <= directives(response)


def test_a_response_whose_view_decides_itself_keeps_its_own_rule(db, client):
    response = client.get(reverse("healthz"))
    assert "public" not in directives(response)
    assert "no-cache" in directives(response)


def test_a_page_not_found_is_not_kept(demo_content, client):
    response = client.get("/events/gibt-es-nicht/")
    assert response.status_code == 404
    assert "public" not in directives(response)


def test_photos_and_files_are_sent_as_they_are_without_gzip(
    demo_content, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    event = Event.objects.get(slug=DEMO_EVENTS[2])
    photo_url, _width = make_photo(event).sources[0]
    for url in [photo_url, make_attachment(event).url]:
        response = client.get(url, headers={"accept-encoding": "gzip"})
        assert response.status_code == 200
        assert not response.has_header("Content-Encoding"), url

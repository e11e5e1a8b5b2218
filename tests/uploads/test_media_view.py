"""The media view: a published event's photos and files for everyone, cached; a draft's only for
the staff who edit it, never cached; 404 for everyone else, as the draft's page."""

import pytest

from tests.conftest import client_for
from tests.uploads.conftest import make_attachment, make_photo, office_bytes

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_published_events_photo_is_served_to_everyone_and_may_be_cached(hagen_world, client):
    photo = make_photo(hagen_world["event"])
    url, _width = photo.sources[0]

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "public, max-age=86400"
    assert _body(response).startswith(b"RIFF")
    assert "Cookie" not in response.get("Vary", "")

    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


@pytest.mark.parametrize(
    "persona, status",
    [("anonymous", 404), ("dortmund_editor", 404), ("hagen_editor", 200), ("superuser", 200)],
)
def test_a_drafts_photo_is_served_only_to_the_staff_who_edit_it(
    request, hagen_world, persona, status
):
    photo = make_photo(hagen_world["draft"])
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    client = client_for(user)

    for name in photo.stored_names():
        response = client.get(photo.url_of(name))
        assert response.status_code == status, name
        if status == 200:
            assert response["Cache-Control"] == "private, no-store"
            assert "ETag" not in response


def test_a_photo_is_hidden_again_when_its_event_is_unpublished(hagen_world, client):
    event = hagen_world["event"]
    photo = make_photo(event)
    url = photo.url_of(photo.image.name)
    assert client.get(url).status_code == 200
    event.unpublish()
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "persona, status",
    [("anonymous", 404), ("dortmund_editor", 404), ("hagen_editor", 200)],
)
def test_a_drafts_file_is_served_only_to_the_staff_who_edit_it(
    request, hagen_world, persona, status
):
    attachment = make_attachment(hagen_world["draft"])
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    assert client_for(user).get(attachment.url).status_code == status


def test_a_pdf_opens_in_the_browser_and_slides_are_downloaded(hagen_world, client):
    pdf = make_attachment(hagen_world["event"])
    slides = make_attachment(hagen_world["event"], title="Folien Tisch 3", data=office_bytes("ppt"))

    response = client.get(pdf.url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert _body(response).startswith(b"%PDF-")

    response = client.get(slides.url)
    assert response["Content-Type"].endswith("presentationml.presentation")
    assert response["Content-Disposition"] == 'attachment; filename="folien-tisch-3.pptx"'
    assert response["Cache-Control"] == "public, max-age=86400"


def test_a_name_the_object_does_not_have_is_not_found(hagen_world, client):
    photo = make_photo(hagen_world["event"])
    assert client.get(photo.url_of("original.png")).status_code == 404
    assert client.get(photo.url_of("3000.webp")).status_code == 404
    assert client.get("/media/photos/nicht-uuid/480.webp").status_code == 404
    assert client.get("/media/photos/../../db.sqlite3").status_code == 404

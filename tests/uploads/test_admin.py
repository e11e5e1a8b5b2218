"""Photos and files in the admin: editors add them to their own events; a bad upload is an error
at its field, never a 500; another town's editor neither sees nor changes them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import client_for
from tests.uploads.conftest import (
    gps_exif,
    image_bytes,
    make_attachment,
    make_photo,
    office_bytes,
    pdf_bytes,
    stored_files,
)
from uploads.models import Attachment, Photo

pytestmark = pytest.mark.django_db


def _add_photo(client, event, data, name="podium.jpg", **fields):
    return client.post(
        reverse("admin:uploads_photo_add"),
        {
            "event": event.pk,
            "upload": SimpleUploadedFile(name, data),
            "alt_text": "Podium mit drei Personen vor einer Leinwand",
            "caption": "Das Podium am Nachmittag",
            "credit": "Stadt Hagen",
            "consent_note": "Einwilligung der Abgebildeten liegt vor",
            "order": 1,
            **fields,
        },
    )


def test_an_editor_adds_a_photo_to_an_event_of_their_town(hagen_world, hagen_editor, media_root):
    response = _add_photo(
        client_for(hagen_editor), hagen_world["draft"], image_bytes(exif=gps_exif())
    )
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.event == hagen_world["draft"]
    assert (photo.caption, photo.credit, photo.order) == (
        "Das Podium am Nachmittag",
        "Stadt Hagen",
        1,
    )
    assert photo.consent_note == "Einwilligung der Abgebildeten liegt vor"
    assert stored_files(media_root) == sorted(photo.stored_names())

    change = client_for(hagen_editor).get(reverse("admin:uploads_photo_change", args=[photo.pk]))
    assert change.status_code == 200
    assert photo.sources[1][0] in change.content.decode()


@pytest.mark.parametrize(
    "name, data, fields, message",
    [
        ("programm.jpg", pdf_bytes(), {}, "kein Bild"),
        ("podium.jpg", image_bytes(), {"alt_text": ""}, "Dieses Feld ist zwingend erforderlich."),
        ("podium.jpg", image_bytes("JPEG", (2000, 1500)), {}, "zu viele Pixel"),
    ],
)
def test_a_bad_upload_is_an_error_at_its_field_and_nothing_is_stored(
    hagen_world, hagen_editor, media_root, settings, name, data, fields, message
):
    settings.PHOTO_MAX_PIXELS = 2_000_000
    response = _add_photo(client_for(hagen_editor), hagen_world["draft"], data, name, **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Photo.objects.exists()
    assert stored_files(media_root) == []


def test_an_editor_adds_slides_and_a_pdf_is_refused_when_it_is_none(hagen_world, hagen_editor):
    client = client_for(hagen_editor)
    url = reverse("admin:uploads_attachment_add")
    event = hagen_world["event"]
    response = client.post(
        url,
        {
            "event": event.pk,
            "title": "Folien",
            "order": 0,
            "upload": _file("f.pptx", office_bytes()),
        },
    )
    assert response.status_code == 302
    assert Attachment.objects.get().get_content_type_display() == "PowerPoint-Präsentation"

    response = client.post(
        url,
        {"event": event.pk, "title": "Anlage", "order": 0, "upload": _file("a.pdf", b"<html>")},
    )
    assert response.status_code == 200
    assert "Erlaubt sind PDF" in response.content.decode()
    assert Attachment.objects.count() == 1


def _file(name, data):
    return SimpleUploadedFile(name, data)


def test_another_towns_editor_neither_sees_nor_changes_them(
    hagen_world, dortmund_world, dortmund_editor, media_root
):
    photo = make_photo(hagen_world["event"])
    attachment = make_attachment(hagen_world["event"])
    own = make_photo(dortmund_world["event"], alt_text="Dortmunder Thementisch")
    client = client_for(dortmund_editor)

    listing = client.get(reverse("admin:uploads_photo_changelist")).content.decode()
    assert "Dortmunder Thementisch" in listing and photo.alt_text not in listing
    assert (
        "Folien" not in client.get(reverse("admin:uploads_attachment_changelist")).content.decode()
    )
    for url in (
        reverse("admin:uploads_photo_change", args=[photo.pk]),
        reverse("admin:uploads_attachment_change", args=[attachment.pk]),
    ):
        assert client.get(url).status_code == 403
        assert (
            client.post(url, {"event": dortmund_world["event"].pk, "title": "x"}).status_code == 403
        )

    # Nor add one to a Hagen event: the event is no choice of theirs.
    response = _add_photo(client, hagen_world["event"], image_bytes())
    assert response.status_code == 200
    assert Photo.objects.filter(event=hagen_world["event"]).count() == 1
    assert sorted(stored_files(media_root)) == sorted(
        photo.stored_names() + own.stored_names() + attachment.stored_names()
    )


def test_a_photo_stands_beside_a_session_of_its_own_event_only(
    hagen_world, dortmund_world, hagen_editor, media_root
):
    client = client_for(hagen_editor)
    form = client.get(reverse("admin:uploads_photo_add")).content.decode()
    session = hagen_world["session"]
    # Choices name the event with the session: "Kleingruppe 1" alone would be many.
    assert f'<option value="{session.pk}">{session.event.title} – Zukunftsräte</option>' in form
    assert f'<option value="{dortmund_world["session"].pk}">' not in form

    # Another town's session is no choice; a session of another own event is an error.
    response = _add_photo(
        client, hagen_world["event"], image_bytes(), session=dortmund_world["session"].pk
    )
    assert "Dies ist keine gültige Auswahl" in response.content.decode()
    response = _add_photo(
        client, hagen_world["draft"], image_bytes(), session=hagen_world["session"].pk
    )
    assert "gehört zu einer anderen Veranstaltung" in response.content.decode()
    assert not Photo.objects.exists() and stored_files(media_root) == []

    response = _add_photo(
        client, hagen_world["event"], image_bytes(), session=hagen_world["session"].pk
    )
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.session == hagen_world["session"]
    change = client.get(reverse("admin:uploads_photo_change", args=[photo.pk])).content.decode()
    assert f'<option value="{hagen_world["session"].pk}" selected>' in change

"""A documentation with photos and files travels as a ZIP archive: documentation.yaml and media/.

Export and import give the same documentation, photos and files; an archive that is no bundle,
or holds a bad photo, is refused with the place and leaves neither rows nor stored files.
"""

import io
import zipfile

import pytest
import yaml
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from events.exporter import documentation_bundle, documentation_export
from events.importer import DocumentationError, documentation_import, documentation_unpack
from events.models import Chapter, Contribution, Event, Part, Session
from tests.conftest import client_for, make_event
from tests.events.test_import_export import minimal
from tests.state import database_rows
from tests.uploads.conftest import gps_exif, image_bytes, pdf_bytes, stored_files
from uploads.services import attachment_create, photo_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def documented(hagen):
    """The Hagen workshop with a panel photo in its first chapter, a flipchart photo beside its
    table's results and the slides left for the standard places."""
    event = make_event(hagen, slug="werkstatt")
    table = Session.objects.create(
        event=event, slug="tisch-orte", title="Orte", kind="thematic_table"
    )
    Contribution.objects.create(session=table, text="Mehr Treffpunkte im Quartier")
    panel = photo_create(
        event=event,
        file=io.BytesIO(image_bytes(exif=gps_exif())),
        alt_text="Podium mit fünf Personen",
        caption="Das Podium",
        credit="Foto: Stadt Hagen",
        consent_note="Einwilligung liegt vor",
    )
    photo_create(
        event=event,
        file=io.BytesIO(image_bytes("PNG")),
        alt_text="Flipchart",
        session=table,
        order=1,
    )
    attachment_create(event=event, file=io.BytesIO(pdf_bytes()), title="Folien des Vortrags")
    chapter = Chapter.objects.create(event=event, number="1", title="Podium")
    Part.objects.create(chapter=chapter, kind=Part.Kind.PHOTO, photo=panel)
    return event


def unpack(data: bytes):
    return documentation_unpack(io.BytesIO(data), source="werkstatt.zip")


def test_photos_and_files_travel_in_the_bundle_and_back(documented, media_root, client):
    exported = documentation_export(event=documented)
    bundle = documentation_bundle(event=documented)
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        names = sorted(archive.namelist())
    assert names == [
        "documentation.yaml",
        "media/datei-1.pdf",
        "media/foto-1.jpg",
        "media/foto-2.png",
    ]
    Event.objects.all().delete()

    unpacked = unpack(bundle)
    again = documentation_import(data=unpacked.data, media=unpacked.media).event
    assert documentation_export(event=again) == exported
    assert [p.alt_text for p in again.photos.all()] == ["Podium mit fünf Personen", "Flipchart"]
    page = client.get(again.get_absolute_url()).content.decode()
    assert 'alt="Podium mit fünf Personen"' in page
    assert page.index('alt="Podium mit fünf Personen"') < page.index('id="fotos-und-dateien"')
    assert "Folien des Vortrags" in page
    # The flipchart stands beside its table's results, not in the gallery.
    table = page[
        page.index('id="tisch-orte"') : page.index("</section>", page.index('id="tisch-orte"'))
    ]
    assert "Mehr Treffpunkte im Quartier" in table and 'alt="Flipchart"' in table
    assert page.count('alt="Flipchart"') == 1


def test_a_photo_beside_a_session_the_documentation_lacks_is_refused(hagen, media_root):
    photo = {"key": "flipchart", "file": "media/f.png", "alt_text": "Flipchart"}
    document = minimal(
        sessions=[{"slug": "tisch-orte", "title": "Orte", "kind": "thematic_table"}],
        photos=[{**photo, "session": "tisch-zeit"}],
    )
    bundle = bundle_of(document, {"media/f.png": image_bytes("PNG")})
    before = database_rows()
    unpacked = unpack(bundle)
    with pytest.raises(DocumentationError) as caught:
        documentation_import(data=unpacked.data, media=unpacked.media)
    assert [str(p) for p in caught.value.problems] == [
        "event.photos[0].session: Arbeitsphase „tisch-zeit“ gibt es in dieser Dokumentation nicht"
    ]
    assert database_rows() == before
    assert stored_files(media_root) == []


def test_a_plain_file_cannot_bring_photos(hagen):
    data = minimal(photos=[{"key": "p", "file": "media/p.jpg", "alt_text": "Bild"}])
    with pytest.raises(DocumentationError) as caught:
        documentation_import(data=data)
    assert str(caught.value.problems[0]).startswith(
        "event.photos[0].file: Fotos und Dateien kommen nur in einem ZIP-Archiv mit"
    )


def bundle_of(document: dict, files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("documentation.yaml", yaml.safe_dump(document, allow_unicode=True))
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_bad_photo_is_refused_with_its_place_and_nothing_is_stored(hagen, media_root):
    document = minimal(
        photos=[
            {"key": "gut", "file": "media/gut.jpg", "alt_text": "Gut"},
            {"key": "kaputt", "file": "media/kaputt.jpg", "alt_text": "Kaputt"},
        ]
    )
    bundle = bundle_of(document, {"media/gut.jpg": image_bytes(), "media/kaputt.jpg": pdf_bytes()})
    before = database_rows()
    unpacked = unpack(bundle)
    with pytest.raises(DocumentationError) as caught:
        documentation_import(data=unpacked.data, media=unpacked.media)
    assert [p.path for p in caught.value.problems] == ["event.photos[1].file"]
    assert database_rows() == before
    assert stored_files(media_root) == []


def test_a_failure_after_the_photos_were_stored_deletes_them_again(hagen, hagen_editor, media_root):
    # An editor's file that renames a shared network is refused only after the write (the
    # shared records are compared before and after it), when the photo is stored already.
    from stakeholders.models import Network

    Network.objects.create(slug="netz", name="Netz")
    document = minimal(photos=[{"key": "gut", "file": "media/gut.jpg", "alt_text": "Gut"}])
    document["networks"] = [{"slug": "netz", "name": "Anders"}]
    unpacked = unpack(bundle_of(document, {"media/gut.jpg": image_bytes()}))
    with pytest.raises(DocumentationError, match="Netzwerk „netz“"):
        documentation_import(data=unpacked.data, media=unpacked.media, user=hagen_editor)
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"../boese.jpg": b"x"}, "nur Dateien im Ordner media/"),
        ({"media/../../boese.jpg": b"x"}, "nur Dateien im Ordner media/"),
        ({}, None),
    ],
)
def test_an_archive_holds_the_documentation_and_media_only(hagen, files, message):
    bundle = bundle_of(minimal(), files)
    if message is None:
        assert unpack(bundle).media == {}
        return
    with pytest.raises(DocumentationError) as caught:
        unpack(bundle)
    assert message in str(caught.value)


def test_an_archive_without_documentation_or_too_big_is_refused(hagen, settings):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("media/bild.jpg", b"x")
    with pytest.raises(DocumentationError, match="genau eine Datei documentation.yaml"):
        unpack(buffer.getvalue())
    settings.DOCUMENTATION_MAX_BUNDLE_BYTES = 1_000
    bomb = bundle_of(minimal(), {"media/nullen.pdf": b"\0" * 100_000})
    assert len(bomb) < 5_000  # it packs small, and unpacks large
    with pytest.raises(DocumentationError, match="entpackt größer"):
        unpack(bomb)


def test_staff_export_and_import_the_bundle_in_the_admin(documented, hagen_editor, media_root):
    client = client_for(hagen_editor)
    response = client.get(reverse("admin:events_event_export", args=[documented.pk]))
    assert response["Content-Type"] == "application/zip"
    bundle = response.content
    documented.delete()
    response = client.post(
        reverse("admin:events_event_import"),
        {"file": SimpleUploadedFile("werkstatt.zip", bundle, "application/zip")},
    )
    assert response.status_code == 302
    again = Event.objects.get(slug="werkstatt")
    assert again.photos.count() == 2 and again.attachments.count() == 1


def test_an_export_whose_stored_file_is_gone_names_it_instead_of_failing(
    documented, hagen_editor, media_root, tmp_path
):
    gone = documented.attachments.get().file.name
    default_storage.delete(gone)
    client = client_for(hagen_editor)
    response = client.get(reverse("admin:events_event_export", args=[documented.pk]), follow=True)
    assert response.status_code == 200
    assert gone in [str(m) for m in response.context["messages"]][0]
    with pytest.raises(CommandError, match=gone):
        call_command("export_documentation", "werkstatt", output=str(tmp_path / "w.zip"))

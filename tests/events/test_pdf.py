"""The documentation as a PDF: cover, contents with page numbers, the outline in its order, pages
numbered "Seite x von y", tagged with title, author and language, cached until it changes.

The PDFs are read back with poppler's pdftotext, pdfinfo and pdfimages (Debian's poppler-utils,
installed by `make pdf-tools`).
"""

import re
import subprocess
import zlib

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

import events.pdf
from events.importer import documentation_import, documentation_load
from events.models import Contribution
from events.pdf import CACHE_FOLDER, StorageFetcher
from stakeholders.models import Organisation
from tests.conftest import client_for, make_event
from tests.events import test_faithful_dessau, test_faithful_hagen
from tests.events.faithful import assert_in_order
from tests.uploads import test_s3_two_servers
from tests.uploads.conftest import image_bytes, upload
from uploads.services import photo_create

pytestmark = pytest.mark.django_db

DEMO = settings.BASE_DIR / "demo" / "documentations"
BUCKET = test_s3_two_servers.BUCKET
s3_server = test_s3_two_servers.s3_server  # moto's S3 server with an empty bucket (a fixture)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _german():
    """German addresses from reverse(), whatever language an earlier request left active."""
    with translation.override("de"):
        yield


def pdf_of(event, client=None, **headers):
    response = (client or Client(HTTP_ACCEPT_LANGUAGE="de")).get(
        reverse("events:pdf", args=[event.slug]), **headers
    )
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return response


def _poppler(tool: str, data: bytes, *args: str) -> str:
    return subprocess.run(
        [tool, *args, "-", "-"] if tool == "pdftotext" else [tool, *args, "-"],
        input=data,
        capture_output=True,
        check=True,
    ).stdout.decode()


def pages_of(data: bytes) -> list[str]:
    """The text of each page, with single spaces."""
    return [" ".join(page.split()) for page in _poppler("pdftotext", data).split("\f")[:-1]]


def info_of(data: bytes) -> dict[str, str]:
    lines = _poppler("pdfinfo", data).splitlines()
    return dict(line.split(":", 1) for line in lines if ":" in line)


def catalogue_language(data: bytes) -> str:
    """The /Lang of the PDF, searched in its plain and its compressed objects."""
    chunks = [data]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            chunks.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            continue
    for chunk in chunks:
        if found := re.search(rb"/Lang\s*\(([^)]*)\)", chunk):
            return found.group(1).decode()
    return ""


@pytest.mark.parametrize(
    "file, chapters",
    [
        ("002-hagen-umsetzungskonferenz-2022.yaml", test_faithful_hagen.CHAPTERS),
        ("003-dessau-rosslau-selbstcheck-2020.yaml", test_faithful_dessau.CHAPTERS),
    ],
)
def test_the_pdf_has_cover_contents_with_page_numbers_and_the_chapters_in_order(file, chapters):
    event = documentation_import(data=documentation_load(DEMO / file)).event
    pages = pages_of(pdf_of(event).content)
    title = " ".join(event.title.split())

    cover, contents, body = pages[0], pages[1], " ".join(pages[2:])
    assert title in cover
    assert event.get_kind_display() in cover
    assert event.municipality.name in cover
    assert f"Seite 1 von {len(pages)}" in cover
    assert f"Seite {len(pages)} von {len(pages)}" in pages[-1]
    assert contents.startswith(f"{title} Inhalt")  # the running head, then the contents
    assert_in_order(contents, chapters)
    assert_in_order(body, chapters)
    # Each chapter's page number in the contents is the page its heading stands on.
    for chapter in chapters:
        heading = " ".join(chapter.split())
        number = re.search(re.escape(heading) + r"[\s.]*?(\d+)\b", contents)
        assert number, heading
        assert heading in pages[int(number.group(1)) - 1], (heading, number.group(1))


def test_the_cover_names_date_place_organisers_and_partners(hagen):
    event = make_event(
        hagen,
        slug="werkstatt",
        title="Werkstatt Ehrenamt",
        venue="Rathaus Hagen",
        summary="Eine Werkstatt für alle, die sich engagieren.",
    )
    event.organisers.add(
        Organisation.objects.create(name="Freiwilligenzentrale Hagen", slug="fwz", sector="civil")
    )
    event.partners.add(
        Organisation.objects.create(name="Stiftung Beispiel", slug="stiftung", sector="civil")
    )
    cover = pages_of(pdf_of(event).content)[0]
    for text in (
        "Werkstatt Ehrenamt",
        "Fachtagung · Hagen",  # the kind
        "Samstag, 27. August 2022",
        "Rathaus Hagen",
        "Veranstalter Freiwilligenzentrale Hagen",
        "Partner Stiftung Beispiel",
        "Eine Werkstatt für alle, die sich engagieren.",
    ):
        assert text in cover, text
    assert "Vorschau" not in cover


def test_title_author_language_tags_and_size_are_set(hagen_world):
    data = pdf_of(hagen_world["event"]).content
    info = info_of(data)
    assert info["Title"].strip() == "Konferenz hagen-konferenz"
    assert info["Author"].strip() == "Hagen"
    assert info["Tagged"].strip() == "yes"
    assert "(A4)" in info["Page size"]
    assert 'pdfuaid:part="1"' in _poppler("pdfinfo", data, "-meta")
    assert catalogue_language(data) == "de"


def test_the_english_pdf_is_labelled_in_english(hagen_world):
    with translation.override("en"):
        url = reverse("events:pdf", args=[hagen_world["event"].slug])
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get(url)
    assert response.status_code == 200
    pages = pages_of(response.content)
    assert f"Page 1 of {len(pages)}" in pages[0]
    assert "Contents" in pages[1]
    assert catalogue_language(response.content) == "en"


def test_a_draft_s_pdf_is_hidden_from_the_public_and_other_municipalities(
    hagen_world, hagen_editor, dortmund_editor
):
    url = reverse("events:pdf", args=[hagen_world["draft"].slug])
    assert Client().get(url).status_code == 404
    assert client_for(dortmund_editor).get(url).status_code == 404

    response = client_for(hagen_editor).get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "Vorschau" in pages_of(response.content)[0]


def test_an_unknown_documentation_and_a_post_get_no_pdf(hagen_world):
    assert Client().get(reverse("events:pdf", args=["gibt-es-nicht"])).status_code == 404
    url = reverse("events:pdf", args=[hagen_world["event"].slug])
    assert Client().post(url).status_code == 405


@pytest.fixture
def renders(monkeypatch):
    """How often WeasyPrint made a PDF."""
    calls = []
    real = events.pdf.render_pdf

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(events.pdf, "render_pdf", counting)
    return calls


def cached_files(event) -> list[str]:
    return default_storage.listdir(f"{CACHE_FOLDER}/{event.pk}/de")[1]


def test_an_unchanged_documentation_is_rendered_once_and_a_changed_one_again(hagen_world, renders):
    event, session = hagen_world["event"], hagen_world["session"]
    contribution = Contribution.objects.create(session=session, text="Ein Tag des Ehrenamts")
    first = pdf_of(event)
    second = pdf_of(event)
    assert len(renders) == 1
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]

    # A row without a change time of its own: what the PDF shows is the fingerprint.
    contribution.text = "Ein Fest des Ehrenamts"
    contribution.save()
    third = pdf_of(event)
    assert len(renders) == 2
    assert third["ETag"] != first["ETag"]
    assert "Ein Fest des Ehrenamts" in " ".join(pages_of(third.content))
    assert cached_files(event) == [third["ETag"].strip('"') + ".pdf"]  # the older one is gone


def test_the_pdfs_are_kept_in_the_bucket_that_all_app_servers_share(
    hagen_world, renders, settings, s3_server
):
    client, environment = s3_server
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": environment["MEDIA_S3_BUCKET"],
                "endpoint_url": environment["MEDIA_S3_ENDPOINT_URL"],
                "region_name": environment["MEDIA_S3_REGION"],
                "access_key": environment["MEDIA_S3_ACCESS_KEY_ID"],
                "secret_key": environment["MEDIA_S3_SECRET_ACCESS_KEY"],
                "addressing_style": "path",
                "file_overwrite": False,
            },
        },
    }
    event = hagen_world["event"]

    def stored() -> list[str]:
        listing = client.list_objects_v2(Bucket=BUCKET, Prefix=f"{CACHE_FOLDER}/{event.pk}/")
        return [item["Key"] for item in listing.get("Contents", [])]

    first = pdf_of(event)
    assert stored() == [f"{CACHE_FOLDER}/{event.pk}/de/{first['ETag'].strip(chr(34))}.pdf"]
    assert pdf_of(event).content == first.content
    assert len(renders) == 1

    event.title = "Konferenz mit neuem Titel"
    event.save()
    second = pdf_of(event)
    assert len(renders) == 2
    assert stored() == [f"{CACHE_FOLDER}/{event.pk}/de/{second['ETag'].strip(chr(34))}.pdf"]


def test_a_deleted_documentation_s_pdfs_go_with_it(hagen_world, django_capture_on_commit_callbacks):
    event = hagen_world["event"]
    stored = f"{CACHE_FOLDER}/{event.pk}/de/" + pdf_of(event)["ETag"].strip('"') + ".pdf"
    assert default_storage.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        event.delete()
    assert not default_storage.exists(stored)


def test_a_browser_that_has_the_pdf_gets_304(hagen_world, renders):
    event = hagen_world["event"]
    etag = pdf_of(event)["ETag"]
    response = Client(HTTP_ACCEPT_LANGUAGE="de").get(
        reverse("events:pdf", args=[event.slug]), HTTP_IF_NONE_MATCH=etag
    )
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert len(renders) == 1


def test_photos_are_read_from_the_storage_and_nothing_else_is_fetched(hagen_world):
    event = hagen_world["event"]
    photo_create(
        event=event,
        file=upload("foto.jpg", image_bytes("JPEG", (1200, 800)), "image/jpeg"),
        alt_text="Podium mit drei Personen",
        caption="Das Podium am Nachmittag",
    )
    data = pdf_of(event).content
    images = _poppler("pdfimages", data, "-list").splitlines()[2:]
    assert len(images) >= 2  # the cover photo and the gallery's
    assert "Das Podium am Nachmittag" in " ".join(pages_of(data))

    fetcher = StorageFetcher({})
    for url in ("http://127.0.0.1:8021/", "file:///etc/passwd", "https://example.org/logo.png"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_the_pdf_needs_no_more_queries_than_the_page(hagen_world):
    event = hagen_world["event"]
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    pdf_of(event, client)  # rendered and stored; now from the cache
    counts = []
    for url in (event.get_absolute_url(), reverse("events:pdf", args=[event.slug])):
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[1] <= counts[0]


def test_the_page_links_its_pdf(hagen_world):
    event = hagen_world["event"]
    page = Client(HTTP_ACCEPT_LANGUAGE="de").get(event.get_absolute_url()).content.decode()
    assert f'href="{reverse("events:pdf", args=[event.slug])}"' in page
    assert "PDF herunterladen" in page

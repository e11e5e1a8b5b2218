"""Uploaded photos and files on the event's public page: responsive images with their alternative
text, caption and credit; files with title, type and size; queries independent of their number."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import client_for
from tests.uploads.conftest import image_bytes, make_attachment, make_photo

pytestmark = pytest.mark.django_db


def _images(html: str) -> list[dict[str, str]]:
    return [
        dict(re.findall(r'([a-z-]+)="([^"]*)"', tag))
        for tag in re.findall(r"<img\b[^>]*>", html)
        if "/media/photos/" in tag
    ]


def test_an_uploaded_photo_is_on_the_public_page_in_sizes_for_phone_and_desktop(
    hagen_world, client
):
    event = hagen_world["event"]
    photo = make_photo(
        event,
        data=image_bytes("JPEG", (3000, 2000)),
        caption="Das Podium am Nachmittag",
        credit="Stadt Hagen",
        consent_note="Einwilligung liegt vor",
    )

    html = client.get(event.get_absolute_url()).content.decode()
    [img] = _images(html)
    assert img["alt"] == "Podium mit drei Personen vor einer Leinwand"
    assert [entry.rsplit(" ", 1)[1] for entry in img["srcset"].split(", ")] == [
        "480w",
        "960w",
        "1600w",
    ]
    assert img["sizes"] and img["loading"] == "lazy"
    # The space is kept before the image loads: its proportions, at the widest size.
    assert (img["width"], img["height"]) == ("1600", "1067")
    assert img["src"] == photo.sources[1][0]
    assert (
        "<figcaption><span>Das Podium am Nachmittag</span> · "
        '<span class="photo-credit">Foto: <span>Stadt Hagen</span></span></figcaption>'
    ) in html
    assert "Einwilligung" not in html  # the consent note is for the staff only

    for entry in img["srcset"].split(", "):
        response = client.get(entry.rsplit(" ", 1)[0])
        assert response.status_code == 200
        assert response["Content-Type"] == "image/webp"


def test_a_file_shows_its_title_type_and_size_with_a_download_link(hagen_world, client):
    attachment = make_attachment(hagen_world["event"], title="Anlage 2: Präsentation")
    html = client.get(hagen_world["event"].get_absolute_url()).content.decode()
    assert f'<a href="{attachment.url}">' in html
    assert "Anlage 2: Präsentation" in html
    assert f"(PDF, {attachment.size}\xa0Bytes)" in html
    assert client.get(attachment.url).status_code == 200


def test_a_drafts_photo_is_on_the_preview_for_its_editor_only(
    hagen_world, hagen_editor, dortmund_editor, client
):
    draft = hagen_world["draft"]
    photo = make_photo(draft)
    url = photo.sources[0][0]

    preview = client_for(hagen_editor).get(draft.get_absolute_url()).content.decode()
    assert url in preview
    assert client_for(hagen_editor).get(url).status_code == 200
    for visitor in (client, client_for(dortmund_editor)):
        assert visitor.get(draft.get_absolute_url()).status_code == 404
        assert visitor.get(url).status_code == 404


def test_the_page_needs_the_same_queries_for_one_photo_and_for_twelve(hagen_world, client):
    event = hagen_world["event"]
    small = image_bytes("PNG", (40, 30))
    make_photo(event, data=small)
    make_attachment(event)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(event.get_absolute_url()).status_code == 200
        return len(context.captured_queries)

    few = queries()
    for order in range(11):
        make_photo(event, data=small, order=order)
        make_attachment(event, order=order)
    assert queries() == few
    assert len(_images(client.get(event.get_absolute_url()).content.decode())) == 12


def test_a_flipchart_photo_stands_beside_its_sessions_results(hagen_world, client):
    from events.models import Contribution

    event, session = hagen_world["event"], hagen_world["session"]
    Contribution.objects.create(session=session, text="Zukunftsräte in jedem Stadtteil")
    make_photo(event, alt_text="Flipchart der Zukunftsräte", session=session)
    make_photo(event, alt_text="Plenum am Morgen", order=1)

    html = client.get(event.get_absolute_url()).content.decode()
    start = html.index(f'id="{session.slug}"')
    results = html[start : html.index("</section>", start)]
    beside = results[results.index('class="beside-photos"') :]
    assert "Zukunftsräte in jedem Stadtteil" in beside
    assert [img["alt"] for img in _images(beside)] == ["Flipchart der Zukunftsräte"]
    # The rest stand in the gallery, once each.
    assert [img["alt"] for img in _images(html)] == [
        "Flipchart der Zukunftsräte",
        "Plenum am Morgen",
    ]

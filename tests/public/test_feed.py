"""Finding 10: the Atom feed sends summaries as plain text and names an author (RFC 4287)."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.conftest import client_for, make_event

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _feed() -> ET.Element:
    response = client_for(None).get(reverse("events:feed"))
    assert response.status_code == 200
    return ET.fromstring(response.content)


@pytest.fixture
def events(hagen, dortmund):
    make_event(
        hagen,
        slug="hagen-konferenz",
        title="Umsetzungskonferenz <Hagen>",
        summary='Ergebnisse <script>alert(1)</script> & <a href="https://example.org">mehr</a>',
    )
    make_event(dortmund, slug="dortmund-fachtagung", title="Fachtagung", summary="Aktionsräume")
    make_event(dortmund, slug="ohne-zusammenfassung", title="Ohne", summary="")


def test_a_summary_is_plain_text_and_its_markup_arrives_as_characters(events):
    entries = {entry.findtext(f"{ATOM}title"): entry for entry in _feed().iter(f"{ATOM}entry")}
    summary = entries["Umsetzungskonferenz <Hagen>"].find(f"{ATOM}summary")
    assert summary.get("type") == "text"
    assert summary.text == (
        'Ergebnisse <script>alert(1)</script> & <a href="https://example.org">mehr</a>'
    )
    assert entries["Ohne"].find(f"{ATOM}summary") is None


def test_the_feed_and_every_entry_name_an_author(events):
    feed = _feed()
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Engagement-Portal"
    authors = {
        entry.findtext(f"{ATOM}title"): entry.findtext(f"{ATOM}author/{ATOM}name")
        for entry in feed.iter(f"{ATOM}entry")
    }
    assert authors == {
        "Umsetzungskonferenz <Hagen>": "Hagen",
        "Fachtagung": "Dortmund",
        "Ohne": "Dortmund",
    }


def test_control_characters_pasted_into_a_text_do_not_break_the_feed(hagen):
    # Word pastes a line break within a paragraph as a vertical tab, which XML 1.0 cannot hold.
    make_event(hagen, slug="aus-word", title="Aus\x0bWord", summary="Zeile eins\x0bZeile zwei")
    entry = next(_feed().iter(f"{ATOM}entry"))
    assert entry.findtext(f"{ATOM}title") == "Aus Word"
    assert entry.findtext(f"{ATOM}summary") == "Zeile eins Zeile zwei"

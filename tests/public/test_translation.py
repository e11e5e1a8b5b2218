"""German is the source language; the English translation is complete and compiled."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.conftest import client_for, make_event

PO_FILE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
SOURCES_IGNORED = [".venv", "tests", "staticfiles", "demo", "docs", "bench-results", "node_modules"]


def catalog(path: Path) -> dict[str, str]:
    """msgid → msgstr (first plural form) of a .po file, as the gettext tools read it."""
    output = subprocess.run(
        ["msgcat", "--no-wrap", "--sort-output", str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    entries, msgid, fuzzy = {}, None, False
    for line in output.splitlines():
        if line.startswith("#,"):
            fuzzy = "fuzzy" in line
        elif line.startswith("msgid "):
            msgid = line[7:-1]
        elif line.startswith(("msgstr ", "msgstr[0] ")) and msgid:
            entries[msgid] = "" if fuzzy else line.split(" ", 1)[1][1:-1]
            fuzzy = False
    return entries


needs_gettext = pytest.mark.skipif(
    shutil.which("msgcat") is None, reason="needs the gettext tools (apt-get install gettext)"
)


@needs_gettext
def test_every_message_has_an_english_translation():
    untranslated = [msgid for msgid, msgstr in catalog(PO_FILE).items() if not msgstr]
    assert untranslated == []


@needs_gettext
def test_the_translation_covers_every_string_of_the_source(tmp_path):
    """makemessages over a copy of the sources finds no string the committed catalogue lacks."""
    root = Path(settings.BASE_DIR)
    copy = tmp_path / "project"
    shutil.copytree(
        root,
        copy,
        ignore=shutil.ignore_patterns(
            *SOURCES_IGNORED, "locale", ".git", "*.sqlite3*", "__pycache__"
        ),
    )
    (copy / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete", "-v", "0"],
        cwd=copy,
        check=True,
        env={**os.environ, "SECRET_KEY": "x", "PYTHONPATH": str(copy)},
    )
    found = catalog(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")
    assert sorted(set(found) - set(catalog(PO_FILE))) == []


def test_the_compiled_catalogue_is_the_one_in_use():
    with translation.override("en"):
        assert translation.gettext("Dokumentationen durchsuchen") == "Search the documentation"
        assert translation.gettext("Name nicht veröffentlicht") == "Name not published"


@pytest.mark.django_db
def test_a_reader_gets_the_english_pages_at_their_english_addresses(hagen):
    event = make_event(hagen, slug="konferenz", title="Umsetzungskonferenz")
    client = client_for(None)
    for name, args in [("events:home", []), ("events:list", []), ("events:detail", [event.slug])]:
        with translation.override("en"):
            url = reverse(name, args=args)
        assert url.startswith("/en/")
        html = client.get(url).content.decode()
        assert '<html lang="en">' in html
        assert "Skip to content" in html and "Zum Inhalt springen" not in html


@pytest.mark.django_db
def test_the_language_switch_links_the_same_page_in_the_other_language(hagen):
    client = client_for(None)
    html = client.get("/events/?q=Ehrenamt").content.decode()
    assert '<a href="/en/events/?q=Ehrenamt" lang="en" hreflang="en">English</a>' in html
    english = client.get("/en/events/?q=Ehrenamt").content.decode()
    assert "Search term" in english
    assert '<a href="/events/?q=Ehrenamt" lang="de" hreflang="de">Deutsch</a>' in english
    assert "Suchbegriff" in client.get("/events/").content.decode()

"""Found and shared: every page has one address per language (German without a prefix, English
under /en/), names its canonical address and its other language, a documentation carries what
messengers show (OpenGraph), search engines get a sitemap and robots.txt and leave the live
pages alone, and the public pages print no CSRF token (so caches may keep them)."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.templatetags.static import static
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from stakeholders.models import Organisation
from tests.conftest import client_for, make_event
from tests.polls.conftest import make_run
from tests.test_settings import run_manage
from tests.uploads.conftest import make_photo
from tests.voting.conftest import make_vote

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def _english(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def _public_pages(world) -> list[str]:
    event, recommendation = world["event"], world["recommendation"]
    return [
        reverse("events:home"),
        reverse("events:list"),
        reverse("events:list") + "?q=Zukunftsr%C3%A4te",
        event.get_absolute_url(),
        reverse("recommendations:list"),
        recommendation.get_absolute_url(),
        reverse("stakeholders:index"),
        reverse("stakeholders:municipality", args=[event.municipality.slug]),
        reverse("legal:imprint"),
    ]


def _links(html: str, rel: str) -> list[tuple[str, str]]:
    """(hreflang or "", href) of each <link rel=…> in the page's head."""
    head = html.split("</head>")[0]
    found = []
    for tag in re.findall(r"<link [^>]*>", head):
        if f'rel="{rel}"' in tag and "application/atom+xml" not in tag:
            hreflang = re.search(r'hreflang="([^"]+)"', tag)
            href = re.search(r'href="([^"]+)"', tag)[1]
            found.append((hreflang.group(1) if hreflang else "", href))
    return found


def _meta(html: str, key: str) -> str | None:
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', html)
    return match.group(1) if match else None


# Addresses and languages


def test_a_german_address_is_german_whatever_the_browser_or_an_old_cookie_asks(hagen_world):
    client = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    client.cookies["django_language"] = "en"  # from the old language switch
    for url in _public_pages(hagen_world):
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="de">' in response.content.decode(), url
        assert response["Content-Language"] == "de"
        # The address is the whole key: a cache keeps one copy, not one per browser language.
        assert "accept-language" not in response.get("Vary", "").lower(), url


def test_the_english_pages_are_under_en_whatever_the_browser_asks(hagen_world):
    client = Client(HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    for url in _public_pages(hagen_world):
        response = client.get(f"/en{url}")
        assert response.status_code == 200, url
        html = response.content.decode()
        assert '<html lang="en">' in html and "Skip to content" in html, url
        assert "accept-language" not in response.get("Vary", "").lower(), url


def test_the_live_pages_answer_in_both_languages_and_keep_their_cookie_per_language(hagen_world):
    vote = make_vote(hagen_world["event"], code="FOUND1")
    german = Client().get(reverse("voting:participant", args=[vote.code]))
    english = Client().get(_english("voting:participant", vote.code))
    assert '<html lang="de">' in german.content.decode()
    assert '<html lang="en">' in english.content.decode()
    assert german.cookies["vote_participant"]["path"] == "/vote/"
    assert english.cookies["vote_participant"]["path"] == "/en/vote/"
    # A phone that types the code into the English join form lands on the English page.
    joined = Client().get(_english("voting:join"), {"code": vote.code.lower()})
    assert joined.status_code == 302 and joined["Location"].startswith("/en/vote/FOUND1/")


# What the head names


def test_each_public_page_names_its_canonical_address_and_both_languages(hagen_world):
    client = Client()
    for url in _public_pages(hagen_world):
        path = url.split("?")[0]
        html = client.get(url).content.decode()
        assert _links(html, "canonical") == [("", f"http://testserver{path}")], url
        assert _links(html, "alternate") == [
            ("de", f"http://testserver{path}"),
            ("en", f"http://testserver/en{path}"),
            ("x-default", f"http://testserver{path}"),
        ], url
        english = client.get(f"/en{url}").content.decode()
        assert _links(english, "canonical") == [("", f"http://testserver/en{path}")], url
        assert _links(english, "alternate") == _links(html, "alternate"), url


def test_a_later_page_of_a_list_is_its_own_canonical_address_and_a_search_is_not(hagen_world):
    html = Client().get("/events/?q=Hagen&page=2&year=2022").content.decode()
    assert _links(html, "canonical") == [("", "http://testserver/events/?page=2")]
    assert ("en", "http://testserver/en/events/?page=2") in _links(html, "alternate")


def test_site_url_makes_every_absolute_address(hagen_world, settings):
    settings.SITE_URL = "https://beteiligung.example.org"
    event = hagen_world["event"]
    html = Client().get(event.get_absolute_url()).content.decode()
    canonical = f"https://beteiligung.example.org/events/{event.slug}/"
    assert _links(html, "canonical") == [("", canonical)]
    assert _meta(html, "og:url") == canonical
    assert "Sitemap: https://beteiligung.example.org/sitemap.xml" in (
        Client().get("/robots.txt").content.decode()
    )
    sitemap = Client().get("/sitemap.xml").content.decode()
    assert f"<loc>{canonical}</loc>" in sitemap and "testserver" not in sitemap


def test_the_language_switch_is_a_link_to_the_same_page_with_its_query(hagen_world):
    event = hagen_world["event"]
    html = Client().get(event.get_absolute_url() + "?x=1").content.decode()
    switch = html.split('<nav class="language"')[1].split("</nav>")[0]
    assert "<form" not in switch and "<button" not in switch
    assert f'<a href="/en/events/{event.slug}/?x=1" lang="en" hreflang="en">English</a>' in switch
    assert f'<a href="/events/{event.slug}/?x=1" lang="de" hreflang="de" aria-current="page">' in (
        switch
    )


def test_an_unknown_address_switches_to_the_start_page_and_names_no_canonical_address(db):
    client = Client()
    client.raise_request_exception = False
    html = client.get("/en/gibt-es-nicht/").content.decode()
    assert '<a href="/" lang="de" hreflang="de">Deutsch</a>' in html
    assert _links(html, "canonical") == [] and _links(html, "alternate") == []


# What messengers show


def test_a_documentation_without_photos_shares_its_summary_and_the_portals_picture(hagen):
    event = make_event(
        hagen, slug="hagen-dialog", title="Bürgerdialog Hagen", summary="Was Hagen vorhat."
    )
    html = Client().get(event.get_absolute_url()).content.decode()
    assert _meta(html, "og:type") == "article"
    assert _meta(html, "og:title") == "Bürgerdialog Hagen"
    assert _meta(html, "og:description") == "Was Hagen vorhat."
    assert _meta(html, "og:url") == "http://testserver/events/hagen-dialog/"
    assert _meta(html, "og:locale") == "de_DE"
    assert _meta(html, "og:image") == f"http://testserver{static('og-default.png')}"
    assert finders.find("og-default.png")
    assert _meta(html, "twitter:card") == "summary"
    english = Client().get(_english("events:detail", event.slug)).content.decode()
    assert _meta(english, "og:locale") == "en_GB"
    assert _meta(english, "og:url") == "http://testserver/en/events/hagen-dialog/"


def test_a_documentation_with_a_photo_shares_a_stored_size_of_its_first_photo(
    hagen, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    event = make_event(hagen, slug="hagen-fotos")
    make_photo(event, alt_text="Podium mit drei Personen", order=0)
    client = Client()
    html = client.get(event.get_absolute_url()).content.decode()
    image = _meta(html, "og:image")
    assert re.fullmatch(r"http://testserver/media/photos/[0-9a-f-]+/\d+\.webp", image)
    assert _meta(html, "og:image:alt") == "Podium mit drei Personen"
    assert _meta(html, "twitter:card") == "summary_large_image"
    picture = client.get(image.removeprefix("http://testserver"))
    assert picture.status_code == 200 and picture["Content-Type"] == "image/webp"


def test_a_draft_preview_asks_not_to_be_indexed(hagen_world, hagen_editor):
    draft = hagen_world["draft"]
    html = client_for(hagen_editor).get(draft.get_absolute_url()).content.decode()
    assert '<meta name="robots" content="noindex">' in html
    published = Client().get(hagen_world["event"].get_absolute_url()).content.decode()
    assert 'name="robots"' not in published


# No token on public pages


def test_public_pages_print_no_csrf_token_and_set_no_cookie(hagen_world):
    client = Client()
    for url in _public_pages(hagen_world) + [f"/en{url}" for url in _public_pages(hagen_world)]:
        response = client.get(url)
        html = response.content.decode()
        assert "csrfmiddlewaretoken" not in html and "X-CSRFToken" not in html, url
        assert "hx-headers" not in html, url
        assert not response.cookies, (url, list(response.cookies))


def test_pages_with_forms_keep_their_csrf_protection(hagen_world):
    vote = make_vote(hagen_world["event"], code="FOUND2")
    for url in (reverse("legal:accessibility"), reverse("voting:participant", args=[vote.code])):
        response = Client().get(url)
        assert 'name="csrfmiddlewaretoken"' in response.content.decode(), url
    refused = Client(enforce_csrf_checks=True).post(
        reverse("legal:feedback"), {"message": "Zu kleine Schrift"}
    )
    assert refused.status_code == 403


# Sitemap and robots.txt


def _sitemap() -> dict[str, dict[str, str]]:
    """loc → {hreflang: href} of the sitemap's entries."""
    response = Client().get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    entries = {}
    for url in ET.fromstring(response.content).iter(f"{SITEMAP}url"):
        links = {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}
        entries[url.find(f"{SITEMAP}loc").text] = links
    return entries


def test_the_sitemap_names_every_public_page_in_both_languages(hagen_world, dortmund):
    event, draft = hagen_world["event"], hagen_world["draft"]
    organiser = Organisation.objects.create(name="Freiwilligenagentur Hagen", slug="fwa-hagen")
    event.organisers.add(organiser)
    entries = _sitemap()
    base = "http://testserver"
    for path in [
        "/",
        "/events/",
        "/recommendations/",
        "/stakeholders/",
        "/selbstcheck/",
        "/impressum/",
        "/datenschutz/",
        "/barrierefreiheit/",
        event.get_absolute_url(),
        hagen_world["recommendation"].get_absolute_url(),
        reverse("stakeholders:municipality", args=["hagen"]),
        reverse("stakeholders:organisation", args=["fwa-hagen"]),
    ]:
        alternates = {"de": base + path, "en": f"{base}/en{path}", "x-default": base + path}
        assert entries.get(base + path) == alternates, path
        assert entries.get(f"{base}/en{path}") == alternates, path
    locations = " ".join(entries)
    assert draft.slug not in locations
    assert "/stakeholders/municipalities/dortmund/" not in locations  # nothing published
    assert "/vote/" not in locations and "/admin/" not in locations


def test_the_sitemap_names_when_a_documentation_changed(hagen_world):
    event = hagen_world["event"]
    body = Client().get("/sitemap.xml").content.decode()
    entry = body.split(f"<loc>http://testserver{event.get_absolute_url()}</loc>")[1]
    # The day in the site's time zone (Europe/Berlin): an hour a day it is not UTC's.
    changed = timezone.localtime(event.updated_at).date().isoformat()
    assert entry.startswith(f"<lastmod>{changed}</lastmod>")


def test_the_sitemap_costs_the_same_queries_for_one_documentation_or_twelve(hagen):
    make_event(hagen, slug="erste")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert Client().get("/sitemap.xml").status_code == 200
        return len(captured)

    few = queries()
    for number in range(11):
        make_event(hagen, slug=f"weitere-{number}")
    assert queries() == few
    assert few <= 12


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_private_areas(db):
    response = Client().get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    disallowed = {line.removeprefix("Disallow: ") for line in lines if line.startswith("Disallow")}
    assert disallowed == {
        "/admin/",
        "/vote/",
        "/poll/",
        "/fragen/",
        "/selbstcheck/fragebogen/",
        "/en/admin/",
        "/en/vote/",
        "/en/poll/",
        "/en/fragen/",
        "/en/selbstcheck/fragebogen/",
    }
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_live_pages_and_questionnaires_tell_every_crawler_not_to_index_them(
    hagen_world, hagen_editor
):
    vote = make_vote(hagen_world["event"], code="FOUND3")
    run = make_run(hagen_world["event"], code="FOUND4")
    citizen, editor = Client(), client_for(hagen_editor)
    for client, url in [
        (citizen, reverse("voting:join")),
        (citizen, reverse("voting:participant", args=[vote.code])),
        (citizen, _english("voting:participant", vote.code)),
        (citizen, reverse("voting:results", args=[vote.code])),
        (editor, reverse("voting:projector", args=[vote.code])),
        (citizen, reverse("polls:join")),
        (citizen, reverse("polls:participant", args=[run.code])),
        (citizen, reverse("polls:state", args=[run.code])),
        (citizen, reverse("assessments:questionnaire", args=["kein-gueltiger-link"])),
    ]:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert response["X-Robots-Tag"] == "noindex, nofollow", url
    public = Client().get(hagen_world["event"].get_absolute_url())
    assert "X-Robots-Tag" not in public


def test_favicon_ico_leads_to_the_icon(db):
    response = Client().get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("favicon.ico")
    with open(finders.find("favicon.ico"), "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # an ICO file
    html = Client().get("/").content.decode()
    assert f'<link rel="icon" href="{static("favicon.svg")}" type="image/svg+xml">' in html


def test_a_site_url_with_a_path_stops_the_start():
    result = run_manage("check", DEBUG="1", SITE_URL="https://beteiligung.example.org/portal")
    assert result.returncode != 0
    assert "SITE_URL must be a scheme and a host" in result.stderr
    trailing_slash = run_manage("check", DEBUG="1", SITE_URL="https://beteiligung.example.org/")
    assert trailing_slash.returncode == 0

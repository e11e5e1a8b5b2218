"""The operator's pages: at stable addresses in German and English, linked in every footer, the
operator's text (sanitised) or else the portal's template, marked where it must be completed."""

import pytest
from django.test import Client
from django.urls import reverse

from legal.models import LegalPage
from tests.conftest import make_event

pytestmark = pytest.mark.django_db

PAGES = {
    "legal:imprint": ("/impressum/", "Impressum", "Legal notice"),
    "legal:privacy": ("/datenschutz/", "Datenschutzerklärung", "Privacy statement"),
    "legal:accessibility": (
        "/barrierefreiheit/",
        "Erklärung zur Barrierefreiheit",
        "Accessibility statement",
    ),
    "legal:easy_language": ("/leichte-sprache/", "Leichte Sprache", "Easy Read"),
    "legal:sign_language": (
        "/gebaerdensprache/",
        "Deutsche Gebärdensprache",
        "German Sign Language",
    ),
}
FOOTER_LINKS = ["legal:imprint", "legal:privacy", "legal:accessibility", "legal:easy_language"]


def _get(url: str, language: str = "de"):
    """The German page at its address, the English one at the same address under /en/."""
    return Client().get(url if language == "de" else f"/{language}{url}")


def _write(kind: str, **fields) -> LegalPage:
    page, _ = LegalPage.objects.get_or_create(kind=kind)
    for name, value in fields.items():
        setattr(page, name, value)
    page.save()
    return page


@pytest.mark.parametrize("name", PAGES)
def test_each_page_answers_at_its_stable_address_in_german_and_english(name):
    address, german, english = PAGES[name]
    assert reverse(name) == address
    response = _get(address, "de")
    assert response.status_code == 200
    assert f'<h1 id="page-title">{german}</h1>' in response.content.decode()
    response = _get(address, "en")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert f'<h1 id="page-title">{english}</h1>' in response.content.decode()


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_feedback_page_answers_in_german_and_english(language):
    response = _get(reverse("legal:feedback"), language)
    assert response.status_code == 200
    assert ("Barriere melden" if language == "de" else "Report a barrier") in (
        response.content.decode()
    )


def test_the_footer_of_every_public_page_links_the_pages(hagen):
    event = make_event(hagen, slug="hagen-konferenz")
    for url in (
        reverse("events:home"),
        reverse("events:list"),
        event.get_absolute_url(),
        reverse("legal:privacy"),
        "/gibt-es-nicht/",
    ):
        response = _get(url)
        footer = response.content.decode().split('<footer class="site-footer">')[1]
        for name in [*FOOTER_LINKS, "legal:sign_language"]:
            assert f'href="{reverse(name)}"' in footer, (url, name)
        assert f'href="{reverse("legal:feedback")}?page=' in footer


def test_the_start_page_points_to_leichte_sprache_and_sign_language():
    page = _get(reverse("events:home")).content.decode()
    main = page.split('<main id="main"')[1].split("</main>")[0]
    assert f'href="{reverse("legal:easy_language")}"' in main
    assert f'href="{reverse("legal:sign_language")}"' in main


@pytest.mark.parametrize("kind", ["imprint", "privacy", "accessibility"])
def test_without_the_operators_text_the_template_is_shown_marked_to_complete(kind):
    LegalPage.objects.filter(kind=kind).update(body_de="", body_en="")
    page = _get(LegalPage(kind=kind).get_absolute_url()).content.decode()
    assert "Vorlage, noch nicht vervollständigt." in page
    assert "<mark>[" in page


@pytest.mark.parametrize("kind", ["imprint", "privacy", "accessibility"])
def test_a_missing_row_shows_the_template_too(kind):
    LegalPage.objects.filter(kind=kind).delete()
    response = _get(LegalPage(kind=kind).get_absolute_url())
    assert response.status_code == 200
    assert "Vorlage, noch nicht vervollständigt." in response.content.decode()


def test_the_operators_text_replaces_the_template():
    _write("imprint", body_de="<h2>Herausgeber</h2><p>Stadt Hagen, Rathausstraße 11</p>")
    page = _get(reverse("legal:imprint")).content.decode()
    assert "<p>Stadt Hagen, Rathausstraße 11</p>" in page
    assert "Vorlage, noch nicht vervollständigt." not in page
    assert "<mark>[" not in page
    assert "Stand:" in page


def test_english_readers_get_the_german_text_marked_as_german_when_none_is_written_in_english():
    _write("imprint", body_de="Stadt Hagen", body_en="")
    page = _get(reverse("legal:imprint"), "en").content.decode()
    assert "This page is available in German only." in page
    assert '<div class="legal-text" lang="de">' in page
    assert "<p>Stadt Hagen</p>" in page


def test_english_readers_get_the_english_text_when_it_is_written():
    _write("imprint", body_de="Stadt Hagen", body_en="City of Hagen")
    page = _get(reverse("legal:imprint"), "en").content.decode()
    assert "<p>City of Hagen</p>" in page
    assert "Stadt Hagen" not in page
    assert "German only" not in page


def test_the_operators_html_keeps_the_allowed_tags_and_loses_everything_else():
    _write(
        "privacy",
        body_de=(
            '<h2 onclick="steal()">Kontakt</h2><script>alert(1)</script>'
            '<p style="color:red">Mail: <a href="javascript:alert(1)">hier</a> '
            '<a href="mailto:datenschutz@hagen.de">datenschutz@hagen.de</a></p>'
            '<iframe src="https://tracker.example"></iframe><img src=x onerror=alert(1)>'
            '<p lang="en">in English</p>'
        ),
    )
    text = _get(reverse("legal:privacy")).content.decode().split('class="legal-text"')[1]
    text = text.split("</article>")[0]
    assert "<h2>Kontakt</h2>" in text
    assert "mailto:datenschutz@hagen.de" in text
    assert '<p lang="en">in English</p>' in text
    for gone in ("script", "alert", "onclick", "style=", "javascript:", "iframe", "<img"):
        assert gone not in text, gone


def test_plain_text_becomes_paragraphs_and_is_escaped():
    _write("imprint", body_de="Stadt Hagen\nRathausstraße 11\n\nKinder < 14 & Eltern")
    page = _get(reverse("legal:imprint")).content.decode()
    assert "<p>Stadt Hagen<br>Rathausstraße 11</p>" in page
    assert "<p>Kinder &lt; 14 &amp; Eltern</p>" in page


def test_the_sign_language_page_says_plainly_that_no_video_exists_yet():
    page = _get(reverse("legal:sign_language")).content.decode()
    assert "Ein Video in Deutscher Gebärdensprache gibt es für dieses Portal noch nicht." in page
    assert "<video" not in page
    assert f'href="{reverse("legal:easy_language")}"' in page


def test_the_sign_language_page_shows_the_operators_video_with_its_text():
    _write(
        "sign_language",
        video_url="https://www.hagen.de/medien/portal-dgs.mp4",
        body_de="Im Video erklären wir das Portal.",
    )
    response = _get(reverse("legal:sign_language"))
    page = response.content.decode()
    assert '<video class="sign-video" src="https://www.hagen.de/medien/portal-dgs.mp4"' in page
    assert 'preload="none"' in page
    assert "<p>Im Video erklären wir das Portal.</p>" in page
    assert "noch nicht" not in page
    # The policy lets this one origin's video play, and nothing else changes.
    policy = response.headers["Content-Security-Policy"]
    assert "media-src 'self' https://www.hagen.de" in policy
    assert "script-src 'self'" in policy


def test_the_policy_names_the_videos_host_and_port_and_nothing_else_of_its_address():
    _write("sign_language", video_url="https://medien:geheim@cdn.hagen.de:8443/dgs.mp4?x=1")
    policy = _get(reverse("legal:sign_language")).headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["media-src"] == "'self' https://cdn.hagen.de:8443"
    assert "geheim" not in policy


def test_a_video_on_this_site_needs_no_change_of_the_policy():
    _write("sign_language", video_url="/media/dgs/portal.mp4")
    response = _get(reverse("legal:sign_language"))
    assert 'src="/media/dgs/portal.mp4"' in response.content.decode()
    assert "media-src" not in response.headers["Content-Security-Policy"]


def test_the_accessibility_statement_lists_the_missing_sign_language_video_until_one_exists():
    missing = "Die Erläuterungen in Deutscher Gebärdensprache fehlen noch."
    assert missing in _get(reverse("legal:accessibility")).content.decode()
    _write("sign_language", video_url="/media/dgs/portal.mp4")
    assert missing not in _get(reverse("legal:accessibility")).content.decode()


def test_the_leichte_sprache_page_is_complete_without_the_operator():
    page = _get(reverse("legal:easy_language")).content.decode()
    assert "Vorlage" not in page
    for heading in ("Die Start-Seite", "Suchen", "Listen", "Die Seite von einem Treffen"):
        assert f"<h2>{heading}</h2>" in page
    assert "<h2>Handlungs-Empfehlungen</h2>" in page
    assert "<h2>Mit dem Handy abstimmen</h2>" in page
    assert f'href="{reverse("voting:join")}"' in page


@pytest.mark.parametrize("name", PAGES)
def test_the_pages_ask_the_database_little(name, django_assert_max_num_queries):
    # The page's row; the accessibility statement also asks whether a sign-language video exists.
    with django_assert_max_num_queries(2):
        assert _get(reverse(name)).status_code == 200

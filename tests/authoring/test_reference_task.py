"""In Chromium, the staff's reference task in the documentation editor, exactly as
`make bench-authoring` performs it (scripts/bench_authoring.py): at most 4 page loads and 20
actions, and the public page shows what was entered."""

import importlib.util
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from events.models import Contribution, Event, EventRole, Quote
from recommendations.models import Priority
from stakeholders.models import EditorMembership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_BENCH = Path(__file__).resolve().parents[2] / "scripts" / "bench_authoring.py"


@pytest.fixture(autouse=True)
def _pages_closed_before_the_database_is_emptied(transactional_db, chromium):
    """The editor saves by itself: a save still under way when a test ends would hold the live
    server's SQLite table while the test database is emptied. Close the pages first."""
    yield
    for context in chromium.contexts:
        for page in context.pages:
            page.wait_for_load_state("networkidle", timeout=10_000)  # every save answered
        context.close()


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_authoring", _BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_reference_task_in_the_editor(live_server, browser, hagen, bench, tmp_path):
    user = get_user_model().objects.create_user(
        bench.USERNAME, password=bench.PASSWORD, is_staff=True
    )
    EditorMembership.objects.create(user=user, municipality=hagen)
    page = browser.new_context(locale="de-DE").new_page()
    page.set_default_timeout(15_000)

    run, missing = bench.author_in_editor(page, live_server.url, bench.flipchart_photo(tmp_path))

    assert missing == []
    loads, actions = sum(row[1] for row in run.rows), sum(row[2] for row in run.rows)
    assert (loads, actions) == (4, 20), run.rows
    event = Event.objects.get()
    bullets = Contribution.objects.filter(session__event=event)
    assert event.status == "published"
    assert (bullets.filter(parent=None).count(), bullets.exclude(parent=None).count()) == (13, 4)
    assert Quote.objects.filter(session__event=event).count() == 2
    role = EventRole.objects.get(session__event=event)
    assert (role.role, role.person.name, role.person.publish_name) == (
        "moderation",
        bench.MODERATOR,
        True,
    )
    assert sorted(Priority.objects.values_list("points", flat=True)) == sorted(bench.DOT_COUNTS)
    assert list(event.photos.values_list("alt_text", flat=True)) == [bench.ALT_TEXT]


def test_an_error_keeps_the_input_and_stands_at_its_field(live_server, browser, hagen_world, bench):
    user = get_user_model().objects.create_user("ed", password="pw", is_staff=True)
    EditorMembership.objects.create(user=user, municipality=hagen_world["draft"].municipality)
    page = browser.new_context(locale="de-DE").new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "ed")
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/dokumentation/{hagen_world['draft'].pk}/")
    counts = page.locator("[name=counts-counts]")
    counts.fill("Agentur\t14\nPlattform\tneun")
    counts.blur()
    error = page.locator("[data-field=counts] .errorlist")
    error.wait_for()
    assert "Zeile 2" in error.inner_text()
    assert counts.input_value() == "Agentur\t14\nPlattform\tneun"
    assert counts.get_attribute("aria-invalid") == "true"
    assert not Priority.objects.exists()
    counts.fill("Agentur\t14\nPlattform\t9")
    counts.blur()
    page.locator("#priorities td", has_text="Plattform").wait_for()
    assert counts.input_value() == ""
    assert page.locator("[data-field=counts] .errorlist").count() == 0


def test_the_editor_has_no_axe_violations(live_server, browser, hagen_world, bench, tmp_path):
    """The editor with a session, a chapter and a photo waiting for its alternative text."""
    from tests.public.browser import axe_violations

    draft = hagen_world["draft"]
    user = get_user_model().objects.create_user("ed", password="pw", is_staff=True)
    EditorMembership.objects.create(user=user, municipality=draft.municipality)
    draft.sessions.create(slug="t", kind="workshop", title="Werkstatt")
    draft.chapters.create(number="1", title="Begrüßung")
    page = browser.new_context(locale="de-DE", bypass_csp=True).new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "ed")
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    found = axe_violations(page)
    assert found == [], found[0]["nodes"]  # the start page with the new documentation's form
    page.goto(f"{live_server.url}/admin/dokumentation/{draft.pk}/")
    page.get_by_role("button", name="Arbeitsphase hinzufügen").click()
    page.locator("[data-photo-files]").set_input_files(str(bench.flipchart_photo(tmp_path)))
    page.locator(".photo-pending").wait_for()
    found = axe_violations(page)
    assert found == [], found[0]["nodes"]
    # It fits a 1280 px screen: no sideways scrolling.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.screenshot(path=tmp_path / "editor-1280.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_bullets_pasted_with_the_keyboard_are_saved_at_once(
    live_server, browser, hagen_world, bench, tmp_path
):
    """Ctrl+V into a session's bullets saves without leaving the field; the list shows them and
    the field is empty again; two photos dropped at once each ask for their text."""
    draft = hagen_world["draft"]
    session = draft.sessions.create(slug="t", kind="workshop", title="Werkstatt")
    user = get_user_model().objects.create_user("ed", password="pw", is_staff=True)
    EditorMembership.objects.create(user=user, municipality=draft.municipality)
    context = browser.new_context(locale="de-DE", permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "ed")
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/dokumentation/{draft.pk}/")
    page.evaluate("text => navigator.clipboard.writeText(text)", "\uf0b7\tEins\r\n\to\tZwei\r\n")
    bullets = page.locator(f"[name=s{session.pk}-bullets]")
    bullets.focus()
    page.keyboard.press("Control+V")
    page.locator(f"#results-{session.pk}").get_by_text("Zwei", exact=True).wait_for()
    assert bullets.input_value() == ""
    stored = Contribution.objects.filter(session=session)
    assert [(c.text, c.parent and c.parent.text) for c in stored] == [
        ("Eins", None),
        ("Zwei", "Eins"),
    ]
    # Two photos at once: each asks for its alternative text, the first has the focus.
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    photos = [str(bench.flipchart_photo(first)), str(bench.flipchart_photo(second))]
    page.locator("[data-photo-files]").set_input_files(photos)
    alts = page.locator(".photo-pending input[name$=alt_text]")
    assert alts.count() == 2
    assert alts.first.evaluate("field => field === document.activeElement")
    alts.nth(1).fill("Zweites Flipchart mit Punkten")
    alts.nth(1).blur()
    page.locator("#photo-list .photo-card").wait_for()
    assert list(draft.photos.values_list("alt_text", flat=True)) == [
        "Zweites Flipchart mit Punkten"
    ]
    assert page.locator(".photo-pending").count() == 1


def _editor_page(browser, live_server, draft, **context):
    user = get_user_model().objects.create_user("ed", password="pw", is_staff=True)
    EditorMembership.objects.create(user=user, municipality=draft.municipality)
    page = browser.new_context(locale="de-DE", **context).new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "ed")
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/dokumentation/{draft.pk}/")
    return page


def test_nothing_is_saved_twice_and_the_outline_follows_its_buttons(
    live_server, browser, hagen_world
):
    """Bullets pasted before a new session has its title, and bullets typed on after a paste,
    are each stored once; a chapter moved or deleted moves or goes on the page at once."""
    draft = hagen_world["draft"]
    page = _editor_page(
        browser, live_server, draft, permissions=["clipboard-read", "clipboard-write"]
    )
    page.get_by_role("button", name="Arbeitsphase hinzufügen").click()
    card = page.locator(".session-card").last
    bullets = card.locator("textarea[name$=-bullets]")
    page.evaluate("text => navigator.clipboard.writeText(text)", "Eins\nZwei")
    bullets.focus()
    page.keyboard.press("Control+V")
    card.locator("[data-field=title] .errorlist").wait_for()  # no title yet: nothing saved
    assert bullets.input_value() == "Eins\nZwei"
    card.locator("input[name$=-title]").fill("Werkstatt")
    card.locator("input[name$=-title]").press("Tab")
    page.get_by_text("Gespeichert: 2 Stichpunkte.").first.wait_for()
    session = draft.sessions.get()
    # Pasted, then typed on before leaving the field: the paste is saved at once, the rest later.
    bullets = page.locator(f"[name=s{session.pk}-bullets]")
    page.evaluate("text => navigator.clipboard.writeText(text)", "Drei\nVier")
    bullets.focus()
    page.keyboard.press("Control+V")
    # Saved at once; while its save is under way the field waits (read-only), then it is empty.
    # (Waited for in the results: the field is empty also before the paste has arrived.)
    page.locator(f"#results-{session.pk}").get_by_text("Vier", exact=True).wait_for()
    expect(bullets).to_have_value("")
    expect(bullets).to_be_editable()
    bullets.press("End")
    bullets.type("\nFünf")
    bullets.press("Tab")
    page.locator(f"#results-{session.pk}").get_by_text("Fünf", exact=True).wait_for()
    page.wait_for_timeout(2000)  # a later save, if any, would come now
    texts = list(Contribution.objects.filter(session=session).values_list("text", flat=True))
    assert texts == ["Eins", "Zwei", "Drei", "Vier", "Fünf"]

    for title in ("Begrüßung", "Ergebnisse"):
        page.locator("[name=newchapter-title]").fill(title)
        page.get_by_role("button", name="Kapitel hinzufügen").click()
        page.locator("#outline-list input[name$=-title]").nth(
            0 if title == "Begrüßung" else 1
        ).wait_for()
    titles = page.locator("#outline-list input[name$=-title]")
    page.locator("#outline-list li.editor-card").nth(1).get_by_role(
        "button", name="Nach oben"
    ).click()
    expect(titles.first).to_have_value("Ergebnisse")
    assert list(draft.chapters.values_list("title", flat=True)) == ["Ergebnisse", "Begrüßung"]
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#outline-list li.editor-card").first.get_by_role("button", name="Löschen").click()
    expect(titles).to_have_count(1)
    expect(titles.first).to_have_value("Begrüßung")


def test_a_new_card_can_be_discarded_and_a_new_name_starts_without_consent(
    live_server, browser, hagen_world
):
    draft = hagen_world["draft"]
    page = _editor_page(browser, live_server, draft)
    add = page.get_by_role("button", name="Arbeitsphase hinzufügen")
    add.click()
    card = page.locator(".session-card").last
    page.once("dialog", lambda dialog: dialog.accept())
    card.get_by_role("button", name="Arbeitsphase löschen").click()
    expect(page.locator(".session-card")).to_have_count(0)
    expect(add).to_be_enabled()
    assert not draft.sessions.exists()

    add.click()
    card = page.locator(".session-card").last
    consent = card.get_by_label("Name veröffentlichen (Einwilligung liegt vor)")
    consent.check()
    card.locator("input[name$=-moderator]").type("Bernd Neu")
    expect(consent).not_to_be_checked()  # another name: nobody's consent yet

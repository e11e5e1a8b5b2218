"""The dot-vote's projector in headless Chromium at 1024×768, 1280×720 and 1920×1080: never
scrolled, the code on one line, the QR code at least 40 % of the screen's height, the top of a
long ranking in view (the rest on further pages), no buttons; the staff page switches its view.
Screenshots of each size go to the test's tmp_path."""

import re

import pytest
from django.urls import reverse

from recommendations.models import Recommendation
from tests.public.browser import wait_until
from tests.voting.conftest import make_vote
from tests.voting.projector_screen import (
    MEASURE,
    SIZES,
    assert_fits,
    assert_join_view,
    assert_rows_in_view,
    staff_context,
)
from voting.services import paper_counts_save

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOP = 5  # the ranked items that must be on the first page at every size

LONG_TITLES = [
    "Ehrenamtliche Strukturen in den Quartieren dauerhaft stärken und hauptamtlich begleiten",
    "Eine zentrale Anlaufstelle für Engagement in der Stadtverwaltung einrichten",
    "Vereine bei Bürokratie, Versicherung und Datenschutz spürbar entlasten",
]


def ranked_vote(event, *, items=17, code="WERKSTATT"):
    """A vote whose items all have paper dots, each a different number: a known ranking."""
    vote = make_vote(event, code=code, items=items, labels=())
    for recommendation, title in zip(
        Recommendation.objects.filter(slug__startswith=code.lower()).order_by("order"),
        LONG_TITLES,
        strict=False,
    ):
        recommendation.title = title
        recommendation.save()
    ordered = list(vote.items.order_by("order", "id"))
    paper_counts_save(vote=vote, counts={item.pk: 40 - i for i, item in enumerate(ordered)})
    return vote, [item.title for item in vote.items.order_by("order", "id")]


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_dot_vote_projector_fits_the_screen_in_both_views(
    browser, live_server, hagen_world, hagen_editor, tmp_path, width, height
):
    vote, titles = ranked_vote(hagen_world["event"])
    _context, page = staff_context(browser, live_server, hagen_editor, width, height)
    page.goto(live_server.url + reverse("voting:projector", args=[vote.code]))
    page.wait_for_timeout(400)  # the code is fitted in the first frame

    # An open vote starts with the way in.
    join = page.evaluate(MEASURE)
    page.screenshot(path=tmp_path / f"dot-vote-join-{width}x{height}.png")
    assert_fits(join)
    assert_join_view(join, "WERKSTATT")

    page.keyboard.press("e")
    expect(page.locator("[data-projector-screen]")).to_have_attribute("data-view", "results")
    page.wait_for_timeout(300)
    results = page.evaluate(MEASURE)
    page.screenshot(path=tmp_path / f"dot-vote-results-{width}x{height}.png")
    assert_fits(results)
    assert_rows_in_view(results, titles[:TOP])
    assert results["rowCount"] == 17
    # As many as fit; the others on further pages that say so.
    if len(results["rows"]) < 17:
        assert results["pager"].startswith("Seite 1/"), results["pager"]
    print(f"\n{width}x{height}: {len(results['rows'])} of 17 rows on a page, {results['pager']!r}")

    # The code stays in view while the result shows, small and on one line.
    strip = page.locator(".projector-strip-code")
    expect(strip).to_be_visible()
    strip_box = strip.bounding_box()
    assert strip_box["height"] < 2 * 0.9 * float(
        strip.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
    )
    assert strip_box["x"] + strip_box["width"] <= width

    page.keyboard.press("m")
    expect(page.locator("[data-projector-screen]")).to_have_attribute("data-view", "join")
    assert page.url.endswith("#mitmachen")


def test_a_long_ranking_turns_its_pages(browser, live_server, hagen_world, hagen_editor):
    vote, titles = ranked_vote(hagen_world["event"], items=30)
    _context, page = staff_context(browser, live_server, hagen_editor, 1280, 720)
    page.goto(live_server.url + reverse("voting:projector", args=[vote.code]) + "#ergebnis")
    pager = page.locator("[data-pager]")
    expect(pager).to_have_text(re.compile(r"^Seite 1/[2-9]$"))
    pages = pager.inner_text().split("/")[1]
    first_page = page.evaluate(MEASURE)
    expect(pager).to_have_text(f"Seite 2/{pages}", timeout=10_000)
    second_page = page.evaluate(MEASURE)
    assert_fits(second_page)
    shown = len(first_page["rows"])
    assert_rows_in_view(second_page, titles[shown : shown + 3])
    # The places go on counting on the second page: its first row is number shown + 1.
    counter = page.locator("[data-ranking]").evaluate("e => e.style.counterReset")
    assert counter == f"rank {shown}"

    # P holds the page (WCAG 2.2.2), and says so; P again lets it turn.
    page.keyboard.press("p")
    expect(pager).to_have_text(f"Seite 2/{pages}, angehalten")
    page.wait_for_timeout(8_500)
    expect(pager).to_have_text(f"Seite 2/{pages}, angehalten")
    page.keyboard.press("p")
    expect(pager).to_have_text(re.compile(rf"^Seite [13]/{pages}$"), timeout=10_000)


def test_the_staff_page_on_another_device_switches_the_projector(
    browser, live_server, hagen_world, hagen_editor
):
    vote, _titles = ranked_vote(hagen_world["event"], items=4)
    _context, projector = staff_context(browser, live_server, hagen_editor, 1280, 720)
    projector.goto(live_server.url + reverse("voting:projector", args=[vote.code]))
    screen = projector.locator("[data-projector-screen]")
    expect(screen).to_have_attribute("data-view", "join")

    # The facilitator's phone: another browser, its own login.
    _phone_context, staff = staff_context(browser, live_server, hagen_editor, 390, 844)
    staff.goto(live_server.url + reverse("voting:staff", args=[vote.code]))
    show_results = staff.get_by_role("button", name="Beamer: Ergebnis zeigen")
    show_join = staff.get_by_role("button", name="Beamer: QR-Code und Code zeigen")
    expect(show_join).to_have_attribute("aria-pressed", "false")
    with staff.expect_navigation():
        show_results.click()
    expect(screen).to_have_attribute("data-view", "results", timeout=3000)
    expect(staff.get_by_role("button", name="Beamer: Ergebnis zeigen")).to_have_attribute(
        "aria-pressed", "true"
    )
    # A key on the projector still works; the same choice again is a new command.
    projector.keyboard.press("m")
    expect(screen).to_have_attribute("data-view", "join")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Beamer: Ergebnis zeigen").click()
    expect(screen).to_have_attribute("data-view", "results", timeout=3000)
    # A projector opened later (no view in its address) starts in the chosen view.
    projector.goto("about:blank")
    projector.goto(live_server.url + reverse("voting:projector", args=[vote.code]))
    expect(screen).to_have_attribute("data-view", "results")

    # The facilitator closes the vote on the staff page; the projector follows and turns from
    # the way in to the result by itself.
    with staff.expect_navigation():
        staff.locator("#controls").get_by_role("button", name="Schließen", exact=True).click()
    expect(projector.locator("[data-status-label]")).to_have_text("Geschlossen", timeout=3000)
    expect(staff.locator(".messages")).to_contain_text("Die Abstimmung ist geschlossen.")
    expect(screen).to_have_attribute("data-view", "results")
    expect(projector.locator("[data-ranking] > li").first).to_be_in_viewport()


def test_f_puts_the_projector_in_full_screen(browser, live_server, hagen_world, hagen_editor):
    vote, _titles = ranked_vote(hagen_world["event"], items=3)
    _context, page = staff_context(browser, live_server, hagen_editor, 1280, 720)
    page.goto(live_server.url + reverse("voting:projector", args=[vote.code]))
    page.keyboard.press("f")
    wait_until(page, "document.fullscreenElement !== null")
    page.keyboard.press("f")
    wait_until(page, "document.fullscreenElement === null")

"""The live poll's projector in headless Chromium at 1024×768, 1280×720 and 1920×1080: never
scrolled, the code on one line, the QR code at least 40 % of the screen's height before the first
question, a question with many options and one with many texts within the screen, no buttons.
Screenshots of each size go to the test's tmp_path."""

import pytest
from django.urls import reverse

from live.participants import participant_token_new
from polls.services import answer_set, run_create, run_go_to, texts_release_all
from tests.polls.conftest import make_poll, results_shown
from tests.voting.projector_screen import (
    MEASURE,
    SIZES,
    assert_fits,
    assert_join_view,
    assert_rows_in_view,
    staff_context,
)

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OPTIONS = [
    "Mehr hauptamtliche Begleitung für Ehrenamtliche in den Stadtteilen",
    "Eine Engagementbörse im Internet",
    "Räume für Vereine, kostenlos und abends geöffnet",
    "Weniger Formulare",
    "Anerkennung: Ehrenamtskarte mit Vergünstigungen",
    "Fortbildungen zu Datenschutz und Versicherung",
    "Ein jährlicher Tag des Ehrenamts",
    "Beratung bei Förderanträgen",
    "Mehr junge Menschen gewinnen",
    "Vernetzung der Vereine untereinander",
    "Sonstiges",
]


def _fitted(page):
    """The projector measured once its script has fitted it: on a busy machine that takes longer
    than a fixed wait (up to 5 s; the caller's assert_fits then says what does not fit)."""
    for _attempt in range(50):
        measured = page.evaluate(MEASURE)
        try:
            assert_fits(measured)
            return measured
        except AssertionError:
            page.wait_for_timeout(100)
    return measured


def a_long_run(event):
    """A run at a question with eleven options, each chosen a different number of times, and a
    question with forty released free texts."""
    choice = make_poll(
        event, "Was brauchen Engagierte in Hagen am dringendsten?", "single", OPTIONS
    )
    text = make_poll(event, "Was nehmen Sie mit? In einem Satz.", "text")
    run = run_create(
        event=event, title="Umfragen im Plenum", polls=[choice, text], code="ZUKUNFT2030"
    )
    results_shown(run)  # the facilitator has revealed the results
    questions = list(run.questions.select_related("poll").order_by("order"))
    run_go_to(run=run, question=questions[1])
    for i in range(40):
        answer_set(
            code=run.code,
            token=participant_token_new(),
            question_id=questions[1].pk,
            text=f"Antwort {i + 1}: Mehr Austausch zwischen Verwaltung und Vereinen, öfter.",
        )
    texts_release_all(question=questions[1])
    options = list(questions[0].poll.options.order_by("order", "id"))
    run_go_to(run=run, question=questions[0])
    for i, option in enumerate(options):
        for _ in range(len(options) - i):
            answer_set(
                code=run.code,
                token=participant_token_new(),
                question_id=questions[0].pk,
                option_ids=[option.pk],
            )
    return run, questions


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_poll_projector_fits_the_screen_in_both_views(
    browser, live_server, hagen_world, hagen_editor, tmp_path, width, height
):
    run, questions = a_long_run(hagen_world["event"])
    _context, page = staff_context(browser, live_server, hagen_editor, width, height)
    url = live_server.url + reverse("polls:projector", args=[run.code])
    page.goto(url + "#mitmachen")
    page.wait_for_timeout(400)

    # The way in, the longest code there is on one line.
    join = _fitted(page)
    page.screenshot(path=tmp_path / f"poll-join-{width}x{height}.png")
    assert_fits(join)
    assert_join_view(join, "ZUKUNFT2030")

    # A question with eleven options: all on the screen, or the first ones and pages.
    page.goto(url + "#ergebnis")
    expect(page.locator(".projector-question")).to_contain_text("am dringendsten")
    page.wait_for_timeout(300)
    choice = _fitted(page)
    page.screenshot(path=tmp_path / f"poll-options-{width}x{height}.png")
    assert_fits(choice)
    assert_rows_in_view(choice, OPTIONS[:5])
    assert len(choice["rows"]) == len(OPTIONS) or choice["pager"].startswith("Seite 1/")

    # The free texts: as many as fit, the others on pages that say so.
    run_go_to(run=run, question=questions[1])
    page.reload()
    expect(page.locator(".projector-question")).to_contain_text("Was nehmen Sie mit?")
    page.wait_for_timeout(300)
    texts = _fitted(page)
    page.screenshot(path=tmp_path / f"poll-texts-{width}x{height}.png")
    assert_fits(texts)
    assert texts["rowCount"] == 40
    assert_rows_in_view(texts, [])
    assert 2 <= len(texts["rows"]) < 40 and texts["pager"].startswith("Seite 1/")
    print(
        f"\n{width}x{height}: {len(choice['rows'])} of {len(OPTIONS)} options "
        f"{choice['pager']!r}, {len(texts['rows'])} of 40 texts {texts['pager']!r}"
    )


def test_the_next_question_turns_the_projector_from_the_way_in_to_the_question(
    browser, live_server, hagen_world, hagen_editor
):
    run, questions = a_long_run(hagen_world["event"])
    context, projector = staff_context(browser, live_server, hagen_editor, 1280, 720)
    projector.goto(live_server.url + reverse("polls:projector", args=[run.code]) + "#mitmachen")
    screen = projector.locator("[data-projector-screen]")
    expect(screen).to_have_attribute("data-view", "join")

    staff = context.new_page()
    staff.goto(live_server.url + reverse("polls:staff", args=[run.code]))
    with staff.expect_navigation():
        staff.locator("#controls").get_by_role("button", name="Nächste Frage").click()
    expect(projector.locator(".projector-question")).to_contain_text("Was nehmen Sie mit?")
    expect(screen).to_have_attribute("data-view", "results")
    assert_fits(projector.evaluate(MEASURE))


def test_the_staff_pages_fit_a_phone(browser, live_server, hagen_world, hagen_editor, tmp_path):
    """The staff page is for a phone beside the projector too: no sideways scrolling; the table
    of questions scrolls in its own region (labelled, reachable by keyboard)."""
    run, _questions = a_long_run(hagen_world["event"])
    _context, phone = staff_context(browser, live_server, hagen_editor, 375, 740)
    phone.goto(live_server.url + reverse("polls:staff", args=[run.code]))
    phone.screenshot(path=tmp_path / "poll-staff-phone.png", full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    region = phone.get_by_role("region", name="Fragen dieser Umfrage")
    assert region.get_attribute("tabindex") == "0"
    expect(phone.locator("#controls").get_by_role("button", name="Nächste Frage")).to_be_visible()


def test_a_very_long_question_does_not_push_the_projector_off_the_screen(
    browser, live_server, hagen_world, hagen_editor
):
    long = "Wie bewerten Sie die Vorschläge der Arbeitsgruppe zur Zukunft des Ehrenamts? " * 8
    poll = make_poll(hagen_world["event"], long, "single", OPTIONS[:6])
    run = results_shown(
        run_create(event=hagen_world["event"], title="Umfragen im Plenum", polls=[poll])
    )
    run_go_to(run=run, question=run.questions.get())
    _context, page = staff_context(browser, live_server, hagen_editor, 1024, 768)
    page.goto(live_server.url + reverse("polls:projector", args=[run.code]) + "#ergebnis")
    page.wait_for_timeout(300)
    found = _fitted(page)
    assert_fits(found)
    assert_rows_in_view(found, OPTIONS[:3])

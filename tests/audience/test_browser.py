"""In headless Chromium: a phone asks in place, the moderation releases the question, another phone
upvotes it in place and the projector shows it with its vote, all without a reload; the upvote is
withdrawn by pressing again; axe-core finds no violations on the phone, staff and projector
pages; without JavaScript the same forms post normally."""

import time

import pytest
from django.urls import reverse

from audience.models import AudienceQuestion, Upvote
from tests.audience.conftest import make_round
from tests.public.browser import axe_violations, wait_until

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}
QUESTION = "Wie können Vereine die Räume der Stadt abends nutzen?"


def _phone(browser, *, javascript=True, bypass_csp=False):
    context = browser.new_context(
        viewport=PHONE, locale="de-DE", java_script_enabled=javascript, bypass_csp=bypass_csp
    )
    return context.new_page()


def _staff(browser, live_server, user, *, bypass_csp=False, viewport=None):
    context = browser.new_context(
        viewport=viewport or {"width": 1280, "height": 900}, locale="de-DE", bypass_csp=bypass_csp
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("admin:login") + "?next=/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    return page


def test_a_question_goes_from_one_phone_through_the_moderation_to_the_room(
    browser, live_server, hagen_world, hagen_editor
):
    question_round = make_round(hagen_world["event"])
    participant_url = live_server.url + reverse("audience:participant", args=[question_round.code])

    projector = _staff(browser, live_server, hagen_editor, viewport={"width": 1280, "height": 720})
    projector.goto(live_server.url + reverse("audience:projector", args=[question_round.code]))
    expect(projector.locator(".projector-code")).to_have_text(question_round.code)
    projector.evaluate("window.notReloaded = true")
    console = _staff(browser, live_server, hagen_editor)
    console.goto(live_server.url + reverse("audience:staff", args=[question_round.code]))

    # Anna asks on her phone; the question waits for the moderation.
    anna = _phone(browser)
    anna.goto(participant_url)
    anna.evaluate("window.notReloaded = true")
    anna.get_by_role("button", name="Frage senden").click()
    expect(
        anna.get_by_role("alert").filter(has_text="Bitte schreiben Sie eine Frage.")
    ).to_be_visible()
    anna.get_by_label("Ihre Frage").fill(QUESTION)
    anna.get_by_role("button", name="Frage senden").click()
    expect(anna.locator("[data-ask-saved]")).to_contain_text("sobald die Moderation sie freigibt")
    expect(anna.locator("#audience-announcer")).to_contain_text("sobald die Moderation")
    expect(anna.get_by_label("Ihre Frage")).to_have_value("")
    assert anna.evaluate("window.notReloaded") is True
    expect(anna.locator(".audience-questions")).not_to_contain_text(QUESTION)
    # Only Anna sees it, as hers and waiting.
    expect(anna.locator("[data-waiting-list]")).to_contain_text(QUESTION)
    expect(anna.locator("[data-waiting-list]")).to_contain_text("Wartet auf Freigabe")

    # Ben's phone is open meanwhile: it shows nothing of it.
    ben = _phone(browser)
    ben.goto(participant_url)
    ben.evaluate("window.notReloaded = true")
    expect(ben.locator("[data-empty]")).to_be_visible()

    # The staff page picks it up by itself; the moderation releases it.
    waiting = console.locator("#frage-" + str(AudienceQuestion.objects.get().pk))
    expect(waiting).to_contain_text(QUESTION, timeout=5000)
    with console.expect_navigation():
        waiting.get_by_role("button", name="Freigeben").click()

    # Anna's phone moves it from her waiting questions to the room's list, without a reload.
    expect(anna.locator(".audience-questions")).to_contain_text(QUESTION, timeout=5000)
    expect(anna.locator("[data-waiting-section]")).to_be_hidden()
    expect(anna.locator("[data-waiting-list] li")).to_have_count(0)

    # Ben sees it without a reload and upvotes it with the keyboard.
    row = ben.locator(".audience-question", has_text=QUESTION)
    expect(row).to_be_visible(timeout=5000)
    button = row.get_by_role("button", name="Unterstützen")
    expect(button).to_have_attribute("aria-pressed", "false")
    button.focus()
    ben.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(row.locator("[data-votes]")).to_have_text("1")
    expect(ben.locator("#audience-announcer")).to_have_text("Ihre Stimme ist gezählt.")
    assert Upvote.objects.count() == 1
    assert ben.evaluate("window.notReloaded") is True

    # The projector shows it with its vote, without a reload; pinned, it stands large.
    projector.keyboard.press("e")
    item = projector.locator(".audience-list-item", has_text=QUESTION)
    expect(item.locator("[data-votes]")).to_have_text("1", timeout=5000)
    staff_row = console.locator(".audience-staff-question", has_text=QUESTION)
    expect(staff_row).to_contain_text("1 Stimme", timeout=5000)
    with console.expect_navigation():
        staff_row.get_by_role("button", name="Anheften").click()
    expect(projector.locator("[data-pinned-text]")).to_have_text(QUESTION, timeout=5000)
    expect(projector.locator(".audience-list-item")).to_have_count(0)
    assert projector.evaluate("window.notReloaded") is True

    # Pressed again, Ben's vote is taken back; once more, it counts again.
    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(row.locator("[data-votes]")).to_have_text("0")
    wait_until(ben, "document.querySelector('[data-votes]').textContent === '0'")
    assert Upvote.objects.count() == 0
    button.click()
    expect(row.locator("[data-votes]")).to_have_text("1")
    assert Upvote.objects.count() == 1

    # Hidden by the moderation, it leaves Ben's phone and the projector.
    staff_row = console.locator(".audience-staff-question", has_text=QUESTION)
    with console.expect_navigation():
        staff_row.get_by_role("button", name="Verbergen").click()
    expect(ben.locator(".audience-question")).to_have_count(0, timeout=5000)
    expect(projector.locator("[data-pinned-box]")).to_be_hidden(timeout=5000)
    assert QUESTION not in projector.content() and QUESTION not in ben.content()


def test_a_question_the_moderation_hides_says_so_on_its_author_s_phone(
    browser, live_server, hagen_world, hagen_editor
):
    question_round = make_round(hagen_world["event"])
    participant_url = live_server.url + reverse("audience:participant", args=[question_round.code])
    anna = _phone(browser)
    anna.goto(participant_url)
    anna.evaluate("window.notReloaded = true")
    anna.get_by_label("Ihre Frage").fill(QUESTION)
    anna.get_by_role("button", name="Frage senden").click()
    waiting = anna.locator("[data-waiting-list] li", has_text=QUESTION)
    expect(waiting).to_contain_text("Wartet auf Freigabe")

    console = _staff(browser, live_server, hagen_editor)
    console.goto(live_server.url + reverse("audience:staff", args=[question_round.code]))
    row = console.locator("#frage-" + str(AudienceQuestion.objects.get().pk))
    with console.expect_navigation():
        row.get_by_role("button", name="Verbergen").click()

    # Without a reload, her phone says it was not released; the room's list stays empty.
    expect(waiting).to_contain_text("Nicht freigegeben", timeout=5000)
    expect(anna.locator("[data-empty]")).to_be_visible()
    assert anna.evaluate("window.notReloaded") is True
    # Another phone learns nothing of it.
    ben = _phone(browser)
    ben.goto(participant_url)
    assert QUESTION not in ben.content()
    state = ben.request.get(
        live_server.url + reverse("audience:state", args=[question_round.code])
    ).json()
    assert QUESTION not in str(state) and state["questions"] == []


def test_without_javascript_asking_and_upvoting_post_normally(browser, live_server, hagen_world):
    question_round = make_round(hagen_world["event"], premoderated=False)
    page = _phone(browser, javascript=False)
    page.goto(live_server.url + reverse("audience:participant", args=[question_round.code]))
    page.get_by_label("Ihre Frage").fill(QUESTION)
    page.get_by_role("button", name="Frage senden").click()
    expect(page.locator(".audience-question", has_text=QUESTION)).to_be_visible()
    page.get_by_role("button", name="Unterstützen").click()
    expect(page.locator("body")).to_contain_text("Ihre Stimme ist gezählt.")
    expect(page.get_by_role("button", name="Unterstützen")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert Upvote.objects.count() == 1


def test_no_axe_violations_on_the_phone_the_staff_page_and_the_projector(
    browser, live_server, hagen_world, hagen_editor
):
    question_round = make_round(hagen_world["event"], premoderated=True)
    phone = _phone(browser, bypass_csp=True)
    phone.goto(live_server.url + reverse("audience:participant", args=[question_round.code]))
    phone.get_by_label("Ihre Frage").fill("Gibt es eine Ehrenamtskarte?")
    phone.get_by_role("button", name="Frage senden").click()
    expect(phone.locator("[data-ask-saved]")).not_to_be_empty()
    # The phone stops polling before the test writes: on SQLite a state.json being answered
    # holds the table the write needs.
    phone.goto("about:blank")
    time.sleep(0.3)
    question = AudienceQuestion.objects.get()
    question.status = AudienceQuestion.Status.RELEASED
    question.save(update_fields=["status"])
    phone.goto(live_server.url + reverse("audience:participant", args=[question_round.code]))
    expect(phone.locator(".audience-question")).to_have_count(1)
    assert axe_violations(phone) == []

    staff = _staff(browser, live_server, hagen_editor, bypass_csp=True)
    for name in ("audience:staff", "audience:publish"):
        staff.goto(live_server.url + reverse(name, args=[question_round.code]))
        assert axe_violations(staff) == [], name
    staff.goto(live_server.url + reverse("audience:event", args=[question_round.event.slug]))
    assert axe_violations(staff) == []
    projector_url = live_server.url + reverse("audience:projector", args=[question_round.code])
    for view in ("#mitmachen", "#ergebnis"):
        staff.goto(projector_url + view)
        staff.wait_for_timeout(300)
        assert axe_violations(staff) == [], view


def test_a_refused_upvote_says_why_in_the_row_of_the_question(
    browser, live_server, hagen_world, settings
):
    question_round = make_round(hagen_world["event"], premoderated=False)
    page = _phone(browser)
    page.goto(live_server.url + reverse("audience:participant", args=[question_round.code]))
    page.get_by_label("Ihre Frage").fill(QUESTION)
    page.get_by_role("button", name="Frage senden").click()
    row = page.locator(".audience-question", has_text=QUESTION)
    expect(row).to_be_visible(timeout=5000)
    # No request more in any window: the question and the upvote may fall into two windows.
    settings.VOTE_RATE_LIMIT = 0
    row.get_by_role("button", name="Unterstützen").click()
    expect(row.locator("[data-row-error]")).to_contain_text("Zu viele Anfragen", timeout=5000)
    expect(page.locator("#audience-announcer")).to_contain_text("Zu viele Anfragen")
    assert not Upvote.objects.exists()

"""In headless Chromium: phones follow the facilitator from question to question without a
reload; answers are sent in place and refused with the server's German message; a hidden result
and unreleased texts stay off the phones and the projector; without JavaScript the same forms
post normally; axe-core finds no violations."""

import pytest
from django.urls import reverse

from polls.models import Answer
from polls.services import run_finish
from tests.polls.conftest import make_run
from tests.public.browser import axe_violations

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect  # polls from Playwright's own world: the pages' CSP forbids eval

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}


def _phone(browser, *, javascript=True, bypass_csp=False):
    context = browser.new_context(
        viewport=PHONE, locale="de-DE", java_script_enabled=javascript, bypass_csp=bypass_csp
    )
    return context.new_page()


def _staff(browser, live_server, user, *, bypass_csp=False):
    context = browser.new_context(
        viewport={"width": 1400, "height": 900}, locale="de-DE", bypass_csp=bypass_csp
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("admin:login") + "?next=/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    return page


def _control(page, label):
    """A facilitator's button: a plain form post, and the staff page comes back."""
    with page.expect_navigation():
        page.locator("#controls").get_by_role("button", name=label, exact=True).click()


def test_phones_follow_the_facilitator_to_the_next_question_without_reload(
    browser, live_server, hagen_world, hagen_editor
):
    run = make_run(hagen_world["event"], kinds=("single", "multiple", "text"))
    participant_url = live_server.url + reverse("polls:participant", args=[run.code])

    projector = _staff(browser, live_server, hagen_editor)
    projector.goto(live_server.url + reverse("polls:projector", args=[run.code]))
    expect(projector.locator(".projector-code")).to_have_text(run.code)
    projector.evaluate("window.notReloaded = true")
    # The facilitator's buttons are on the staff page, in a second window.
    console = projector.context.new_page()
    console.goto(live_server.url + reverse("polls:staff", args=[run.code]))

    # Anna answers the first question on her phone with the keyboard.
    anna = _phone(browser)
    anna.goto(participant_url)
    anna.evaluate("window.notReloaded = true")
    expect(anna.locator("legend")).to_contain_text("Wie sind Sie heute angereist?")
    anna.get_by_label("Rad").focus()
    anna.keyboard.press("Space")
    anna.get_by_role("button", name="Antwort senden").click()
    announcer = anna.locator("#poll-announcer")
    assert announcer.get_attribute("aria-live") == "polite"
    expect(announcer).to_contain_text("Ihre Antwort ist gespeichert.")
    expect(anna.locator(".poll-submit")).to_have_text("Antwort ändern")

    # Ben has no JavaScript: the same form posts and comes back with a message.
    ben = _phone(browser, javascript=False)
    ben.goto(participant_url)
    ben.get_by_label("Bus").check()
    ben.get_by_role("button", name="Antwort senden").click()
    assert ben.url.endswith("#frage")
    assert "Ihre Antwort ist gespeichert." in ben.locator("[data-saved]").inner_text()
    assert ben.get_by_label("Bus").is_checked()

    # The projector counts both without a reload; the result stays hidden until revealed, then
    # Anna's phone shows it too.
    expect(projector.locator("[data-respondents]")).to_have_text("2", timeout=3000)
    assert projector.evaluate("window.notReloaded") is True
    assert anna.locator("[data-chosen]").count() == 0
    _control(console, "Ergebnis aufdecken")
    rad = projector.locator(".ranking-row", has_text="Rad")
    expect(rad.locator("[data-percent]")).to_have_text("50")
    expect(anna.locator('[data-part="result"] [data-respondents]')).to_have_text("2", timeout=4000)

    # The facilitator moves on; with the focus still on Anna's button, her phone follows, with
    # the question as the whole room gets it (rendered once, not once per phone).
    fetched = []
    anna.on("request", lambda request: fetched.append(request.url))
    anna.locator(".poll-submit").focus()
    _control(console, "Nächste Frage")
    expect(anna.locator("legend")).to_contain_text("Was hat Sie am meisten belastet?", timeout=4000)
    questions = [url for url in fetched if "/question/" in url]
    assert questions and all(url.endswith("/question/shared/") for url in questions), questions
    expect(anna.locator("legend")).to_contain_text("Bitte wählen Sie genau 2 Antworten aus.")
    expect(announcer).to_contain_text("Neue Frage: Was hat Sie am meisten belastet?")
    assert anna.evaluate("window.notReloaded") is True
    assert anna.evaluate("document.activeElement.tagName") == "LEGEND"
    expect(anna.locator("text=Frage 2 von 3")).to_be_visible()

    # Three choices where two are asked: the server refuses in German, nothing is stored.
    for label in ("Kontaktsperren", "Existenzängste", "Kita/Schule"):
        anna.get_by_label(label).check()
    anna.get_by_role("button", name="Antwort senden").click()
    error = anna.locator("#poll-error")
    expect(error).to_have_text("Bitte wählen Sie genau 2 Antworten aus. Sie haben 3 gewählt.")
    assert error.get_attribute("role") == "alert"
    assert not Answer.objects.filter(question__poll__kind="multiple").exists()
    anna.get_by_label("Kita/Schule").uncheck()
    anna.get_by_role("button", name="Antwort senden").click()
    expect(announcer).to_contain_text("Ihre Antwort ist gespeichert.")
    expect(error).to_be_hidden()

    # Hidden result: a new question's numbers reach Anna's phone on reveal, leave it and the
    # projector when hidden again, and come back on reveal.
    assert anna.locator("[data-chosen]").count() == 0
    _control(console, "Ergebnis aufdecken")
    expect(anna.locator("[data-chosen]").first).to_be_visible(timeout=4000)
    _control(console, "Ergebnis verbergen")
    expect(anna.locator("[data-chosen]")).to_have_count(0, timeout=4000)
    expect(projector.locator(".projector-hidden-note")).to_be_visible()
    assert projector.locator("[data-chosen]").count() == 0
    # Hiding swapped only the result: Anna's choices are still checked in the form.
    assert anna.get_by_label("Kontaktsperren").is_checked()
    _control(console, "Ergebnis aufdecken")
    expect(anna.locator("[data-chosen]").first).to_be_visible(timeout=4000)

    # The free-text question: Anna's text reaches the projector only once it is released (and
    # the result revealed).
    _control(console, "Nächste Frage")
    _control(console, "Ergebnis aufdecken")
    expect(anna.get_by_label("Ihre Antwort")).to_be_visible(timeout=4000)
    anna.get_by_label("Ihre Antwort").fill("Mehr Treffpunkte im Quartier")
    anna.get_by_role("button", name="Antwort senden").click()
    expect(announcer).to_contain_text("Ihre Antwort ist gespeichert.")
    expect(projector.locator("[data-respondents]")).to_have_text("1", timeout=3000)
    assert "Mehr Treffpunkte" not in projector.content()

    moderator = _staff(browser, live_server, hagen_editor)
    moderator.goto(live_server.url + reverse("polls:moderate", args=[run.code]))
    row = moderator.locator("tr", has_text="Mehr Treffpunkte im Quartier")
    expect(row).to_contain_text("wartet auf Freigabe")
    row.get_by_role("button", name="Freigeben").click()
    expect(projector.locator("[data-texts] li")).to_have_text(
        ["Mehr Treffpunkte im Quartier"], timeout=3000
    )
    expect(anna.locator("[data-texts] li")).to_have_text(
        ["Mehr Treffpunkte im Quartier"], timeout=4000
    )
    assert projector.evaluate("window.notReloaded") is True

    # Ben, without JavaScript, reloads by the link and gets the current question.
    ben.get_by_role("link", name="Zur aktuellen Frage (Seite neu laden)").click()
    expect(ben.get_by_label("Ihre Antwort")).to_be_visible()

    _control(console, "Umfrage beenden")
    expect(anna.locator(".vote-notice")).to_contain_text("Die Umfrage ist beendet.", timeout=4000)
    assert anna.evaluate("window.notReloaded") is True


def test_axe_finds_no_violations_on_the_poll_pages(browser, live_server, hagen_world, hagen_editor):
    """axe-core is injected, so these contexts bypass the CSP; the pages are in a used state."""
    run = make_run(hagen_world["event"], kinds=("multiple", "text"))
    phone = _phone(browser, bypass_csp=True)
    phone.goto(live_server.url + reverse("polls:participant", args=[run.code]))
    phone.get_by_label("Kontaktsperren").check()
    phone.get_by_label("Existenzängste").check()
    phone.get_by_role("button", name="Antwort senden").click()
    expect(phone.locator("#poll-announcer")).to_contain_text("gespeichert")
    staff = _staff(browser, live_server, hagen_editor, bypass_csp=True)
    pages = {"participant": phone}
    for name, url in {
        "projector": reverse("polls:projector", args=[run.code]),
        "staff page": reverse("polls:staff", args=[run.code]),
        "moderation": reverse("polls:moderate", args=[run.code]),
        "new question": reverse("polls:question_new", args=[run.code]),
        "event polls": reverse("polls:event", args=[run.event.slug]),
        "hand counts": reverse("polls:hand_counts", args=[run.questions.first().poll_id]),
        "join": reverse("polls:join"),
    }.items():
        page = staff.context.new_page()
        page.goto(live_server.url + url)
        pages[name] = page
    for name, page in pages.items():
        violations = axe_violations(page)
        assert not violations, (name, violations)


def test_a_phone_says_a_draft_documentations_poll_is_over_when_it_finishes(
    browser, live_server, hagen_world
):
    run = make_run(hagen_world["draft"], kinds=("single",))
    anna = _phone(browser)
    anna.goto(live_server.url + reverse("polls:participant", args=[run.code]))
    expect(anna.locator("legend")).to_contain_text("Wie sind Sie heute angereist?")
    assert hagen_world["draft"].title not in anna.content()
    run_finish(run=run)
    # The state is not found for her now: the phone says so, not "Keine Verbindung".
    expect(anna.locator(".vote-notice")).to_have_text(
        "Die Umfrage ist beendet oder nicht mehr erreichbar. Vielen Dank fürs Mitmachen!",
        timeout=6000,
    )
    expect(anna.locator("#poll-announcer")).to_contain_text("beendet oder nicht mehr erreichbar")
    assert anna.locator("legend").count() == 0


def test_a_refused_answer_says_why_next_to_the_button_that_sent_it(
    browser, live_server, hagen_world
):
    run = make_run(hagen_world["event"], kinds=("multiple",))
    participant_url = live_server.url + reverse("polls:participant", args=[run.code])
    for javascript in (True, False):
        phone = _phone(browser, javascript=javascript)
        phone.goto(participant_url)
        for label in ("Kontaktsperren", "Existenzängste", "Kita/Schule"):
            phone.get_by_label(label).check()
        button = phone.get_by_role("button", name="Antwort senden")
        button.click()
        error = phone.locator("#poll-error")
        expect(error).to_have_text("Bitte wählen Sie genau 2 Antworten aus. Sie haben 3 gewählt.")
        expect(error).to_be_visible()
        assert error.get_attribute("role") == "alert"
        # Between the choices and the button, both on the screen, and described by it.
        fieldset = phone.locator("fieldset")
        box, above, below = error.bounding_box(), fieldset.bounding_box(), button.bounding_box()
        assert above["y"] + above["height"] <= box["y"] + 1
        assert box["y"] + box["height"] <= below["y"] + 1
        assert below["y"] - (box["y"] + box["height"]) < 40
        assert below["y"] + below["height"] <= PHONE["height"] + 1
        assert "poll-error" in fieldset.get_attribute("aria-describedby").split()
        assert "poll-error" in button.get_attribute("aria-describedby").split()
        assert phone.locator(".messages").count() == 0
        if javascript:
            # The focus stays on the button: the participant corrects the choice and sends again.
            assert phone.evaluate("document.activeElement.className") == "poll-submit"
            phone.get_by_label("Kita/Schule").uncheck()
            button.click()
            expect(phone.locator("[data-saved]")).to_have_text("Ihre Antwort ist gespeichert.")
            expect(error).to_be_hidden()
            # Refused again: the line below says that the answer before stands, not this one.
            phone.get_by_label("Kita/Schule").check()
            phone.get_by_role("button", name="Antwort ändern").click()
            expect(error).to_contain_text("Sie haben 3 gewählt.")
            expect(phone.locator("[data-saved]")).to_have_text(
                "Ihre vorige Antwort bleibt gespeichert."
            )
    assert Answer.objects.filter(question__poll__kind="multiple").count() == 2  # two choices, once


@pytest.mark.postgres
def test_a_phone_whose_stream_cannot_be_opened_polls_and_follows(
    browser, live_server, hagen_world, hagen_editor, settings
):
    """With pushed updates on, the page is given its stream; on a server that cannot hold one
    (this sync test server answers it 404) live.js polls state.json instead, and the phone still
    follows the facilitator."""
    settings.LIVE_PUSH = True
    run = make_run(hagen_world["event"], kinds=("single", "multiple"))
    phone = _phone(browser)
    streams = []
    phone.on(
        "request",
        lambda request: streams.append(request.url) if "/events/" in request.url else None,
    )
    phone.goto(live_server.url + reverse("polls:participant", args=[run.code]))
    phone.evaluate("window.notReloaded = true")
    assert phone.locator("#poll").get_attribute("data-events-url")
    expect(phone.locator("legend")).to_contain_text("Wie sind Sie heute angereist?")
    console = _staff(browser, live_server, hagen_editor)
    console.goto(live_server.url + reverse("polls:staff", args=[run.code]))
    _control(console, "Nächste Frage")
    expect(phone.locator("legend")).to_contain_text(
        "Was hat Sie am meisten belastet?", timeout=5000
    )
    assert streams and phone.evaluate("window.notReloaded") is True

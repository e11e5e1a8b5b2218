"""In headless Chromium: a phone answers a rating scale with the keyboard and a word cloud, the
projector shows the distribution, the mean and the cloud without a reload, a hidden term leaves
the projector and the phones; the word cloud fits a projector at 1280×720; axe-core finds no
violations on the pages of both kinds."""

import json

import pytest
from django.urls import reverse

from live.participants import participant_token_new
from polls.services import answer_set, run_go_to
from tests.polls.test_scale_and_words import CLOUD, STATEMENT, make_kinds_run
from tests.public.browser import axe_violations, wait_until
from tests.voting.projector_screen import MEASURE, assert_fits, staff_context

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}


def _phone(browser, *, bypass_csp=False):
    context = browser.new_context(viewport=PHONE, locale="de-DE", bypass_csp=bypass_csp)
    return context.new_page()


def _staff(browser, live_server, user, *, bypass_csp=False):
    context = browser.new_context(
        viewport={"width": 1280, "height": 720}, locale="de-DE", bypass_csp=bypass_csp
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("admin:login") + "?next=/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    return page


def settled(page):
    """The projector's hint of its keys fades in and out: axe measures it shown or gone, not
    half-transparent."""
    page.wait_for_timeout(500)
    wait_until(
        page,
        "!document.querySelector('.projector-keys') || ['0', '1'].includes("
        "getComputedStyle(document.querySelector('.projector-keys')).opacity)",
    )


def _control(page, label):
    with page.expect_navigation():
        page.locator("#controls").get_by_role("button", name=label, exact=True).click()


def test_a_phone_answers_a_scale_and_a_word_cloud_and_the_projector_shows_them(
    browser, live_server, hagen_world, hagen_editor, tmp_path
):
    run, _scale_q, _cloud_q = make_kinds_run(hagen_world["event"])
    participant_url = live_server.url + reverse("polls:participant", args=[run.code])
    context, projector = staff_context(browser, live_server, hagen_editor, 1280, 720)
    projector.goto(live_server.url + reverse("polls:projector", args=[run.code]) + "#ergebnis")
    projector.evaluate("window.notReloaded = true")
    console = context.new_page()
    console.goto(live_server.url + reverse("polls:staff", args=[run.code]))

    # Anna rates with the keyboard: into the row of values, arrows to 4, and send.
    anna = _phone(browser)
    anna.goto(participant_url)
    expect(anna.locator("legend")).to_contain_text(STATEMENT)
    low = anna.get_by_role("radio", name="1 – trifft gar nicht zu")
    expect(anna.get_by_role("radio", name="5 – trifft voll zu")).to_have_count(1)
    low.focus()
    anna.keyboard.press("Space")
    for _ in range(3):
        anna.keyboard.press("ArrowRight")
    expect(anna.get_by_role("radio", name="4", exact=True)).to_be_checked()
    # The focused value is visibly marked.
    outline = anna.evaluate(
        "getComputedStyle(document.activeElement.nextElementSibling).outlineStyle"
    )
    assert outline == "solid"
    anna.screenshot(path=tmp_path / "scale-phone.png", full_page=True)
    anna.get_by_role("button", name="Antwort senden").click()
    expect(anna.locator("#poll-announcer")).to_contain_text("Ihre Antwort ist gespeichert.")

    ben = _phone(browser)
    ben.goto(participant_url)
    ben.get_by_role("radio", name="5", exact=False).last.check()
    ben.get_by_role("button", name="Antwort senden").click()
    expect(ben.locator("#poll-announcer")).to_contain_text("Ihre Antwort ist gespeichert.")

    # The projector: the counts in text beside the bars, the mean, without a reload.
    expect(projector.locator("[data-respondents]")).to_have_text("2", timeout=4000)
    expect(projector.locator("[data-mean]")).to_have_text("4,5", timeout=4000)
    four = projector.locator(".ranking-row", has_text="4")
    expect(four.locator("[data-chosen]")).to_have_text("1")
    expect(four.locator("[data-percent]")).to_have_text("50")
    expect(anna.locator("[data-mean]")).to_have_text("4,5", timeout=4000)
    projector.screenshot(path=tmp_path / "scale-projector.png")
    assert_fits(projector.evaluate(MEASURE))

    # The word cloud.
    _control(console, "Nächste Frage")
    expect(anna.locator("legend")).to_contain_text(CLOUD, timeout=4000)
    anna.get_by_label("Begriff 1").fill("Ehrenamt")
    anna.get_by_label("Begriff 2").fill("die Zeit")
    anna.get_by_role("button", name="Antwort senden").click()
    expect(anna.locator("#poll-announcer")).to_contain_text("Ihre Antwort ist gespeichert.")
    expect(ben.locator("legend")).to_contain_text(CLOUD, timeout=4000)
    ben.get_by_label("Begriff 1").fill("ehrenamt ")
    ben.get_by_label("Begriff 2").fill("Schimpfwort")
    ben.get_by_label("Begriff 3").fill("und")
    ben.get_by_role("button", name="Antwort senden").click()
    expect(ben.locator("#poll-announcer")).to_contain_text("Ihre Antwort ist gespeichert.")

    cloud = projector.locator(".word-cloud")
    expect(cloud.locator("li", has_text="Ehrenamt")).to_contain_text("2-mal genannt", timeout=4000)
    expect(cloud.locator("li", has_text="Zeit")).to_contain_text("1-mal genannt")
    expect(cloud.locator("li")).to_have_count(3)
    assert "und" not in [t.split(":")[0] for t in cloud.locator("li").all_inner_texts()]
    expect(anna.locator(".word-cloud li", has_text="Ehrenamt")).to_be_visible(timeout=4000)
    # The cloud was redrawn, the form was not: Anna's terms are still in it.
    expect(anna.get_by_label("Begriff 1")).to_have_value("Ehrenamt")
    projector.screenshot(path=tmp_path / "words-projector.png")

    # The moderator hides a term: it leaves the projector and the phones.
    moderator = context.new_page()
    moderator.goto(live_server.url + reverse("polls:moderate", args=[run.code]))
    row = moderator.locator("tr", has_text="Schimpfwort")
    expect(row).to_contain_text("wird gezeigt")
    row.get_by_role("button", name="Verbergen „Schimpfwort“").click()
    expect(moderator.locator("tr", has_text="Schimpfwort")).to_contain_text("verborgen")
    expect(cloud.locator("li", has_text="Schimpfwort")).to_have_count(0, timeout=4000)
    expect(ben.locator(".word-cloud li", has_text="Schimpfwort")).to_have_count(0, timeout=4000)
    assert "Schimpfwort" not in projector.content()
    assert projector.evaluate("window.notReloaded") is True


def test_a_word_cloud_of_forty_terms_fits_the_projector(
    browser, live_server, hagen_world, hagen_editor, tmp_path
):
    run, _scale_q, cloud_q = make_kinds_run(hagen_world["event"])
    run_go_to(run=run, question=cloud_q)
    terms = [f"Engagementförderung {n}" for n in range(1, 46)]
    # Worst case first: every term named as often as the most named one.
    for term in terms:
        answer_set(
            code=run.code, token=participant_token_new(), question_id=cloud_q.pk, terms=[term]
        )
    _context, page = staff_context(browser, live_server, hagen_editor, 1280, 720)
    page.goto(live_server.url + reverse("polls:projector", args=[run.code]) + "#ergebnis")
    expect(page.locator(".word-cloud li")).to_have_count(40)
    expect(page.locator(".projector-results")).to_contain_text("und 5 weitere Begriffe")
    page.wait_for_timeout(300)
    page.screenshot(path=tmp_path / "words-even-1280x720.png")
    assert_fits(page.evaluate(MEASURE))
    # A cloud as rooms make it: a few terms named often, many once. Written while no page
    # polls: SQLite locks the table against the test server's reads.
    page.goto("about:blank")
    for n, term in enumerate(terms[:6]):
        for _ in range(12 - 2 * n):
            answer_set(
                code=run.code, token=participant_token_new(), question_id=cloud_q.pk, terms=[term]
            )
    page.goto(live_server.url + reverse("polls:projector", args=[run.code]) + "#ergebnis")
    expect(page.locator(".word-cloud .word-6")).to_have_count(1)
    page.wait_for_timeout(300)
    page.screenshot(path=tmp_path / "words-ranked-1280x720.png")
    assert_fits(page.evaluate(MEASURE))
    outside = page.evaluate(
        """() => [...document.querySelectorAll(".word-cloud li")].filter((li) => {
            const r = li.getBoundingClientRect();
            return r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth;
        }).length"""
    )
    assert outside == 0


def test_axe_finds_no_violations_on_the_pages_of_a_scale_and_a_word_cloud(
    browser, live_server, hagen_world, hagen_editor
):
    run, scale_q, cloud_q = make_kinds_run(hagen_world["event"], premoderated=True)
    participant_url = live_server.url + reverse("polls:participant", args=[run.code])
    phone = _phone(browser, bypass_csp=True)
    phone.goto(participant_url)
    phone.get_by_role("radio", name="3", exact=True).check()
    phone.get_by_role("button", name="Antwort senden").click()
    expect(phone.locator("#poll-announcer")).to_contain_text("gespeichert")
    assert not axe_violations(phone), "scale on the phone"
    staff = _staff(browser, live_server, hagen_editor, bypass_csp=True)
    pages = {}
    for name, url in {
        "projector scale": reverse("polls:projector", args=[run.code]) + "#ergebnis",
        "hand counts scale": reverse("polls:hand_counts", args=[scale_q.poll_id]),
        "hand counts words": reverse("polls:hand_counts", args=[cloud_q.poll_id]),
        "new question": reverse("polls:question_new", args=[run.code]),
    }.items():
        staff.goto(live_server.url + url)
        settled(staff)
        pages[name] = axe_violations(staff)
    run_go_to(run=run, question=cloud_q)
    for term in ("Ehrenamt", "Zeit", "Räume"):
        answer_set(
            code=run.code, token=participant_token_new(), question_id=cloud_q.pk, terms=[term]
        )
    cloud_q.answers.filter(term="ehrenamt").update(released=True)
    phone.goto(participant_url)
    phone.get_by_label("Begriff 1").fill("Ehrenamt")
    phone.get_by_role("button", name="Antwort senden").click()
    expect(phone.locator("#poll-announcer")).to_contain_text("gespeichert")
    pages["words on the phone"] = axe_violations(phone)
    for name, url in {
        "projector words": reverse("polls:projector", args=[run.code]) + "#ergebnis",
        "staff words": reverse("polls:staff", args=[run.code]),
        "moderation words": reverse("polls:moderate", args=[run.code]),
        "public page": run.event.get_absolute_url(),
    }.items():
        staff.goto(live_server.url + url)
        settled(staff)
        pages[name] = axe_violations(staff)
    found = {name: found for name, found in pages.items() if found}
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)


def test_the_new_question_form_shows_the_fields_of_the_chosen_kind(
    browser, live_server, hagen_world, hagen_editor
):
    run, _scale_q, _cloud_q = make_kinds_run(hagen_world["event"])
    staff = _staff(browser, live_server, hagen_editor)
    staff.goto(live_server.url + reverse("polls:question_new", args=[run.code]))
    options = staff.get_by_label("Antwortmöglichkeiten")
    steps = staff.get_by_label("Stufen der Skala")
    low = staff.get_by_label("Beschriftung bei 1")
    words = staff.get_by_label("Begriffe pro Person")
    fewest = staff.get_by_label("Mindestens wählen")
    moderated = staff.get_by_label("Freitexte und Begriffe erst nach Freigabe zeigen")
    # A single choice (the default): its answers, nothing of the other kinds.
    expect(options).to_be_visible()
    for field in (steps, low, words, fewest, moderated):
        expect(field).to_be_hidden()
    staff.get_by_label("Skala", exact=True).check()
    expect(steps).to_be_visible()
    expect(low).to_be_visible()
    expect(options).to_be_hidden()
    staff.get_by_label("Wortwolke", exact=True).check()
    expect(words).to_be_visible()
    expect(moderated).to_be_visible()
    expect(steps).to_be_hidden()
    # A scale without its steps: the form says so at the field, which shows.
    staff.get_by_label("Skala", exact=True).check()
    staff.locator("#id_question").fill("Wie zufrieden sind Sie?")
    steps.fill("")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Frage anlegen").click()
    expect(staff.get_by_text("Bitte geben Sie die Zahl der Stufen an.")).to_be_visible()
    expect(staff.get_by_label("Stufen der Skala")).to_be_visible()
    expect(staff.get_by_label("Antwortmöglichkeiten")).to_be_hidden()

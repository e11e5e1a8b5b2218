"""In headless Chromium: three participants vote on phones (one without JavaScript) and the
projector follows without a reload; keyboard use, the polite announcement, the ballot after a
reload, refusals next to the item tapped; axe-core when it is vendored in the repository."""

import time

import pytest
from django.urls import reverse

from tests.public.browser import axe_violations, wait_until
from tests.voting.conftest import join, make_vote, place
from voting.services import dot_vote_close, dot_vote_results_hidden_set

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect  # polls from Playwright's own world: the pages' CSP forbids eval

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}


def _phone(browser, *, javascript=True, bypass_csp=False):
    context = browser.new_context(
        viewport=PHONE, locale="de-DE", java_script_enabled=javascript, bypass_csp=bypass_csp
    )
    return context.new_page()


def _projector(browser, live_server, user, vote, *, bypass_csp=False):
    context = browser.new_context(
        viewport={"width": 1400, "height": 900}, locale="de-DE", bypass_csp=bypass_csp
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("admin:login") + "?next=/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    page.goto(live_server.url + reverse("voting:projector", args=[vote.code]))
    return page


def _staff_page(projector, live_server, vote):
    """The facilitator's buttons, in a second window beside the projector."""
    page = projector.context.new_page()
    page.goto(live_server.url + reverse("voting:staff", args=[vote.code]))
    return page


def _item(page, title):
    return page.locator("li.vote-item", has_text=title)


def test_three_participants_vote_and_the_projector_follows_without_reload(
    browser, live_server, hagen_world, hagen_editor
):
    vote = make_vote(hagen_world["event"], items=3, labels=())
    a, b, c = (item.title for item in vote.items.select_related("recommendation"))
    participant_url = live_server.url + reverse("voting:participant", args=[vote.code])

    projector = _projector(browser, live_server, hagen_editor, vote)
    assert projector.locator("[data-dots-total]").inner_text() == "0"
    assert projector.locator(".projector-code").inner_text() == vote.code
    projector.evaluate("window.notReloaded = true")

    # Anna, on a phone, with the keyboard: Tab to "+" on the first item, Enter three times.
    anna = _phone(browser)
    anna.goto(participant_url)
    plus = _item(anna, a).locator('[data-delta="1"]')
    plus.focus()
    for _ in range(3):
        anna.keyboard.press("Enter")
        anna.wait_for_timeout(150)
    expect(anna.locator("[data-remaining]")).to_have_text("2")
    # At the cap the button says so but keeps the focus (aria-disabled, not disabled).
    assert plus.get_attribute("aria-disabled") == "true"
    assert anna.evaluate("document.activeElement.dataset.delta") == "1"
    announcer = anna.locator("#vote-announcer")
    assert announcer.get_attribute("aria-live") == "polite"
    expect(announcer).to_contain_text("Noch 2 von 5 Punkten übrig")

    # Ben taps with a finger, twice quickly on one item (a double tap), then once elsewhere.
    ben = _phone(browser)
    ben.goto(participant_url)
    _item(ben, a).locator('[data-delta="1"]').dblclick()
    _item(ben, b).locator('[data-delta="1"]').click()
    expect(ben.locator("[data-remaining]")).to_have_text("2")

    # Cem has no JavaScript: plain form posts, post/redirect/get.
    cem = _phone(browser, javascript=False)
    cem.goto(participant_url)
    last_write = time.monotonic()
    _item(cem, c).locator('[data-delta="1"]').click()
    assert cem.url.endswith(f"#item-{vote.items.get(recommendation__title=c).pk}")
    expect(_item(cem, c).locator("[data-note]")).to_contain_text(
        "Gespeichert: 1 Punkt auf diesem Eintrag"
    )

    # The projector shows the new ranking without a reload, well within a second or two.
    expect(projector.locator("[data-dots-total]")).to_have_text("7", timeout=3000)
    lag = time.monotonic() - last_write
    assert projector.evaluate("window.notReloaded") is True
    assert projector.locator("[data-participants]").inner_text() == "3"
    assert projector.locator("[data-voters-total]").inner_text() == "3"
    rows = projector.locator("[data-ranking] li")
    assert [rows.nth(i).locator("[data-title]").inner_text() for i in range(3)] == [a, b, c]
    assert rows.nth(0).locator("[data-total]").inner_text() == "5"
    assert rows.nth(0).locator("[data-bar-live]").evaluate("e => e.style.width") == "100%"
    assert rows.nth(1).locator("[data-voters]").inner_text() == "1"
    print(f"\nprojector updated {lag * 1000:.0f} ms after the last write")

    # After a reload the ballot is still there: it lives on the server.
    anna.reload()
    assert _item(anna, a).locator("[data-dots]").inner_text() == "3"

    # The facilitator closes on the staff page; the projector follows without a reload; a later
    # tap is refused with a message next to the item, and nothing changes.
    _staff_page(projector, live_server, vote).click("text=Schließen")
    expect(projector.locator("[data-status-label]")).to_have_text("Geschlossen", timeout=3000)
    assert projector.evaluate("window.notReloaded") is True
    _item(ben, c).locator('[data-delta="1"]').click()
    expect(_item(ben, c).locator("[data-note]")).to_contain_text("geschlossen")
    assert _item(ben, c).locator("[data-dots]").inner_text() == "0"


def test_axe_finds_no_violations_on_the_voting_pages(
    browser, live_server, hagen_world, hagen_editor
):
    """axe-core is injected, so these contexts bypass the CSP; the pages are in a used state."""
    vote = make_vote(hagen_world["event"], items=3)
    first = vote.items.order_by("order").first()
    place(join(vote), vote, first, 2)
    participant_url = live_server.url + reverse("voting:participant", args=[vote.code])

    phone = _phone(browser, bypass_csp=True)
    phone.goto(participant_url)
    _item(phone, first.title).locator('[data-delta="1"]').click()
    expect(phone.locator("[data-remaining]")).to_have_text("4")
    _item(phone, first.title).locator('[data-delta="1"]').click()
    _item(phone, first.title).locator('[data-delta="1"]').click()
    expect(phone.locator("#vote-announcer")).to_contain_text("Noch 2 von 5")
    # Over the cap: the button is aria-disabled and says why when pressed anyway.
    _item(phone, first.title).locator('[data-delta="1"]').click(force=True)
    expect(_item(phone, first.title).locator("[data-note]")).to_contain_text("Höchstens 3")
    pages = {"participant (phone)": phone}

    # Without the page script (blocked, so that axe itself can still run): a plain form post.
    no_js = _phone(browser, bypass_csp=True)
    no_js.route("**/vote.js", lambda route: route.abort())
    no_js.goto(participant_url)
    _item(no_js, first.title).locator('[data-delta="1"]').click()
    pages["participant after a form post"] = no_js

    join_page = _phone(browser, bypass_csp=True)
    join_page.goto(live_server.url + reverse("voting:join") + "?code=x")
    pages["join form with an error"] = join_page

    # The keys' hint fades in and out: without transitions axe measures it shown or hidden,
    # never halfway (a fade's middle is a contrast finding of the moment, not of the page).
    no_fades = "*, *::before, *::after { transition: none !important; }"
    projector = _projector(browser, live_server, hagen_editor, vote, bypass_csp=True)
    projector.add_style_tag(content=no_fades)
    expect(projector.locator("[data-dots-total]")).to_have_text("6")
    pages["projector, join view"] = projector
    results = _projector(browser, live_server, hagen_editor, vote, bypass_csp=True)
    results.add_style_tag(content=no_fades)
    results.keyboard.press("e")
    expect(results.locator("[data-ranking] li")).to_have_count(1)
    wait_until(
        results, "getComputedStyle(document.querySelector('[data-keys-hint]')).opacity === '1'"
    )
    pages["projector, result view"] = results
    paper = projector.context.new_page()
    paper.goto(live_server.url + reverse("voting:paper", args=[vote.code]))
    pages["paper counts"] = paper

    staff = _staff_page(projector, live_server, vote)
    with staff.expect_navigation():
        staff.click("text=Schließen")
    pages["staff page after closing"] = staff
    closed = _phone(browser, bypass_csp=True)
    closed.goto(participant_url)
    pages["closed, with the result"] = closed

    found = {name: axe_violations(page) for name, page in pages.items()}
    assert found == {name: [] for name in pages}


def test_rapid_taps_on_several_items_end_with_the_servers_numbers(
    browser, live_server, hagen_world
):
    vote = make_vote(hagen_world["event"], items=4, labels=())
    titles = [item.title for item in vote.items.select_related("recommendation")]
    phone = _phone(browser)
    phone.goto(live_server.url + reverse("voting:participant", args=[vote.code]))
    taps = [(0, "1"), (1, "1"), (0, "1"), (2, "1"), (1, "-1"), (3, "1"), (0, "1"), (1, "1")]
    for index, delta in taps:  # no waiting in between; the last one is over the budget
        _item(phone, titles[index]).locator(f'[data-delta="{delta}"]').click(force=True)
    expect(phone.locator("[data-remaining]")).to_have_text("0")  # 3 + 0 + 1 + 1
    expect(phone.locator("#vote-announcer")).to_contain_text("Noch 0 von 5")
    shown = [_item(phone, t).locator("[data-dots]").inner_text() for t in titles]
    phone.reload()
    assert [_item(phone, t).locator("[data-dots]").inner_text() for t in titles] == shown
    assert shown == ["3", "0", "1", "1"]
    assert phone.locator("[data-remaining]").inner_text() == "0"


def test_a_tap_after_the_close_of_a_draft_documentations_vote_says_it_is_over(
    browser, live_server, hagen_world
):
    draft = hagen_world["draft"]
    draft.strategies.add(hagen_world["strategy"])
    vote = make_vote(draft, items=2, labels=())
    phone = _phone(browser)
    phone.goto(live_server.url + reverse("voting:participant", args=[vote.code]))
    assert draft.title not in phone.content()
    title = vote.items.select_related("recommendation").first().title
    dot_vote_close(vote=vote)
    _item(phone, title).locator('[data-delta="1"]').click()
    expect(phone.locator("#vote-error")).to_have_text(
        "Die Abstimmung ist beendet oder nicht mehr erreichbar."
    )
    expect(_item(phone, title).locator("[data-dots]")).to_have_text("0")


def _inside(inner: dict, outer: dict) -> bool:
    return (
        outer["x"] <= inner["x"]
        and outer["y"] <= inner["y"]
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 0.5
    )


def test_a_refused_tap_says_why_in_the_row_of_the_item_tapped(browser, live_server, hagen_world):
    vote = make_vote(hagen_world["event"], items=3, labels=(), dots_per_participant=4)
    first, second, third = (item.title for item in vote.items.select_related("recommendation"))
    phone = _phone(browser)
    phone.goto(live_server.url + reverse("voting:participant", args=[vote.code]))
    for _ in range(3):
        _item(phone, first).locator('[data-delta="1"]').click()
    expect(phone.locator("[data-remaining]")).to_have_text("1")

    # Beyond the cap: the reason stands in that item's row, visible and read out.
    plus = _item(phone, first).locator('[data-delta="1"]')
    plus.click(force=True)
    note = _item(phone, first).locator("[data-note]")
    expect(note).to_have_text("Höchstens 3 Punkte pro Eintrag.")
    expect(note).to_be_visible()
    box, row = note.bounding_box(), _item(phone, first).bounding_box()
    assert box["width"] > 0 and box["height"] > 0 and _inside(box, row)
    assert row["y"] < plus.bounding_box()["y"] + 1 < box["y"]  # under the buttons
    assert note.get_attribute("aria-live") == "polite"
    assert note.get_attribute("id") in plus.get_attribute("aria-describedby").split()
    for other in (second, third):
        assert _item(phone, other).locator("[data-note]").inner_text() == ""
    assert phone.locator("#vote-error").is_hidden()

    # The next successful tap clears it; with no dots left a tap elsewhere says so there.
    _item(phone, second).locator('[data-delta="1"]').click()
    expect(note).to_have_text("")
    assert note.bounding_box() is None or note.bounding_box()["height"] == 0
    expect(phone.locator("[data-remaining]")).to_have_text("0")
    _item(phone, third).locator('[data-delta="1"]').click(force=True)
    expect(_item(phone, third).locator("[data-note]")).to_contain_text("Alle Punkte sind vergeben")
    expect(note).to_have_text("")

    # A refusal by the server (here: closed meanwhile) stands next to the item too.
    dot_vote_close(vote=vote)
    _item(phone, second).locator('[data-delta="-1"]').click()
    server_note = _item(phone, second).locator("[data-note]")
    expect(server_note).to_contain_text("geschlossen")
    expect(server_note).to_be_visible()
    assert _inside(server_note.bounding_box(), _item(phone, second).bounding_box())
    expect(_item(phone, third).locator("[data-note]")).to_have_text("")
    expect(_item(phone, second).locator("[data-dots]")).to_have_text("1")


def test_the_script_says_1_punkt_and_2_punkte(browser, live_server, hagen_world):
    vote = make_vote(hagen_world["event"], items=2, labels=())
    first = vote.items.select_related("recommendation").first().title
    phone = _phone(browser)
    phone.goto(live_server.url + reverse("voting:participant", args=[vote.code]))
    row = _item(phone, first)
    announcer = phone.locator("#vote-announcer")
    word = row.locator("[data-dots-word]")
    assert word.text_content() == " Punkte"  # 0 Punkte
    row.locator('[data-delta="1"]').click()
    expect(announcer).to_have_text(f"1 Punkt auf „{first}“. Noch 4 von 5 Punkten übrig.")
    assert word.text_content() == " Punkt"
    row.locator('[data-delta="1"]').click()
    expect(announcer).to_have_text(f"2 Punkte auf „{first}“. Noch 3 von 5 Punkten übrig.")
    assert word.text_content() == " Punkte"


def test_the_phone_page_spends_little_height_on_the_frame(browser, live_server, hagen_world):
    vote = make_vote(hagen_world["event"], items=3, labels=())
    phone = _phone(browser)
    phone.goto(live_server.url + reverse("voting:participant", args=[vote.code]))
    header = phone.locator("header").bounding_box()
    assert header["height"] < 50  # the site header took about 150 px here
    assert phone.locator("nav[aria-label=Hauptnavigation]").count() == 0
    # The first item's buttons are on the first screen.
    first_plus = phone.locator('li.vote-item [data-delta="1"]').first.bounding_box()
    assert first_plus["y"] + first_plus["height"] < PHONE["height"]
    footer = phone.locator("footer")
    for name in ("Impressum", "Datenschutz", "Barrierefreiheit"):
        expect(footer.get_by_role("link", name=name)).to_be_visible()
    phone.keyboard.press("Tab")
    expect(phone.locator(".skip-link")).to_be_focused()


def test_a_dot_that_waits_for_the_connection_says_so_in_its_row(browser, live_server, hagen_world):
    vote = make_vote(hagen_world["event"], items=2, labels=())
    first = vote.items.select_related("recommendation").first().title
    phone = _phone(browser)
    phone.goto(live_server.url + reverse("voting:participant", args=[vote.code]))
    failures = []

    def offline_once(route):
        if not failures:
            failures.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    phone.route("**/ballot/", offline_once)
    _item(phone, first).locator('[data-delta="1"]').click()
    note = _item(phone, first).locator("[data-note]")
    expect(note).to_contain_text("Keine Verbindung")
    expect(note).to_be_visible()
    # Sent again a second later: the note goes, the dot is stored.
    expect(note).to_have_text("", timeout=5000)
    expect(phone.locator("#vote-announcer")).to_contain_text(f"1 Punkt auf „{first}“")
    assert vote.items.get(recommendation__title=first).ballots.get().dots == 1


def test_a_phone_hears_that_the_vote_closed_and_that_its_result_shows(
    browser, live_server, hagen_world
):
    vote = make_vote(hagen_world["event"], items=2, labels=(), results_hidden=True)
    title = vote.items.select_related("recommendation").first().title
    phone = _phone(browser)
    phone.goto(live_server.url + reverse("voting:participant", args=[vote.code]))
    phone.evaluate("window.notReloaded = true")
    plus = _item(phone, title).locator('[data-delta="1"]')
    plus.click()
    # Confirmed by the server (the page shows the wanted number at once, before the answer).
    expect(phone.locator("#vote-announcer")).to_contain_text("1 Punkt auf")
    dot_vote_close(vote=vote)
    notice = phone.locator("[data-state-notice]")
    # Polled every 5 s here (no stream on the test server); pushed where there is one.
    expect(notice).to_contain_text("Die Abstimmung ist geschlossen.", timeout=8000)
    expect(plus).to_have_attribute("aria-disabled", "true")
    plus.click(force=True)  # aria-disabled: focusable, and says why when pressed
    expect(_item(phone, title).locator("[data-note]")).to_contain_text("nicht geöffnet")
    expect(_item(phone, title).locator("[data-dots]")).to_have_text("1")
    dot_vote_results_hidden_set(vote=vote, hidden=False)
    expect(notice).to_contain_text("das Ergebnis ist zu sehen", timeout=8000)
    assert phone.evaluate("window.notReloaded") is True
    notice.get_by_role("link", name="Seite neu laden").click()
    expect(phone.get_by_role("heading", name="Ergebnis")).to_be_visible()


def test_the_projector_of_a_closed_vote_no_longer_shows_the_way_in(
    browser, live_server, hagen_world, hagen_editor
):
    vote = make_vote(hagen_world["event"], items=2, labels=())
    projector = _projector(browser, live_server, hagen_editor, vote)
    projector.keyboard.press("e")  # the result, with the strip of the way in above it
    strip = projector.locator(".projector-strip")
    expect(strip).to_be_visible()
    dot_vote_close(vote=vote)
    expect(strip).to_be_hidden(timeout=5000)

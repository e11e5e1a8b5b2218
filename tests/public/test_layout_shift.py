"""In a phone's browser nothing moves once the page is drawn, even when the script comes late;
the folded filter and contents boxes open and close by keyboard."""

import time

import pytest
from django.urls import reverse

from tests.public.browser import wait_until
from tests.public.conftest import LARGEST_DEMO_EVENT

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}

LAYOUT_SHIFT = """() => new Promise(resolve => {
    let sum = 0;
    new PerformanceObserver(list => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) sum += entry.value;
    }).observe({type: "layout-shift", buffered: true});
    setTimeout(() => resolve(sum), 700);
})"""


@pytest.mark.parametrize(
    "url",
    [
        reverse("events:list"),
        reverse("recommendations:list"),
        reverse("events:detail", args=[LARGEST_DEMO_EVENT]),
        reverse("events:detail", args=["hagen-umsetzungskonferenz-2022"]),
    ],
)
def test_nothing_moves_on_a_phone_after_the_page_is_drawn(
    committed_demo_content, live_server, browser, url
):
    context = browser.new_context(viewport=PHONE, locale="de-DE")
    page = context.new_page()

    def late_script(route):
        time.sleep(0.6)  # a slow connection: the page is drawn before the script runs
        route.continue_()

    page.route("**/portal*.js", late_script)
    page.goto(live_server.url + url, wait_until="load")
    assert page.evaluate(LAYOUT_SHIFT) == 0


def test_the_boxes_open_and_close_by_keyboard(committed_demo_content, live_server, browser):
    context = browser.new_context(viewport=PHONE, locale="de-DE")
    page = context.new_page()
    page.goto(live_server.url + reverse("events:list"))
    details = page.locator("form.filters details")
    assert details.evaluate("d => d.open") is False
    page.locator("form.filters summary").focus()
    page.keyboard.press("Enter")
    assert details.evaluate("d => d.open") is True
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('details') !== null")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    assert details.evaluate("d => d.open") is False

    page.goto(live_server.url + reverse("events:detail", args=[LARGEST_DEMO_EVENT]))
    toc = page.locator("nav.toc-narrow details")
    assert page.locator("nav.toc-wide").is_hidden()
    assert toc.evaluate("d => d.open") is False
    page.locator("nav.toc-narrow summary").focus()
    page.keyboard.press("Enter")
    assert toc.evaluate("d => d.open") is True
    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement.getAttribute('href')")
    assert first.startswith("#")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == first
    # The button that prints is there from the first drawing on (it needs the script to work).
    assert page.locator("[data-print]").is_visible()


def test_on_a_wide_screen_the_contents_stand_open_beside_the_text(
    committed_demo_content, live_server, browser
):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="de-DE")
    page = context.new_page()
    page.goto(live_server.url + reverse("events:detail", args=[LARGEST_DEMO_EVENT]))
    assert page.evaluate(LAYOUT_SHIFT) == 0
    assert page.locator("nav.toc-narrow").is_hidden()
    first = page.locator("nav.toc-wide a").first
    assert first.is_visible()
    # Far down the page the contents still stand beside the text.
    page.mouse.wheel(0, 20_000)
    wait_until(page, "window.scrollY > 10000")
    box = page.locator("nav.toc-wide").bounding_box()
    assert 0 <= box["y"] < 800

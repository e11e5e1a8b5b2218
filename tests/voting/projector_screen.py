"""Measuring a projector page (dot-vote, poll or audience questions) in Chromium: the checks its
screenshot tests share."""

from django.urls import reverse

SIZES = [(1024, 768), (1280, 720), (1920, 1080)]


# What the tests measure on a projector page, in one call: the page's size, the code, the QR
# code, the rows of the list and whatever could be pressed.
MEASURE = """() => {
  const box = (el) => el ? el.getBoundingClientRect().toJSON() : null;
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && style.visibility !== "hidden" && style.opacity !== "0";
  };
  const code = document.querySelector(".projector-code");
  const qr = document.querySelector(".projector-qr svg");
  const rows = [...document.querySelectorAll(
    "[data-ranking] > li, .poll-result > li, .poll-texts > li, .audience-list > li"
  )];
  return {
    width: innerWidth, height: innerHeight,
    scrollHeight: document.documentElement.scrollHeight,
    scrollWidth: document.documentElement.scrollWidth,
    view: (document.querySelector("[data-projector-screen]") || {dataset: {}}).dataset.view,
    code: code && visible(code) ? {
      box: box(code), lineHeight: parseFloat(getComputedStyle(code).lineHeight),
      overflow: code.scrollWidth - code.clientWidth, text: code.textContent,
    } : null,
    qr: qr && visible(qr) ? box(qr) : null,
    rows: rows.filter(visible).map((row) => ({box: box(row), text: row.textContent.trim()})),
    rowCount: rows.length,
    pager: (document.querySelector("[data-pager]") || {}).textContent || "",
    pressable: [...document.querySelectorAll(
      "button, input, select, textarea, a[href], [role=button], [tabindex]:not([tabindex='-1'])"
    )].filter(visible).map((el) => el.outerHTML.slice(0, 80)),
  };
}"""


def assert_fits(found: dict) -> None:
    """No scroll, and nothing that could be pressed."""
    assert found["scrollHeight"] <= found["height"], found
    assert found["scrollWidth"] <= found["width"], found
    assert found["pressable"] == []


def assert_join_view(found: dict, code: str) -> None:
    assert found["view"] == "join"
    shown = found["code"]
    assert shown is not None and shown["text"] == code
    box = shown["box"]
    # One line box: not two lines' height, nothing cut off at the right.
    assert box["height"] < 1.5 * shown["lineHeight"], shown
    assert shown["overflow"] <= 0, shown
    assert 0 <= box["left"] and box["right"] <= found["width"], shown
    assert 0 <= box["top"] and box["bottom"] <= found["height"], shown
    assert found["qr"]["height"] >= 0.4 * found["height"], found["qr"]
    assert found["qr"]["bottom"] <= found["height"]


def assert_rows_in_view(found: dict, first: list[str]) -> None:
    """The visible rows are all on the screen, and the first of them are ``first``."""
    rows = found["rows"]
    assert len(rows) >= len(first), found
    for row in rows:
        assert 0 <= row["box"]["top"] and row["box"]["bottom"] <= found["height"], row
    for row, title in zip(rows, first, strict=False):
        assert title in row["text"]


def staff_context(browser, live_server, user, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="de-DE")
    page = context.new_page()
    page.goto(live_server.url + reverse("admin:login") + "?next=/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    return context, page

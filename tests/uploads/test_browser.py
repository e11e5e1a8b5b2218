"""Photos and files on the event page in Chromium: axe-core finds nothing on a desktop or a phone,
the browser picks a size from srcset, each image's box has its proportions before it loads, and a
printed figure is never split."""

import pytest
from django.utils import translation

from tests.public.browser import axe_violations, wait_until
from tests.uploads.conftest import image_bytes, make_attachment, make_photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_photos_and_files_on_the_event_page_are_accessible_and_keep_their_space(
    hagen_world, live_server, chromium
):
    event = hagen_world["event"]
    for order, size in enumerate([(3000, 2000), (1200, 1600), (900, 600)]):
        make_photo(
            event,
            data=image_bytes("JPEG", size),
            alt_text=f"Thementisch {order + 1} mit Flipchart",
            caption="Ergebnisse am Nachmittag",
            credit="Stadt Hagen",
            order=order,
        )
    make_attachment(event, title="Anlage 2: Präsentation")
    for viewport, locale in (
        ({"width": 1280, "height": 900}, "de-DE"),
        ({"width": 390, "height": 844}, "en-GB"),
    ):
        with translation.override(locale[:2]):  # the English page at /en/…
            url = live_server.url + event.get_absolute_url()
        context = chromium.new_context(viewport=viewport, locale=locale, bypass_csp=True)
        page = context.new_page()
        page.goto(url)
        # Before any image has loaded (they are lazy, far down), their boxes have their shape.
        shapes = page.eval_on_selector_all(
            ".photo img",
            """imgs => imgs.map(i => {
                const box = i.getBoundingClientRect();
                return [box.width, box.height, i.getAttribute("width") / i.getAttribute("height")];
            })""",
        )
        assert len(shapes) == 3
        for width, height, attributes in shapes:
            assert width > 0 and abs(width / height - attributes) < 0.02
        page.locator("#fotos-und-dateien").scroll_into_view_if_needed()
        wait_until(
            page,
            "[...document.querySelectorAll('.photo img')].every(i => i.complete && i.naturalWidth)",
        )
        sources = page.eval_on_selector_all(".photo img", "imgs => imgs.map(i => i.currentSrc)")
        assert all("/media/photos/" in src and src.endswith(".webp") for src in sources)
        assert axe_violations(page) == []
        context.close()

    context = chromium.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(url)
    page.emulate_media(media="print")
    assert page.eval_on_selector(".photo", "f => getComputedStyle(f).breakInside") == "avoid"
    context.close()

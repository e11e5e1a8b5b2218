"""axe-core finds no violation on the open-data page, in German on a desktop and in English on
a phone (where the tables become lists)."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.public.browser import axe_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "language, viewport",
    [("de", {"width": 1280, "height": 900}), ("en", {"width": 390, "height": 844})],
)
def test_no_axe_violations_on_the_open_data_page(
    committed_demo_content, live_server, chromium, language, viewport
):
    with translation.override(language):
        url = reverse("opendata:index")
    context = chromium.new_context(viewport=viewport, locale=language, bypass_csp=True)
    page = context.new_page()
    response = page.goto(live_server.url + url)
    assert response.status == 200
    assert page.locator("table.datasets tbody tr").count() == 4 + 5
    page.get_by_role("link", name="JSON").first.focus()
    assert axe_violations(page) == []
    context.close()

"""The filter box and the documentation's contents are folded by the server, not by a script
after the page is drawn (tests/public/test_layout_shift.py shows that nothing moves)."""

import pytest
from django.urls import reverse

from tests.public.conftest import LARGEST_DEMO_EVENT

pytestmark = pytest.mark.django_db


def test_the_filters_are_drawn_folded_unless_one_is_in_use(demo_content, client):
    folded = client.get(reverse("events:list")).content.decode()
    assert "<details>\n    <summary>Filter</summary>" in folded
    in_use = client.get(reverse("events:list") + "?municipality=hagen").content.decode()
    assert "<details open>\n    <summary>Filter</summary>" in in_use
    searched = client.get(reverse("recommendations:list") + "?q=Ehrenamt").content.decode()
    assert "<details>\n    <summary>Filter</summary>" in searched


def test_the_contents_are_drawn_folded_for_phones_and_open_for_wide_screens(demo_content, client):
    page = client.get(reverse("events:detail", args=[LARGEST_DEMO_EVENT])).content.decode()
    assert '<details>\n      <summary><h2 id="toc-title-narrow">' in page
    wide = page.split('<nav class="toc toc-wide"', 1)[1].split("</nav>", 1)[0]
    assert "<details" not in wide and '<h2 id="toc-title">' in wide
    assert "hidden" not in page.split("data-print", 1)[1].split(">", 1)[0]

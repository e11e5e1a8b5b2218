"""In headless Chromium: the Standortbestimmung without JavaScript, the questionnaire with and
without it, and an axe-core check when axe-core is vendored in the repository."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from assessments.models import Answer, Criterion, Respondent
from assessments.services import respondent_invite

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_CANDIDATES = [
    "static/vendor/axe.min.js",
    "static/vendor/axe-core/axe.min.js",
    "tests/vendor/axe.min.js",
    "tests/axe.min.js",
]


@pytest.fixture(scope="module", autouse=True)
def _orm_beside_playwright():
    """Playwright's sync API runs an event loop; let the tests use the ORM meanwhile, and only
    in this module (a leaked variable would fail the deploy check of tests/test_settings.py)."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _page(browser, *, javascript: bool = True):
    context = browser.new_context(java_script_enabled=javascript, locale="de-DE")
    return context.new_page()


def test_the_standortbestimmung_reads_without_javascript(browser, live_server, dessau_assessment):
    page = _page(browser, javascript=False)
    page.goto(live_server.url + reverse("assessments:detail", args=[dessau_assessment.pk]))
    assert page.locator("html").get_attribute("lang") == "de"
    matrix = page.locator("table.standort-matrix")
    assert "Reifegrad je Handlungsfeld" in matrix.locator("caption").inner_text()
    assert matrix.locator("thead th[scope=col]").count() == 4  # field + three levels
    assert matrix.locator("tbody th[scope=row]").count() == 3
    reached = matrix.locator("td.standort-reached")
    assert reached.count() == 3
    assert all("erreicht" in text for text in reached.all_inner_texts())
    assert page.locator("h1").count() == 1 and page.locator("main").count() == 1
    page.context.close()


def test_the_standortbestimmung_prints_without_site_navigation(
    browser, live_server, dessau_assessment
):
    page = _page(browser)
    page.goto(live_server.url + reverse("assessments:detail", args=[dessau_assessment.pk]))
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert page.locator("table.standort-matrix").is_visible()
    assert len(page.pdf(format="A4")) > 1000
    page.context.close()


def _axe_source() -> str | None:
    for candidate in AXE_CANDIDATES:
        path = Path(settings.BASE_DIR) / candidate
        if path.exists():
            return path.read_text()
    return None


def test_axe_finds_no_violations_on_the_standortbestimmung(browser, live_server, dessau_assessment):
    source = _axe_source()
    if source is None:
        pytest.skip("axe-core is not vendored (looked in: " + ", ".join(AXE_CANDIDATES) + ")")
    page = _page(browser)
    page.goto(live_server.url + reverse("assessments:detail", args=[dessau_assessment.pk]))
    page.add_script_tag(content=source)
    result = page.evaluate(
        "() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
    )
    violations = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
    assert violations == []
    page.context.close()


@pytest.fixture
def link(dessau_assessment):
    respondent = Respondent.objects.create(assessment=dessau_assessment, unit="Dezernat III")
    return respondent, respondent_invite(respondent=respondent)


def test_the_questionnaire_saves_without_javascript(browser, live_server, link):
    respondent, token = link
    page = _page(browser, javascript=False)
    page.goto(live_server.url + reverse("assessments:questionnaire_field", args=[token, "1"]))
    page.get_by_role("group", name="1.1 Strukturen und Prozesse zur Steuerung").get_by_label(
        "eher ja"
    ).check()
    page.get_by_label("Anmerkung zu 1.2 (freiwillig)").fill("Kein Monitoring bisher")
    page.get_by_role("button", name="Speichern und weiter").click()
    assert page.url.endswith(reverse("assessments:questionnaire_field", args=[token, "4"]))
    assert "gespeichert" in page.locator(".messages").inner_text()
    answers = {a.criterion.number: a for a in Answer.objects.filter(respondent=respondent)}
    assert answers["1.1"].value.value == "eher_ja"
    assert answers["1.2"].comment == "Kein Monitoring bisher"
    page.context.close()


def test_the_questionnaire_saves_as_the_respondent_clicks(browser, live_server, link):
    respondent, token = link
    page = _page(browser)
    page.goto(live_server.url + reverse("assessments:questionnaire_field", args=[token, "5"]))
    criterion = Criterion.objects.get(
        field__framework=respondent.assessment.framework, number="5.1"
    )
    page.locator(f"#id_c{criterion.pk}_3").check()  # nein, by keyboard-free click
    status = page.locator("#autosave-status")
    status.filter(has_text="automatisch gespeichert").wait_for(timeout=5000)
    assert Answer.objects.get(respondent=respondent, criterion=criterion).value.value == "nein"
    page.context.close()

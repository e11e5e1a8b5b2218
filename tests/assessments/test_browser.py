"""In headless Chromium: the Standortbestimmung without JavaScript and in print, the
questionnaire with and without JavaScript, and axe-core (tests/vendor) on all of them."""

import datetime

import pytest
from django.urls import reverse

from assessments.models import Answer, Criterion, Respondent
from assessments.services import respondent_invite
from events.models import Agreement, Contribution, Session
from tests.assessments.conftest import make_assessment
from tests.conftest import make_event
from tests.public.browser import axe_violations

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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


@pytest.fixture
def with_everything(dessau_assessment, framework, dessau, workshop):
    """The Dessau-Roßlau check with an earlier one, two chosen fields, results and agreements."""
    earlier = make_event(dessau, slug="dessau-2018", date=datetime.date(2018, 5, 1))
    make_assessment(framework, dessau, event=earlier, levels={"1": 1, "4": 3, "5": 1})
    for number in ["4", "5"]:
        session = Session.objects.create(
            event=workshop,
            slug=f"ag-{number}",
            kind=Session.Kind.WORKING_GROUP,
            title=f"AG {number}",
        )
        point = Contribution.objects.create(session=session, category="Was läuft gut?", text="Gut")
        Contribution.objects.create(
            session=session, parent=point, category="Was läuft gut?", text="x"
        )
        dessau_assessment.field_results.filter(field__number=number).update(
            chosen=True, session=session
        )
    Agreement.objects.create(event=workshop, text="Dialog", due_date=datetime.date(2020, 10, 8))
    return dessau_assessment


def test_axe_finds_no_violations_on_the_standortbestimmung(browser, live_server, with_everything):
    context = browser.new_context(bypass_csp=True, locale="de-DE")  # axe is injected
    page = context.new_page()
    page.goto(live_server.url + reverse("assessments:detail", args=[with_everything.pk]))
    assert page.locator("td.standort-change").count() == 3
    assert page.get_by_role("heading", name="Was läuft gut?").count() == 2
    assert axe_violations(page) == []
    context.close()


def test_axe_finds_no_violations_in_the_questionnaire(browser, live_server, link):
    _, token = link
    context = browser.new_context(bypass_csp=True, locale="de-DE")
    page = context.new_page()
    for url in [
        reverse("assessments:questionnaire", args=[token]),
        reverse("assessments:questionnaire_field", args=[token, "4"]),
        reverse("assessments:questionnaire", args=["falsch"]),
    ]:
        page.goto(live_server.url + url)
        assert axe_violations(page) == [], url
    context.close()


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

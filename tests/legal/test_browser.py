"""The feedback form in Chromium, by keyboard and without JavaScript: the errors are listed
first, tied to their fields, and pass axe-core; a corrected message arrives and is mailed."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from legal.models import AccessibilityFeedback
from tests.public.browser import axe_violations

pytestmark = pytest.mark.browser


def test_a_citizen_reports_a_barrier_by_keyboard_without_javascript(
    live_server, chromium, settings, transactional_db
):
    settings.ACCESSIBILITY_FEEDBACK_EMAIL = ["barrierefreiheit@hagen.de"]
    context = chromium.new_context(locale="de-DE", java_script_enabled=False, bypass_csp=True)
    page = context.new_page()
    page.goto(live_server.url + reverse("legal:accessibility"))

    # The form on the statement, sent empty, with an address that is not one.
    page.get_by_label("Ihre E-Mail-Adresse (freiwillig)").fill("erika@")
    page.get_by_role("button", name="Nachricht senden").press("Enter")
    # Enter only starts the form's request: the answer's title is there once it has loaded.
    expect(page).to_have_title(re.compile(r"^Fehler: Barriere melden"))
    summary = page.locator(".error-summary")
    assert "Bitte schreiben Sie Ihre Nachricht." in summary.inner_text()
    message = page.get_by_label("Ihre Nachricht")
    assert message.get_attribute("aria-invalid") == "true"
    assert "id_message-error" in message.get_attribute("aria-describedby")
    assert not AccessibilityFeedback.objects.exists()
    # axe-core needs JavaScript: the same refusal in a context that runs it.
    checker = chromium.new_context(locale="de-DE", bypass_csp=True).new_page()
    checker.goto(live_server.url + reverse("legal:feedback"))
    checker.get_by_label("Ihre E-Mail-Adresse (freiwillig)").fill("erika@")
    checker.get_by_role("button", name="Nachricht senden").click()
    assert checker.locator(".error-summary").is_visible()
    assert axe_violations(checker) == []

    # The summary's link leads to the field; the citizen corrects and sends again.
    page.get_by_role("link", name="Ihre Nachricht: Bitte schreiben Sie Ihre Nachricht.").click()
    page.keyboard.type("Die Grafik der Punkte hat keinen Text.")
    page.get_by_label("Ihre E-Mail-Adresse (freiwillig)").fill("erika@example.org")
    page.get_by_role("button", name="Nachricht senden").press("Enter")
    assert "Vielen Dank. Ihre Nachricht ist angekommen." in page.locator("main").inner_text()
    assert AccessibilityFeedback.objects.get().email == "erika@example.org"
    assert len(mail.outbox) == 1
    context.close()

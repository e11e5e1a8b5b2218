"""The accessibility statement's feedback form: a message is stored and mailed, bad input is
refused with messages tied to the fields, and a client over the limit is refused for a while;
the client is counted by a keyed hash, never by its address."""

import io
import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from legal.models import AccessibilityFeedback, FeedbackThrottle
from legal.services import feedback_refused

pytestmark = pytest.mark.django_db

CITIZEN = "198.51.100.23"
NEIGHBOUR = "198.51.100.24"
MESSAGE = "Die Tabelle der Ergebnisse kann mein Bildschirmleser nicht vorlesen."


@pytest.fixture(autouse=True)
def _feedback_settings(settings):
    settings.ACCESSIBILITY_FEEDBACK_EMAIL = ["barrierefreiheit@hagen.de"]
    settings.ACCESSIBILITY_FEEDBACK_LIMIT = 3
    settings.ACCESSIBILITY_FEEDBACK_WINDOW = 3600
    settings.TRUSTED_PROXY_COUNT = 0


def _send(data: dict, *, address: str = CITIZEN, language: str = "de", follow: bool = False):
    client = Client(REMOTE_ADDR=address)
    with translation.override(language):
        url = reverse("legal:feedback")  # /en/barrierefreiheit/rueckmeldung/ in English
    return client.post(url, data, follow=follow)


def test_a_message_is_stored_and_mailed_to_the_configured_address():
    response = _send(
        {
            "message": MESSAGE,
            "name": "Erika Muster",
            "email": "erika@example.org",
            "page": "/events/hagen-konferenz/",
        },
        follow=True,
    )
    assert response.redirect_chain == [(reverse("legal:feedback"), 302)]
    assert "Vielen Dank. Ihre Nachricht ist angekommen." in response.content.decode()

    feedback = AccessibilityFeedback.objects.get()
    assert (feedback.message, feedback.name, feedback.email, feedback.page) == (
        MESSAGE,
        "Erika Muster",
        "erika@example.org",
        "/events/hagen-konferenz/",
    )
    assert feedback.language == "de"
    assert feedback.mailed_at is not None

    (sent,) = mail.outbox
    assert sent.to == ["barrierefreiheit@hagen.de"]
    assert sent.reply_to == ["erika@example.org"]
    assert sent.subject == "Rückmeldung zur Barrierefreiheit"
    assert MESSAGE in sent.body
    assert "/events/hagen-konferenz/" in sent.body
    assert sent.body.endswith(f"/admin/legal/accessibilityfeedback/{feedback.pk}/change/")


def test_a_message_without_name_and_address_is_welcome_and_the_mail_says_no_reply_is_possible():
    _send({"message": MESSAGE})
    feedback = AccessibilityFeedback.objects.get()
    assert (feedback.name, feedback.email, feedback.page) == ("", "", "")
    (sent,) = mail.outbox
    assert sent.reply_to == []
    assert "Ohne E-Mail-Adresse ist keine Antwort möglich." in sent.body


def test_the_mail_is_german_when_the_citizen_wrote_in_english():
    _send({"message": "The table cannot be read aloud."}, language="en")
    (sent,) = mail.outbox
    assert sent.subject == "Rückmeldung zur Barrierefreiheit"
    assert "Sprache der Seite: en" in sent.body
    assert AccessibilityFeedback.objects.get().language == "en"


def test_without_a_configured_address_the_message_is_only_stored(settings):
    settings.ACCESSIBILITY_FEEDBACK_EMAIL = []
    response = _send({"message": MESSAGE})
    assert response.status_code == 302
    assert AccessibilityFeedback.objects.get().mailed_at is None
    assert mail.outbox == []


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Verbindung verloren")


def test_a_mail_server_that_refuses_leaves_the_message_stored(settings, caplog):
    settings.EMAIL_BACKEND = "tests.legal.test_feedback.RefusingBackend"
    response = _send({"message": MESSAGE})
    assert response.status_code == 302
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.mailed_at is None
    assert "stored but not mailed" in caplog.text


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"message": ""}, "message", "Bitte schreiben Sie Ihre Nachricht."),
        ({"message": "   "}, "message", "Bitte schreiben Sie Ihre Nachricht."),
        ({"message": "x" * 5001}, "message", "höchstens 5000 Zeichen"),
        ({"message": "Eine\x00Barriere"}, "message", "Nullzeichen"),
        ({"message": MESSAGE, "name": "Erika\x00"}, "name", "Nullzeichen"),
        ({"message": MESSAGE, "name": "E" * 201}, "name", "höchstens 200 Zeichen"),
        ({"message": MESSAGE, "email": "erika@"}, "email", "gültige E-Mail-Adresse"),
        ({"message": MESSAGE, "email": "a\x00@example.org"}, "email", "Nullzeichen"),
        ({"message": MESSAGE, "page": "/" * 501}, "page", "höchstens 500 Zeichen"),
    ],
    ids=[
        "empty",
        "blank",
        "too-long",
        "nul",
        "nul-name",
        "long-name",
        "bad-email",
        "nul-email",
        "long-page",
    ],
)
def test_bad_input_is_refused_with_a_message_at_its_field_and_nothing_is_stored(data, field, error):
    response = _send(data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Fehler: Barriere melden" in page
    assert "Bitte prüfen Sie Ihre Angaben" in page
    error_html = page.split(f'id="id_{field}-error">')[1].split("</span>")[0]
    assert error in error_html
    field_html = page.split(f'id="id_{field}"')[1].split(">")[0]
    assert 'aria-invalid="true"' in field_html
    assert f"id_{field}-error" in field_html
    assert f'<a href="#id_{field}">' in page
    assert not AccessibilityFeedback.objects.exists()
    assert not FeedbackThrottle.objects.exists()
    assert mail.outbox == []


def test_a_refused_message_keeps_what_the_citizen_typed():
    page = _send({"message": MESSAGE, "email": "erika@"}).content.decode()
    assert MESSAGE in page
    assert 'value="erika@"' in page


def test_errors_are_english_on_the_english_page():
    page = _send({"message": ""}, language="en").content.decode()
    assert "Please check your entries" in page
    assert "Please write your message." in page


def test_over_the_limit_a_client_is_refused_with_429_and_keeps_its_text(settings):
    for number in range(3):
        assert _send({"message": f"{MESSAGE} ({number})"}).status_code == 302
    response = _send({"message": "Noch eine Barriere"})
    assert response.status_code == 429
    # The first message's place frees an hour after it was sent (a busy machine may take a few
    # seconds for the four requests).
    assert 3590 <= int(response["Retry-After"]) <= 3600
    page = response.content.decode()
    assert "Von Ihrem Anschluss kamen in kurzer Zeit schon mehrere Nachrichten." in page
    assert "in 60 Minuten wieder" in page
    assert "Noch eine Barriere" in page
    assert AccessibilityFeedback.objects.count() == 3
    assert len(mail.outbox) == 3


def test_the_limit_counts_each_client_for_itself():
    for _ in range(3):
        _send({"message": MESSAGE})
    assert _send({"message": MESSAGE}, address=NEIGHBOUR).status_code == 302


def test_the_limit_counts_a_keyed_hash_and_never_the_address():
    _send({"message": MESSAGE})
    (counted,) = FeedbackThrottle.objects.all()
    assert CITIZEN not in counted.client
    assert len(counted.client) == 32
    stored = AccessibilityFeedback.objects.get()
    assert CITIZEN not in repr(list(AccessibilityFeedback.objects.values_list()))
    assert stored.message == MESSAGE


def test_a_client_may_send_again_once_its_oldest_message_leaves_the_window():
    now = timezone.now()
    for minutes in (50, 30, 10):
        FeedbackThrottle.objects.create(client="abc", created_at=now - timedelta(minutes=minutes))
    assert feedback_refused(client="abc", now=now) == 10 * 60
    assert feedback_refused(client="abc", now=now + timedelta(minutes=10)) is None
    # The count older than the window is gone from the database, not only ignored.
    assert FeedbackThrottle.objects.count() == 2


def test_the_form_is_csrf_protected():
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR=CITIZEN)
    response = client.post(reverse("legal:feedback"), {"message": MESSAGE})
    assert response.status_code == 403
    assert not AccessibilityFeedback.objects.exists()


def test_the_statement_carries_the_form_and_a_link_prefills_the_page():
    page = Client().get(reverse("legal:accessibility")).content.decode()
    assert f'<form class="feedback-form" method="post" action="{reverse("legal:feedback")}"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    for field in ("message", "name", "email", "page"):
        assert f'<label for="id_{field}">' in page
    assert 'autocomplete="email"' in page

    page = Client().get(reverse("legal:feedback") + "?page=/events/").content.decode()
    assert 'name="page" id="id_page" value="/events/"' in page


def test_an_over_long_page_in_the_link_is_cut_to_what_the_form_takes():
    page = Client().get(reverse("legal:feedback") + "?page=" + "a" * 900).content.decode()
    assert 'value="' + "a" * 500 + '"' in page


def test_the_purge_deletes_messages_after_the_retention_period(settings):
    settings.ACCESSIBILITY_FEEDBACK_RETENTION_DAYS = 30
    old = AccessibilityFeedback.objects.create(message="alt")
    recent = AccessibilityFeedback.objects.create(message="neu")
    AccessibilityFeedback.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=31)
    )
    FeedbackThrottle.objects.create(client="abc", created_at=timezone.now() - timedelta(hours=2))
    out = io.StringIO()
    call_command("purge_accessibility_feedback", stdout=out)
    assert list(AccessibilityFeedback.objects.all()) == [recent]
    assert not FeedbackThrottle.objects.exists()
    assert "1 Rückmeldung(en) zur Barrierefreiheit gelöscht (Frist 30 Tage)." in out.getvalue()

"""Staff send each respondent its private questionnaire link by e-mail: German with English
below, a new link per mail, the address used for the mail and stored nowhere."""

import re
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.urls import reverse

from assessments.models import Respondent
from assessments.services import respondent_invite
from tests.assessments.conftest import make_assessment
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PAGE = "admin:assessments_respondent_send_invitations"


@pytest.fixture
def hagen_check(framework, hagen):
    assessment = make_assessment(framework, hagen, title="Standortbestimmung Hagen 2026")
    return {
        "assessment": assessment,
        "office": Respondent.objects.create(
            assessment=assessment, unit="Amt für Soziales", function="Leitung", order=1
        ),
        "other": Respondent.objects.create(assessment=assessment, unit="Kulturbüro", order=2),
    }


@pytest.fixture
def editor(hagen_editor):
    hagen_editor.email = "alice@hagen.de"
    hagen_editor.save()
    return client_for(hagen_editor)


def _page(*respondents) -> str:
    return f"{reverse(PAGE)}?ids={','.join(str(r.pk) for r in respondents)}"


def _send(client, respondents, **addresses):
    data = {f"email_{respondent.pk}": address for respondent, address in addresses.values()}
    return client.post(_page(*respondents), data)


def _link(message) -> str:
    [path] = set(re.findall(r"http://testserver(/selbstcheck/fragebogen/[^/\s]+/)", message.body))
    return path


def _stored_anywhere(text: str) -> list[str]:
    """The tables that hold ``text`` in any column."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            if any(text in repr(row) for row in cursor.fetchall()):
                found.append(table)
    return found


def test_the_action_leads_to_a_form_for_the_chosen_respondents(hagen_check, editor):
    office = hagen_check["office"]
    response = editor.post(
        reverse("admin:assessments_respondent_changelist"),
        {"action": "send_invitations", "_selected_action": [office.pk]},
    )
    assert response.status_code == 302
    page = editor.get(response["Location"])
    html = page.content.decode()
    assert "Amt für Soziales" in html and "Kulturbüro" not in html
    assert f'<label class="visually-hidden" for="id_email_{office.pk}">' in html
    assert "nicht gespeichert" in html
    assert "no-store" in page["Cache-Control"]


def test_a_respondent_gets_its_own_working_link_by_mail(hagen_check, editor):
    office, other = hagen_check["office"], hagen_check["other"]
    response = _send(editor, [office, other], a=(office, "soziales@hagen.de"), b=(other, ""))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:assessments_respondent_changelist")

    [message] = mail.outbox
    assert message.to == ["soziales@hagen.de"]
    assert message.reply_to == ["alice@hagen.de"]
    assert message.subject == (
        "Einladung zum Selbstcheck „Standortbestimmung Hagen 2026“ / "
        "Invitation to the self-assessment"
    )
    assert message.content_subtype == "plain" and not getattr(message, "alternatives", None)
    assert client_for(None).get(_link(message)).status_code == 200

    office.refresh_from_db()
    other.refresh_from_db()
    assert office.invited_at is not None and office.link_is_valid()
    assert other.token_hash is None and other.invited_at is None  # no address, not invited
    assert (
        "Einladung gesendet an: Amt für Soziales."
        in editor.get(response["Location"]).content.decode()
    )


def test_the_mail_is_german_with_the_same_text_in_english_below(hagen_check, editor):
    office = hagen_check["office"]
    _send(editor, [office], a=(office, "soziales@hagen.de"))
    body = mail.outbox[0].body
    german, english = body.split("-" * 72)
    assert german.strip().startswith("Guten Tag,")
    assert "für den Selbstcheck „Standortbestimmung Hagen 2026“ (Hagen)" in german
    assert "bitten wir Sie als Amt für Soziales" in german
    assert "Bitte leiten Sie ihn nicht weiter." in german
    assert "Bei Fragen antworten Sie einfach auf diese E-Mail." in german
    assert english.strip().startswith("Hello,")
    assert "The questions are in German." in english
    assert "Please do not forward it." in english
    assert "Die Fragen sind auf Deutsch" not in german
    # Both name the same link.
    assert _link(mail.outbox[0])


def test_the_address_is_stored_nowhere(hagen_check, editor):
    office = hagen_check["office"]
    _send(editor, [office], a=(office, "vertraulich.soziales@hagen.de"))
    assert len(mail.outbox) == 1
    assert _stored_anywhere("vertraulich.soziales") == []


def test_a_mail_replaces_the_earlier_link(hagen_check, editor):
    office = hagen_check["office"]
    earlier = respondent_invite(respondent=office)
    _send(editor, [office], a=(office, "soziales@hagen.de"))
    anonymous = client_for(None)
    assert anonymous.get(reverse("assessments:questionnaire", args=[earlier])).status_code == 404
    assert anonymous.get(_link(mail.outbox[0])).status_code == 200


@pytest.mark.parametrize(
    "address",
    ["keine Adresse", "soziales@", "a" * 250 + "@hagen.de", "soziales@hagen.de\nBcc: x@y.org"],
)
def test_a_bad_address_is_a_form_error_and_nothing_is_sent(hagen_check, editor, address):
    office = hagen_check["office"]
    response = _send(editor, [office], a=(office, address))
    assert response.status_code == 200
    html = response.content.decode()
    assert "errorlist" in html
    assert "<title>Fehler:" in html
    assert mail.outbox == []
    office.refresh_from_db()
    assert office.token_hash is None


def test_a_form_without_any_address_asks_for_one(hagen_check, editor):
    office = hagen_check["office"]
    response = _send(editor, [office], a=(office, ""))
    assert response.status_code == 200
    assert "Bitte tragen Sie mindestens eine E-Mail-Adresse ein." in response.content.decode()
    assert mail.outbox == []


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"soziales@hagen.de": (550, b"no such user")})


def test_when_the_mail_server_refuses_the_earlier_link_keeps_working(settings, hagen_check, editor):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    office, other = hagen_check["office"], hagen_check["other"]
    earlier = respondent_invite(respondent=office)
    response = _send(editor, [office], a=(office, "soziales@hagen.de"))
    assert response.status_code == 302
    html = editor.get(response["Location"]).content.decode()
    assert "Nicht gesendet" in html and "Amt für Soziales" in html
    assert "soziales@hagen.de" not in html
    earlier_page = client_for(None).get(reverse("assessments:questionnaire", args=[earlier]))
    assert earlier_page.status_code == 200
    assert other.token_hash is None


@pytest.mark.parametrize(
    "query", ["", "?ids=", "?ids=abc", "?ids=%C2%B2", "?ids=" + "9" * 40, "?ids=,,x"]
)
def test_a_page_without_known_respondents_is_not_found(hagen_check, editor, query):
    assert editor.get(reverse(PAGE) + query).status_code == 404


@pytest.mark.parametrize(("persona", "status"), [("dortmund_editor", 404), ("anonymous", 302)])
def test_nobody_else_sends_hagens_invitations(request, hagen_check, persona, status):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    office = hagen_check["office"]
    response = _send(client_for(user), [office], a=(office, "soziales@hagen.de"))
    assert response.status_code == status
    assert mail.outbox == []
    office.refresh_from_db()
    assert office.token_hash is None

"""The privacy statement's template says what the portal does: every cookie that a visitor,
a participant or an editor gets is in its table with its real lifetime, and the retention
periods and limits are the configured ones."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.polls.conftest import make_run
from tests.voting.conftest import make_vote

pytestmark = pytest.mark.django_db


def _cookie_rows() -> dict[str, str]:
    """Cookie name → the row's last cell ("Gespeichert für") of the template's table."""
    page = Client().get(reverse("legal:privacy")).content.decode()
    table = page.split("<tbody>")[1].split("</tbody>")[0]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        cells = [cell.strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
        rows[cells[0]] = cells[-1]
    return rows


def _cookies_set_while_using_the_portal(hagen_world, superuser) -> dict:
    """Every cookie the responses set, as a citizen reads, switches the language (a link to
    the English address, no cookie), votes, answers and writes feedback, and as an editor logs
    in."""
    event = hagen_world["event"]
    vote = make_vote(event, code="PRIVACY1")
    run = make_run(event, code="PRIVACY2")
    citizen = Client()
    responses = [
        citizen.get(reverse("events:home")),
        citizen.get("/en/"),
        citizen.get(reverse("voting:participant", args=[vote.code])),
        citizen.get(reverse("polls:participant", args=[run.code])),
        citizen.post(reverse("legal:feedback"), {"message": "Zu kleine Schrift"}),
    ]
    superuser.set_password("ein-gutes-Passwort-1")
    superuser.save()
    editor = Client()
    responses.append(
        editor.post(
            reverse("admin:login"),
            {"username": superuser.username, "password": "ein-gutes-Passwort-1"},
        )
    )
    cookies = {}
    for response in responses:
        for name, morsel in response.cookies.items():
            if morsel.value:  # a deletion is no cookie the visitor keeps
                cookies[name] = morsel
    return cookies


def test_every_cookie_the_portal_sets_is_in_the_table_with_its_lifetime(hagen_world, superuser):
    cookies = _cookies_set_while_using_the_portal(hagen_world, superuser)
    rows = _cookie_rows()
    expected = {"csrftoken", "messages", "vote_participant", "live_joined"}
    assert expected | {"sessionid"} <= set(cookies)
    assert set(cookies) <= set(rows), set(cookies) - set(rows)
    for name, morsel in cookies.items():
        if morsel["max-age"]:
            days = int(morsel["max-age"]) // 86400
            assert rows[name].startswith(f"{days} Tage"), (name, rows[name])
        else:
            assert "Tage" not in rows[name], (name, rows[name])


def test_the_template_states_the_configured_periods_and_limits(settings):
    settings.VOTE_RETENTION_DAYS = 12
    settings.LOGIN_FAILURE_LIMIT = 7
    settings.LOGIN_COOLOFF_MINUTES = 25
    settings.ACCESSIBILITY_FEEDBACK_RETENTION_DAYS = 90
    settings.ACCESSIBILITY_FEEDBACK_WINDOW = 1800
    page = Client().get(reverse("legal:privacy")).content.decode()
    assert "12 Tage nach der Veröffentlichung ihres Ergebnisses" in page
    assert "Nach 7 falschen Passwörtern" in page
    assert "25 Minuten lang gesperrt" in page
    assert "90 Tage nach dem Eingang gelöscht" in page
    assert "nach 30 Minuten" in page


def test_the_template_says_whether_feedback_is_mailed(settings):
    mailed = "per E-Mail an die zuständige Stelle geschickt"
    settings.ACCESSIBILITY_FEEDBACK_EMAIL = []
    assert mailed not in Client().get(reverse("legal:privacy")).content.decode()
    settings.ACCESSIBILITY_FEEDBACK_EMAIL = ["barrierefreiheit@hagen.de"]
    assert mailed in Client().get(reverse("legal:privacy")).content.decode()


def test_the_template_describes_the_participant_token_and_no_address():
    page = Client().get(reverse("legal:privacy")).content.decode()
    assert "HMAC-SHA256" in page
    assert "Das Portal selbst speichert Ihre IP-Adresse nicht." in page
    assert "Art. 6 Abs. 1 lit. e DSGVO" in page
    assert "Art. 6 Abs. 1 lit. f DSGVO" in page
    assert "Art. 77 DSGVO" in page

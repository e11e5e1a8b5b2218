"""Staff reset a forgotten password by e-mail: from the admin's login page through the mail in
the outbox to a login with the new password; limited per client, silent about accounts."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

TOWN_HALL = "198.51.100.7"
ELSEWHERE = "203.0.113.99"
NEW_PASSWORD = "Rathaus-Hagen-2026!"


@pytest.fixture(autouse=True)
def _fresh_counts(settings):
    settings.PASSWORD_RESET_LIMIT = 5
    settings.AXES_FAILURE_LIMIT = 5
    settings.TRUSTED_PROXY_COUNT = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def alice(hagen_editor):
    hagen_editor.email = "alice@hagen.de"
    hagen_editor.save()
    return hagen_editor


def _request_reset(email: str, *, address: str = TOWN_HALL, language: str = "de"):
    client = Client(REMOTE_ADDR=address)
    with translation.override(language):
        url = reverse("admin_password_reset")  # /en/admin/password_reset/ in English
    return client, client.post(url, {"email": email})


def _link(message) -> str:
    return re.search(r"http://testserver((?:/en)?/admin/reset/\S+/)", message.body).group(1)


def _set_new_password(client: Client, link: str):
    # Django moves the token out of the address into the session first.
    form_url = client.get(link)["Location"]
    assert 'name="new_password1"' in client.get(form_url).content.decode()
    return client.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )


def _login(password: str, *, address: str = TOWN_HALL):
    return Client(REMOTE_ADDR=address).post(
        reverse("admin:login"),
        {"username": "alice-hagen", "password": password, "next": "/admin/"},
    )


def test_the_admin_login_page_offers_a_reset():
    html = Client().get(reverse("admin:login")).content.decode()
    assert f'href="{reverse("admin_password_reset")}"' in html
    assert "Zugangsdaten vergessen?" in html


def test_a_staff_member_sets_a_new_password_through_the_mail(alice):
    client, response = _request_reset("Alice@Hagen.de")
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert "E-Mail zum Zurücksetzen" in client.get(response["Location"]).content.decode()

    [message] = mail.outbox
    assert message.to == ["alice@hagen.de"]
    assert message.subject == "Neues Passwort für das Engagement-Portal (testserver)"
    assert message.body.startswith("Guten Tag,")
    assert "für Ihr Konto „alice-hagen“" in message.body
    assert "Der Link gilt bis" in message.body and "und nur einmal" in message.body
    assert not message.alternatives  # plain text only

    done = _set_new_password(client, _link(message))
    html = done.content.decode()
    assert "Ihr Passwort wurde zurückgesetzt" in html
    assert "Engagement-Portal: Redaktion" in html  # the admin's header, not Django's
    assert 'id="nav-sidebar"' not in html  # no list of models nobody here may open
    response = _login(NEW_PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_a_request_in_english_gets_the_mail_and_pages_in_english(alice):
    client, response = _request_reset("alice@hagen.de", language="en")
    assert response["Location"] == "/en/admin/password_reset/done/"
    [message] = mail.outbox
    assert "http://testserver/en/admin/reset/" in message.body
    assert message.subject == "New password for the Engagement Portal (testserver)"
    assert message.body.startswith("Hello,")
    assert "for your account “alice-hagen”" in message.body
    assert "Guten Tag" not in message.body
    html = _set_new_password(client, _link(message)).content.decode()
    assert "Your password has been set" in html


def test_a_link_works_once(alice):
    client, _response = _request_reset("alice@hagen.de")
    link = _link(mail.outbox[0])
    _set_new_password(client, link)
    html = Client().get(link, follow=True).content.decode()
    assert "Link zum Zurücksetzen Ihres Passworts ist ungültig" in html
    assert 'name="new_password1"' not in html


@pytest.mark.parametrize(
    "link",
    ["/admin/reset/MQ/abc-def/", "/admin/reset/%00%ff/x/", "/admin/reset/" + "A" * 500 + "/x/"],
)
def test_a_made_up_link_shows_that_it_is_invalid(alice, link):
    response = Client().get(link, follow=True)
    assert response.status_code in (200, 400)
    assert 'name="new_password1"' not in response.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(alice):
    _client, known = _request_reset("alice@hagen.de")
    mail.outbox.clear()
    _client, unknown = _request_reset("niemand@hagen.de")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert mail.outbox == []


def test_accounts_that_cannot_use_the_admin_get_no_mail(alice, django_user_model):
    django_user_model.objects.create_user("citizen", email="buerger@hagen.de", password="pw")
    alice.is_active = False
    alice.save()
    for email in ("buerger@hagen.de", "alice@hagen.de"):
        assert _request_reset(email)[1].status_code == 302
    assert mail.outbox == []


def test_a_bad_address_is_a_form_error(alice):
    for email in ("keine-adresse", "a" * 300 + "@hagen.de", "alice@hagen.de\nBcc: x@example.org"):
        _client, response = _request_reset(email)
        assert response.status_code == 200
        assert "errorlist" in response.content.decode()
    assert mail.outbox == []


def test_one_client_is_refused_after_the_limit_whatever_the_address(settings, alice):
    settings.PASSWORD_RESET_LIMIT = 2
    _request_reset("niemand@hagen.de")
    _request_reset("alice@hagen.de")
    for email in ("alice@hagen.de", "niemand@hagen.de"):
        _client, response = _request_reset(email)
        assert response.status_code == 429
        assert int(response["Retry-After"]) <= settings.PASSWORD_RESET_WINDOW
        assert "Zu viele Anfragen von Ihrem Anschluss" in response.content.decode()
    assert len(mail.outbox) == 1
    # Another client is not affected.
    assert _request_reset("alice@hagen.de", address=ELSEWHERE)[1].status_code == 302
    assert len(mail.outbox) == 2


def test_many_clients_together_send_one_account_no_more_mails_than_the_limit(settings, alice):
    settings.PASSWORD_RESET_LIMIT = 2
    for number in range(4):
        _client, response = _request_reset("alice@hagen.de", address=f"203.0.113.{number}")
        assert response.status_code == 302
    assert len(mail.outbox) == 2


def test_a_new_password_lifts_the_login_lock_of_the_account(alice):
    for _ in range(5):
        _login("falsch")
    assert _login("pw").status_code == 429
    client, _response = _request_reset("alice@hagen.de")
    _set_new_password(client, _link(mail.outbox[0]))
    response = _login(NEW_PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_the_lockout_page_offers_a_new_password_by_mail(alice):
    for _ in range(5):
        _login("falsch")
    html = _login("pw").content.decode()
    assert f'href="{reverse("admin_password_reset")}"' in html
    assert "Neues Passwort per E-Mail anfordern" in html

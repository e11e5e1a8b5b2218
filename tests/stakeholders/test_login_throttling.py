"""Finding 11: the admin login is throttled per account and client address (django-axes), with
a German message, an unlock path, and no plain address stored."""

import io

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

TOWN_HALL = "198.51.100.7"
ELSEWHERE = "203.0.113.99"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.TRUSTED_PROXY_COUNT = 0
    # Dozens of logins per test: a fast hasher (the personas are created after this).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _login(username: str, password: str, address: str = TOWN_HALL):
    client = Client(REMOTE_ADDR=address)
    response = client.post(
        reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}
    )
    return client, response


def _logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def _fail(username: str, times: int, address: str = TOWN_HALL) -> None:
    for _ in range(times):
        _login(username, "falsch", address)


def test_the_right_password_logs_in(hagen_editor):
    assert _logged_in(_login("alice-hagen", "pw")[1])


def test_after_five_wrong_passwords_the_right_one_is_refused_with_a_german_message(
    hagen_editor,
):
    _fail("alice-hagen", 5)
    client, response = _login("alice-hagen", "pw")
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    html = response.content.decode()
    assert "Anmeldung gesperrt: 5 falsche Passwörter für dieses Konto" in html
    assert "in 15 Minuten noch einmal" in html
    assert "_auth_user_id" not in client.session


def test_four_wrong_passwords_still_let_the_right_one_in(hagen_editor):
    _fail("alice-hagen", 4)
    assert _logged_in(_login("alice-hagen", "pw")[1])


def test_a_colleague_at_the_same_address_is_not_locked(hagen_editor, dortmund_editor):
    _fail("alice-hagen", 5)
    assert _logged_in(_login("bob-dortmund", "pw")[1])


def test_the_user_is_not_locked_by_someone_elsewhere(hagen_editor):
    _fail("alice-hagen", 10, address=ELSEWHERE)
    assert _logged_in(_login("alice-hagen", "pw", address=TOWN_HALL)[1])
    assert _login("alice-hagen", "pw", address=ELSEWHERE)[1].status_code == 429


def test_the_address_behind_the_trusted_proxy_counts(hagen_editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for _ in range(5):
        Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=ELSEWHERE).post(
            reverse("admin:login"), {"username": "alice-hagen", "password": "falsch"}
        )
    client = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=TOWN_HALL)
    response = client.post(reverse("admin:login"), {"username": "alice-hagen", "password": "pw"})
    assert response.status_code == 302


def test_the_unlock_command_lets_the_user_in_again(hagen_editor):
    _fail("alice-hagen", 5)
    out = io.StringIO()
    call_command("axes_reset_username", "alice-hagen", stdout=out)
    assert "1 attempts removed" in out.getvalue()
    assert _logged_in(_login("alice-hagen", "pw")[1])


def test_a_superuser_unlocks_by_deleting_the_attempt_in_the_admin(hagen_editor, superuser):
    _fail("alice-hagen", 5)
    attempt = AccessAttempt.objects.get(username="alice-hagen")
    admin = Client()
    admin.force_login(superuser)
    assert admin.get(reverse("admin:axes_accessattempt_changelist")).status_code == 200
    response = admin.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert _logged_in(_login("alice-hagen", "pw")[1])


def test_an_editor_sees_no_login_attempts(hagen_editor):
    _fail("bob-dortmund", 2)
    client = Client()
    client.force_login(hagen_editor)
    response = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code == 403


def test_no_plain_address_is_stored(hagen_editor):
    _fail("alice-hagen", 2)
    attempt = AccessAttempt.objects.get(username="alice-hagen")
    assert attempt.ip_address.startswith("fd")
    assert TOWN_HALL not in str(AccessAttempt.objects.values().get())

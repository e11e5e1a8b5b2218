"""/healthz: 200 while the database answers, 503 with Retry-After when it does not."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.public.test_error_pages import unreachable_database  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def test_it_answers_ok_with_one_query_and_no_session(django_assert_num_queries):
    with django_assert_num_queries(1):
        response = Client().get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies
    assert "no-store" in response["Cache-Control"]


def test_it_answers_503_when_the_database_is_unreachable(unreachable_database):  # noqa: F811
    response = Client(raise_request_exception=False).get(reverse("healthz"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json()["database"] == "unreachable"


def test_it_is_not_redirected_to_https(settings):
    settings.SECURE_SSL_REDIRECT = True
    assert Client().get(reverse("healthz")).status_code == 200

"""The Content-Security-Policy header is built once and is the policy django-csp builds."""

import pytest
from csp.utils import build_policy
from django.test import override_settings
from django.urls import reverse

from engagement_portal import middleware

pytestmark = pytest.mark.django_db


def test_every_response_carries_the_policy_built_once(client, monkeypatch):
    built = []

    def counting(**kwargs):
        built.append(kwargs)
        return build_policy(**kwargs)

    middleware.SecurityPolicy.built.clear()
    monkeypatch.setattr(middleware, "build_policy", counting)
    for path in ("/", reverse("healthz"), "/admin/login/", "/gibt-es-nicht/"):
        assert client.get(path).headers["Content-Security-Policy"] == build_policy()
    # One policy and one (empty) report-only policy, for all four answers.
    assert len(built) == 2


def test_a_changed_setting_builds_it_again(client):
    client.get("/")
    policy = {"DIRECTIVES": {"default-src": ["'self'"], "img-src": ["https://bilder.example"]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        header = client.get("/").headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    assert directives == {"default-src": "'self'", "img-src": "https://bilder.example"}
    assert "script-src 'self'" in client.get("/").headers["Content-Security-Policy"]

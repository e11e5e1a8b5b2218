"""Production settings pass Django's deployment checks; bad configuration fails at start-up."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STRONG = "a-real-secret-" + "x" * 50 + "-with-enough-variety-1234567890"


def run_manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "TESTING"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_reports_nothing_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "DEBUG",
        SECRET_KEY=STRONG,
        ALLOWED_HOSTS="beteiligung.example.org",
        SECURE_SSL_REDIRECT="1",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_a_missing_secret_key_stops_the_start_without_debug():
    result = run_manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_bad_boolean_is_named():
    result = run_manage("check", DEBUG="vielleicht")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_a_weak_secret_key_stops_the_start_without_debug():
    result = run_manage("check", SECRET_KEY="x")
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr


def hsts_settings(**env) -> str:
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)"
    )
    result = run_manage(
        "shell", "--no-imports", "-c", code, SECRET_KEY=STRONG, SECURE_SSL_REDIRECT="1", **env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_hsts_covers_subdomains_and_preload_only_when_configured():
    assert hsts_settings() == "31536000 False False"
    assert (
        hsts_settings(SECURE_HSTS_INCLUDE_SUBDOMAINS="1", SECURE_HSTS_PRELOAD="1")
        == "31536000 True True"
    )

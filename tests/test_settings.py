"""Production settings pass Django's deployment checks; bad configuration fails at start-up."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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
        SECRET_KEY="a-real-secret-" + "x" * 50 + "-with-enough-variety-1234567890",
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

"""The mail server is one URL (EMAIL_URL), checked at start; tests never send real mail."""

import pytest
from django.conf import settings
from django.core import mail

from engagement_portal.lib.email_url import (
    CONSOLE_BACKEND,
    SMTP_BACKEND,
    default_sender,
    parse_email_url,
    sender_problem,
)
from tests.test_settings import run_manage


def test_starttls_on_the_submission_port():
    server = parse_email_url("smtp://portal:geheim@mail.example.org:587?tls=true")
    assert server.backend == SMTP_BACKEND
    assert (server.host, server.port, server.user, server.password) == (
        "mail.example.org",
        587,
        "portal",
        "geheim",
    )
    assert server.use_tls and not server.use_ssl


def test_smtps_speaks_tls_from_the_first_byte_on_port_465():
    server = parse_email_url("smtps://portal:geheim@mail.example.org")
    assert server.use_ssl and not server.use_tls
    assert server.port == 465


def test_a_local_relay_needs_neither_login_nor_port():
    server = parse_email_url("smtp://localhost")
    assert (server.host, server.port, server.user, server.password) == ("localhost", 25, "", "")
    assert not server.use_tls and not server.use_ssl


def test_special_characters_of_the_password_are_percent_encoded():
    server = parse_email_url("smtp://portal%40hagen.de:p%23ss%3Aw%2Fort@mail.example.org:587")
    assert server.user == "portal@hagen.de"
    assert server.password == "p#ss:w/ort"


def test_a_connection_gives_up_after_ten_seconds_unless_told_otherwise():
    assert parse_email_url("smtp://mail.example.org").timeout == 10
    assert parse_email_url("smtp://mail.example.org?timeout=30").timeout == 30


def test_console_prints_the_mails():
    assert parse_email_url("console:").backend == CONSOLE_BACKEND


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("smpt://mail.example.org", "the scheme must be smtp, smtps or console"),
        ("mail.example.org", "the scheme must be smtp, smtps or console"),
        ("smtp://mail.example.org?tsl=true", "unknown parameter 'tsl'"),
        ("smtp://mail.example.org?tls=vielleicht", "tls must be true or false"),
        ("smtps://mail.example.org?tls=true", "exclude each other"),
        ("smtp://mail.example.org:99999", "the port must be a number"),
        ("smtp://mail.example.org:fünf", "the port must be a number"),
        ("smtp://mail.example.org:0", "the port must be a number"),
        ("smtp://portal:geh#eim@mail.example.org", "must be written %23"),
        ("smtp://portal:geheim@", "the host name is missing"),
        ("smtp://mail.example.org/inbox", "takes no path"),
        ("smtp://mail.example.org?timeout=0", "timeout must be a whole number"),
        ("console://mail.example.org", "takes no host"),
    ],
)
def test_a_bad_url_is_refused_saying_why(url, problem):
    with pytest.raises(ValueError) as error:
        parse_email_url(url)
    assert problem in str(error.value)


def test_a_bad_url_stops_the_start_naming_the_variable_but_not_the_password():
    result = run_manage(
        "check", DEBUG="1", EMAIL_URL="smtp://portal:streng-geheim@mail.example.org:99999"
    )
    assert result.returncode != 0
    assert "EMAIL_URL is not usable: the port must be a number" in result.stderr
    assert "streng-geheim" not in result.stderr + result.stdout


def test_without_email_url_mails_are_printed_and_sent_from_the_sites_host():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.EMAIL_BACKEND, s.DEFAULT_FROM_EMAIL)",
        DEBUG="1",
        EMAIL_URL="",
        DEFAULT_FROM_EMAIL="",
    )
    assert result.stdout.split()[0] == CONSOLE_BACKEND, result.stderr
    assert "noreply@localhost" in result.stdout


def test_the_default_sender_uses_the_first_host_name_the_site_answers_to():
    assert default_sender([".example.org"]) == "Engagement-Portal <noreply@example.org>"
    assert (
        default_sender(["*", "10.0.0.5", "[::1]", "beteiligung.hagen.de"])
        == "Engagement-Portal <noreply@beteiligung.hagen.de>"
    )
    assert default_sender([]) == "Engagement-Portal <noreply@localhost>"
    # A host name without a dot is no mail domain: the start failed with ALLOWED_HOSTS=testserver.
    assert default_sender(["testserver", "intranet"]) == "Engagement-Portal <noreply@localhost>"


@pytest.mark.parametrize(
    "sender", ["beteiligung@hagen.de", "Stadt Hagen – Beteiligung <beteiligung@hagen.de>"]
)
def test_a_sender_may_carry_a_name(sender):
    assert sender_problem(sender) is None


@pytest.mark.parametrize("sender", ["Stadt Hagen", "a@b", "x@hagen.de\nBcc: y@example.org"])
def test_a_sender_that_is_no_address_is_refused(sender):
    assert sender_problem(sender) is not None


def test_a_bad_sender_stops_the_start():
    result = run_manage("check", DEBUG="1", DEFAULT_FROM_EMAIL="Stadt Hagen")
    assert result.returncode != 0
    assert "DEFAULT_FROM_EMAIL is not usable" in result.stderr


def test_the_tests_collect_mail_in_the_outbox_whatever_the_environment_says():
    # pytest-django replaces the backend as Django's test runner does (setup_test_environment).
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"
    mail.send_mail("Betreff", "Text", None, ["someone@example.org"])
    assert len(mail.outbox) == 1

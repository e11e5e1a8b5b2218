"""The mail server from one URL (``EMAIL_URL``) and the sender addresses, checked at start.

    smtp://user:password@mail.example.org:587?tls=true   SMTP, then STARTTLS (usually port 587)
    smtps://user:password@mail.example.org:465           SMTP over TLS from the first byte
    smtp://localhost                                     a local relay without login, port 25
    console:                                             every mail printed (the default)

Characters of the user name or password that mean something in a URL (``@ : / ? # %``) are
written percent-encoded: ``p%23ss`` for ``p#ss``. Parameters: ``tls`` or ``ssl`` (true/false)
and ``timeout`` (seconds a connection may take; 10 unless given, where Django would wait forever
on a silent server and hold a worker).

A few lines of our own instead of dj-email-url: its last release is from 2022; it reads
``smtps://`` as STARTTLS (against port 465 the connection then hangs), and an unknown scheme or a
misspelt parameter (``tsl=true``) passes silently, so the mistake shows only when the first mail
fails. Here each is refused at start, and no message repeats the URL (it holds the password).
"""

import ipaddress
from dataclasses import dataclass
from email.utils import parseaddr
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_TIMEOUT = 10
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class MailServer:
    backend: str = CONSOLE_BACKEND
    host: str = "localhost"
    port: int = 25
    user: str = ""
    password: str = ""
    use_tls: bool = False
    use_ssl: bool = False
    timeout: int = DEFAULT_TIMEOUT


def parse_email_url(url: str) -> MailServer:
    """The mail server ``url`` names; ValueError saying what is wrong, without the URL."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme == "console":
        if parts.netloc or parts.path or parts.query:
            raise ValueError("console: takes no host, path or parameters")
        return MailServer()
    if scheme not in {"smtp", "smtps"}:
        raise ValueError(f"the scheme must be smtp, smtps or console, not {scheme!r}")
    if parts.fragment:
        raise ValueError("a # in the user name or password must be written %23")
    if parts.path not in {"", "/"}:
        raise ValueError("the URL takes no path after the host (write the parameters after ?)")
    if not parts.hostname:
        raise ValueError("the host name is missing")
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port is not None and not 0 < port < 65536:
        raise ValueError("the port must be a number from 1 to 65535")

    params = _params(parts.query)
    use_ssl = scheme == "smtps" or params.get("ssl", False)
    use_tls = params.get("tls", False)
    if use_ssl and use_tls:
        raise ValueError("tls=true (STARTTLS) and smtps:// or ssl=true exclude each other")
    if port is None:
        port = 465 if use_ssl else 587 if use_tls else 25
    return MailServer(
        backend=SMTP_BACKEND,
        host=parts.hostname,
        port=port,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=use_tls,
        use_ssl=use_ssl,
        timeout=params.get("timeout", DEFAULT_TIMEOUT),
    )


def _params(query: str) -> dict:
    values = {}
    for name, given in parse_qs(query, keep_blank_values=True).items():
        value = given[-1].lower()
        if name in {"tls", "ssl"}:
            if value not in _TRUE | _FALSE:
                raise ValueError(f"{name} must be true or false")
            values[name] = value in _TRUE
        elif name == "timeout":
            if not value.isdigit() or int(value) < 1:
                raise ValueError("timeout must be a whole number of seconds, at least 1")
            values[name] = int(value)
        else:
            raise ValueError(f"unknown parameter {name!r} (known: tls, ssl, timeout)")
    return values


def default_sender(allowed_hosts: list[str]) -> str:
    """``Engagement-Portal <noreply@…>`` on the first host name the site answers to."""
    for host in allowed_hosts:
        host = host.lstrip(".")
        # A name with a dot: "testserver" or "intranet" is no domain an address could be at.
        if host and "*" not in host and "." in host and not _is_address(host):
            return f"Engagement-Portal <noreply@{host}>"
    return "Engagement-Portal <noreply@localhost>"


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def sender_problem(value: str) -> str | None:
    """Why ``value`` (``name@example.org`` or ``Name <name@example.org>``) cannot be a sender."""
    if "\n" in value or "\r" in value:
        return "it must be on one line"
    _name, address = parseaddr(value)
    try:
        validate_email(address)
    except ValidationError:
        return "it must be an e-mail address, optionally with a name: Name <name@example.org>"
    return None

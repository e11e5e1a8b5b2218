from django.test import RequestFactory

from engagement_portal.lib.client import client_address, client_key


def request_from(remote: str, forwarded: str | None = None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_it_uses_the_remote_address_without_trusted_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request_from("10.0.0.1", "203.0.113.9")) == "10.0.0.1"


def test_it_takes_the_entry_the_trusted_proxy_appended(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client may send a forged first entry; the proxy appends the real address last.
    assert client_address(request_from("10.0.0.1", "1.2.3.4, 203.0.113.9")) == "203.0.113.9"


def test_it_falls_back_to_the_remote_address_when_the_header_is_short(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request_from("10.0.0.1", "203.0.113.9")) == "10.0.0.1"


def test_keys_of_two_purposes_differ_and_hide_the_address(settings):
    request = request_from("203.0.113.9")
    lookup, login = client_key(request, "lookup"), client_key(request, "login")
    assert lookup != login
    assert "203.0.113.9" not in lookup
    assert client_key(request_from("203.0.113.9"), "lookup") == lookup

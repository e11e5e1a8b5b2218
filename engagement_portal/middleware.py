"""Middleware of the whole site."""

import logging
import time
from collections.abc import Callable

from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.exceptions import BadRequest
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_cache_control, patch_vary_headers

NUL = "\x00"


def refuse_nul_characters(get_response: Callable[[HttpRequest], HttpResponse]):
    """A NUL character in the address or the query string is refused with 400 before any view
    runs, and a cookie holding one is ignored.

    No text of ours can hold NUL (PostgreSQL refuses it in a query parameter), so such a request
    is never meant; without this, a lookup with it (``/tags/%00/``, an admin filter, the session
    cookie) failed with a 500 on PostgreSQL. Form fields refuse NUL themselves (Django's
    ``CharField``), with a message at the field.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        if NUL in request.path or any(
            NUL in key or any(NUL in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise BadRequest("NUL character in the address")
        without_nul_cookies(request)
        return get_response(request)

    return middleware


def without_nul_cookies(request: HttpRequest) -> None:
    """Ignore the cookies holding a NUL character (refuse_nul_characters)."""
    for name in [name for name, value in request.COOKIES.items() if NUL in name + value]:
        del request.COOKIES[name]


request_logger = logging.getLogger("portal.request")


def log_requests(get_response: Callable[[HttpRequest], HttpResponse]):
    """One line per request: method, path, status, milliseconds. No query string (it holds
    search words and join codes), no address, no user agent: what the operator needs to see
    load and errors, and nothing about who asked."""

    def middleware(request: HttpRequest) -> HttpResponse:
        start = time.perf_counter()
        response = get_response(request)
        took = (time.perf_counter() - start) * 1000
        request_logger.info(
            "%s %s %s %.0fms", request.method, request.path, response.status_code, took
        )
        return response

    return middleware


def _carries_no_secret(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether a response is the same for every visitor and holds nothing of one visitor's.

    No CSRF token was put into it, it sets no cookie (session, messages, language, CSRF), and
    the visitor has no session (staff, a draft's preview, a message waiting). Such a page may be
    kept by any cache and compressed: with no secret in the body, BREACH has nothing to read.
    """
    return (
        not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not response.cookies
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def cache_public_pages(get_response: Callable[[HttpRequest], HttpResponse]):
    """Public pages may be kept by browsers and proxies for PAGE_CACHE_SECONDS; all else is not.

    Applies to successful GET and HEAD responses whose view did not say itself (the live
    endpoints, the media, the admin, health and the Selbstcheck's private links do). The ETag
    that ConditionalGetMiddleware adds lets a cache ask again cheaply (304 Not Modified).
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if (
            request.method not in ("GET", "HEAD")
            or response.status_code != 200
            or response.has_header("Cache-Control")
        ):
            return response
        if _carries_no_secret(request, response):
            patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_SECONDS)
        else:
            patch_cache_control(response, private=True, no_store=True)
        # A session or a language choice in a cookie changes the page.
        patch_vary_headers(response, ("Cookie",))
        return response

    return middleware


COMPRESSED_TYPES = {
    "text/html",
    "text/plain",
    "application/json",
    "application/xml",
    "text/xml",
    "application/atom+xml",
}


class CompressPublicPages(GZipMiddleware):
    """Django's gzip for pages, feeds and JSON that carry no secret: a page with a CSRF token or
    a staff member's page stays uncompressed, so BREACH cannot guess a secret from its length.
    Photos, PDFs and other files are already compressed and are sent as they are."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type not in COMPRESSED_TYPES or not _carries_no_secret(request, response):
            return response
        return super().process_response(request, response)


# What a view may set on its response to change the policy for that response (django-csp).
_PER_RESPONSE = tuple(
    f"_csp_{kind}{suffix}" for kind in ("config", "update", "replace") for suffix in ("", "_ro")
)


@receiver(setting_changed)
def _policy_changed(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        SecurityPolicy.built.clear()


class SecurityPolicy(CSPMiddleware):
    """django-csp's middleware with the portal's policy built once, not for every response.

    The policy (settings.CONTENT_SECURITY_POLICY) is the same for every response unless a view
    changes it for its response (legal/views.py) or a template asks for a nonce; those responses
    take django-csp's own way. The header of a live page's answer cost as much as a tenth of a
    small view's time when it was built each time."""

    built: dict[bool, str] = {}

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            hasattr(response, name) for name in _PER_RESPONSE
        ):
            return super().process_response(request, response)
        if response.status_code in (500, 404) and settings.DEBUG:
            return response
        for report_only, header, exempt in (
            (False, "Content-Security-Policy", "_csp_exempt"),
            (True, "Content-Security-Policy-Report-Only", "_csp_exempt_ro"),
        ):
            if report_only not in self.built:
                self.built[report_only] = build_policy(report_only=report_only)
            policy = self.built[report_only]
            name = "CONTENT_SECURITY_POLICY" + ("_REPORT_ONLY" if report_only else "")
            prefixes = tuple(
                (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            )
            if (
                policy
                and header not in response
                and not getattr(response, exempt, False)
                and not (prefixes and request.path_info.startswith(prefixes))
            ):
                response[header] = policy
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

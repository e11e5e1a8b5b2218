"""Error answers of the whole site: pages in the site's layout, JSON bodies for JSON clients.

Django calls these views for every 400, 403, 404 and 500 (``handler400`` … in the root URLconf),
also for errors raised by middleware. A request whose path ends in ``.json`` or that accepts
``application/json`` (the live pages' scripts) gets ``{"error": "…"}`` with the same status.

When the database cannot be reached (``OperationalError`` or ``InterfaceError``, also while the
connection is being opened) the answer is 503 with ``Retry-After`` instead of 500. Django calls the
500 view inside its ``except`` block, so the exception is still ``sys.exc_info()``; whatever fails
(a view, a template, the session read of a middleware) ends here. The 500 and 503 pages are
rendered without context processors (no session, messages or user): nothing that could query.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.html import escape
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
# A restarted database server or a failover is usually back within this many seconds.
RETRY_AFTER_SECONDS = 30
TEMPLATE = "error.html"


def wants_json(request: HttpRequest) -> bool:
    """Whether the client reads JSON: the live pages' scripts and the ``*.json`` endpoints."""
    return request.path.endswith(".json") or "application/json" in request.headers.get("Accept", "")


def _answer(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"error": message}, status=status)
    context = {"status": status, "title": title, "message": message}
    return render(request, TEMPLATE, context, status=status)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _answer(
        request,
        400,
        _("Ungültige Anfrage"),
        _("Die Anfrage enthält ungültige Zeichen oder Angaben und wurde nicht bearbeitet."),
    )


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return _answer(
        request,
        403,
        _("Kein Zugriff"),
        _("Sie haben keinen Zugriff auf diese Seite."),
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form or a live page's request without a valid CSRF token: usually a page left open
    too long or opened before a login. The live pages' scripts show the JSON message."""
    return _answer(
        request,
        403,
        _("Seite abgelaufen"),
        _("Die Seite ist abgelaufen. Bitte laden Sie sie neu."),
    )


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _answer(
        request,
        404,
        _("Seite nicht gefunden"),
        _("Diese Seite gibt es nicht oder nicht mehr."),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 with Retry-After when the database is unreachable; touches no database."""
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        status = 503
        title = _("Vorübergehend nicht erreichbar")
        message = _(
            "Die Datenbank ist gerade nicht erreichbar. Bitte versuchen Sie es in einer Minute "
            "noch einmal."
        )
    else:
        status = 500
        title = _("Fehler auf dem Server")
        message = _(
            "Auf dem Server ist ein Fehler aufgetreten. Bitte versuchen Sie es später noch einmal."
        )
    if wants_json(request):
        response = JsonResponse({"error": message}, status=status)
    else:
        response = HttpResponse(_render_without_database(request, status, title, message))
        response.status_code = status
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _render_without_database(request: HttpRequest, status: int, title: str, message: str) -> str:
    # A plain dict and no request argument: the template gets no context processors.
    context = {
        "request": request,
        "status": status,
        "title": title,
        "message": message,
    }
    try:
        return loader.get_template(TEMPLATE).render(context)
    except Exception:
        # The error page itself failed (a broken template, a missing static manifest): a line
        # of text still tells the reader what happened.
        logger.exception("The error page could not be rendered")
        return f"<!DOCTYPE html><title>{status}</title><p>{escape(message)}</p>"

"""The operator's pages (Impressum, Datenschutz, Barrierefreiheit, Leichte Sprache,
Gebärdensprache) and the accessibility feedback form.

``POST /barrierefreiheit/rueckmeldung/`` (message, optional name, e-mail and page;
CSRF-protected): stores the message, mails it to ACCESSIBILITY_FEEDBACK_EMAIL and redirects back
with a thank-you (post/redirect/get). Bad input re-renders the form with its errors and stores
nothing; over the rate limit it answers 429 with ``Retry-After`` and keeps the text in the form.
"""

import math
from urllib.parse import urlsplit

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from engagement_portal.lib.client import client_key
from legal.forms import FeedbackForm
from legal.models import LegalPage
from legal.services import feedback_refused, feedback_send, feedback_store
from legal.texts import page_text

PAGE_FIELD_MAX = FeedbackForm.base_fields["page"].max_length


def _page_context(request: HttpRequest, kind: str) -> dict:
    page = LegalPage.objects.filter(kind=kind).first()
    return {
        "kind": kind,
        "title": LegalPage.Kind(kind).label,
        "page": page,
        "text": page_text(kind, get_language(), page),
    }


def _feedback_form(request: HttpRequest) -> FeedbackForm:
    """An empty form, with the page it is about when a link named it (``?page=``)."""
    about = request.GET.get("page", "")[:PAGE_FIELD_MAX]
    return FeedbackForm(initial={"page": about} if about else None)


@require_GET
def legal_page(request: HttpRequest, kind: str) -> HttpResponse:
    return render(request, "legal/page.html", _page_context(request, kind))


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    context = _page_context(request, LegalPage.Kind.ACCESSIBILITY)
    context["form"] = _feedback_form(request)
    return render(request, "legal/accessibility.html", context)


@require_GET
def sign_language(request: HttpRequest) -> HttpResponse:
    context = _page_context(request, LegalPage.Kind.SIGN_LANGUAGE)
    video = context["page"].video_url if context["page"] else ""
    context["video_url"] = video
    response = render(request, "legal/sign_language.html", context)
    if video.startswith("https://"):
        # The operator's video may lie on the municipality's own server; the page's policy
        # otherwise allows media from this site only.
        address = urlsplit(video)
        origin = f"https://{address.hostname}" + (f":{address.port}" if address.port else "")
        response._csp_replace = {"media-src": ["'self'", origin]}
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def feedback(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "legal/feedback.html", {"form": _feedback_form(request)})

    form = FeedbackForm(request.POST)
    status = 200
    if form.is_valid():
        client = client_key(request, "accessibility-feedback")
        wait = feedback_refused(client=client)
        if wait is None:
            stored = feedback_store(**form.cleaned_data, language=get_language(), client=client)
            admin_path = reverse("admin:legal_accessibilityfeedback_change", args=[stored.pk])
            feedback_send(feedback=stored, admin_url=request.build_absolute_uri(admin_path))
            messages.success(
                request,
                _(
                    "Vielen Dank. Ihre Nachricht ist angekommen. Wenn Sie eine E-Mail-Adresse "
                    "angegeben haben, antworten wir Ihnen."
                ),
            )
            return redirect("legal:feedback")
        minutes = math.ceil(wait / 60)
        form.add_error(
            None,
            ngettext(
                "Von Ihrem Anschluss kamen in kurzer Zeit schon mehrere Nachrichten. Bitte "
                "versuchen Sie es in %(minutes)d Minute wieder; Ihr Text steht noch im Formular.",
                "Von Ihrem Anschluss kamen in kurzer Zeit schon mehrere Nachrichten. Bitte "
                "versuchen Sie es in %(minutes)d Minuten wieder; Ihr Text steht noch im Formular.",
                minutes,
            )
            % {"minutes": minutes},
        )
        status = 429
    response = render(request, "legal/feedback.html", {"form": form}, status=status)
    if status == 429:
        response["Retry-After"] = str(wait)
    return response

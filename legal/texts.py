"""What a page shows: the operator's text, sanitised, or the portal's template.

The operator writes plain paragraphs (separated by an empty line) or a small set of HTML tags;
everything else is removed by nh3 when the page is shown, so a text that reached the database by
any way cannot bring a script or a style onto the site. Where the operator has written nothing,
the page shows the portal's template (``templates/legal/default/<kind>.html``) in the reader's
language: it states what the portal itself does, and marks with ``<mark>[…]</mark>`` what only the
operator can say. The admin offers the same template as the text to complete.
"""

import re
from dataclasses import dataclass
from datetime import datetime

import nh3
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe

from legal.models import LegalPage

TAGS = {
    "h2", "h3", "h4", "p", "br", "ul", "ol", "li", "dl", "dt", "dd", "a", "strong", "em", "b",
    "i", "abbr", "mark", "span", "blockquote", "address",
    "table", "caption", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "hreflang"}, "abbr": {"title"}, "th": {"scope"}, "*": {"lang"}}
URL_SCHEMES = {"https", "http", "mailto", "tel"}
_BLOCK = re.compile(r"<(?:p|h[2-4]|ul|ol|dl|table|blockquote|address)\b")

# Templates with places the operator must complete; the others are complete as they are.
TO_COMPLETE = {LegalPage.Kind.IMPRINT, LegalPage.Kind.PRIVACY, LegalPage.Kind.ACCESSIBILITY}
LANGUAGES = ("de", "en")


def clean_html(text: str) -> SafeString:
    """The operator's text as safe HTML: allowed tags only; without block tags it is plain text
    whose empty lines separate paragraphs."""
    cleaned = nh3.clean(text, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES)
    if not _BLOCK.search(cleaned):
        cleaned = linebreaks(cleaned)
    return mark_safe(cleaned)  # sanitised by nh3 just above


def _sign_language_video() -> str:
    return (
        LegalPage.objects.filter(kind=LegalPage.Kind.SIGN_LANGUAGE)
        .values_list("video_url", flat=True)
        .first()
        or ""
    )


def template_html(kind: str, language: str) -> str:
    """The portal's template of a page in one language, with the current configuration."""
    context = {
        "vote_retention_days": settings.VOTE_RETENTION_DAYS,
        "vote_rate_limit_window": settings.VOTE_RATE_LIMIT_WINDOW,
        "code_lookup_minutes": max(1, settings.CODE_LOOKUP_WINDOW // 60),
        "login_failure_limit": settings.LOGIN_FAILURE_LIMIT,
        "login_cooloff_minutes": settings.LOGIN_COOLOFF_MINUTES,
        "csrf_cookie_days": settings.CSRF_COOKIE_AGE // 86400,
        "session_cookie_days": settings.SESSION_COOKIE_AGE // 86400,
        "feedback_mailed": bool(settings.ACCESSIBILITY_FEEDBACK_EMAIL),
        "feedback_retention_days": settings.ACCESSIBILITY_FEEDBACK_RETENTION_DAYS,
        "feedback_window_minutes": max(1, settings.ACCESSIBILITY_FEEDBACK_WINDOW // 60),
        "sign_language_video": (
            _sign_language_video() if kind == LegalPage.Kind.ACCESSIBILITY else ""
        ),
    }
    with translation.override(language):
        return render_to_string(f"legal/default/{kind}.html", context).strip()


@dataclass(frozen=True)
class PageText:
    html: SafeString
    # The language the text is written in (the other one when only that one is written).
    language: str
    from_operator: bool
    to_complete: bool
    updated_at: datetime | None


def page_text(kind: str, language: str, page: LegalPage | None) -> PageText:
    """The operator's text in the reader's language; else the operator's text in the other
    language (German legal texts are often not translated); else the portal's template."""
    language = language if language in LANGUAGES else settings.LANGUAGE_CODE
    if page is not None:
        for candidate in (language, *[other for other in LANGUAGES if other != language]):
            if text := page.text(candidate):
                return PageText(clean_html(text), candidate, True, False, page.updated_at)
    return PageText(
        mark_safe(template_html(kind, language)),  # our own template
        language,
        from_operator=False,
        to_complete=kind in TO_COMPLETE,
        updated_at=None,
    )


def is_template(text: str, kind: str, language: str) -> bool:
    """Whether an operator's text is the template left unchanged (whitespace aside)."""
    return text.split() == template_html(kind, language).split()

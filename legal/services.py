"""Accessibility feedback: storing, rate limiting, mailing and deleting messages.

The rate limit counts a client's accepted messages by a keyed hash of its address
(``engagement_portal.lib.client.client_key``), never the address, in the database, so that all
app processes and servers share the count. A row is kept only for ACCESSIBILITY_FEEDBACK_WINDOW
seconds. Two messages sent at the same moment may both pass the last free place; the limit is
there against floods, not against one message more.
"""

import logging
import math
import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from legal.models import AccessibilityFeedback, FeedbackThrottle

logger = logging.getLogger("portal.legal")


def _window() -> timedelta:
    return timedelta(seconds=settings.ACCESSIBILITY_FEEDBACK_WINDOW)


def feedback_refused(*, client: str, now: datetime | None = None) -> int | None:
    """Seconds until this client may send another message, or None: it may now."""
    now = now or timezone.now()
    FeedbackThrottle.objects.filter(created_at__lte=now - _window()).delete()
    recent = list(
        FeedbackThrottle.objects.filter(client=client)
        .order_by("created_at")
        .values_list("created_at", flat=True)
    )
    if len(recent) < settings.ACCESSIBILITY_FEEDBACK_LIMIT:
        return None
    # The place the oldest counted message holds becomes free when it leaves the window.
    free_at = recent[-settings.ACCESSIBILITY_FEEDBACK_LIMIT] + _window()
    return max(1, math.ceil((free_at - now).total_seconds()))


def feedback_store(
    *,
    message: str,
    name: str,
    email: str,
    page: str,
    language: str,
    client: str,
    now: datetime | None = None,
) -> AccessibilityFeedback:
    """Store a message and count it against the client's rate limit (feedback_refused)."""
    now = now or timezone.now()
    with transaction.atomic():
        feedback = AccessibilityFeedback.objects.create(
            message=message, name=name, email=email, page=page, language=language
        )
        FeedbackThrottle.objects.create(client=client, created_at=now)
    return feedback


def feedback_send(*, feedback: AccessibilityFeedback, admin_url: str) -> bool:
    """Send a stored message to ACCESSIBILITY_FEEDBACK_EMAIL, in German (the operator's
    language), with the sender's address as Reply-To. Returns whether it was sent; without an
    address, or when the mail server refuses, the message stays stored only (and is logged)."""
    recipients = settings.ACCESSIBILITY_FEEDBACK_EMAIL
    if not recipients:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        subject = gettext("Rückmeldung zur Barrierefreiheit")
        body = render_to_string(
            "legal/feedback_email.txt", {"feedback": feedback, "admin_url": admin_url}
        )
    mail = EmailMessage(
        subject=subject,
        body=body,
        to=recipients,
        reply_to=[feedback.email] if feedback.email else None,
    )
    try:
        mail.send()
    except (smtplib.SMTPException, OSError):
        logger.exception("accessibility feedback %s stored but not mailed", feedback.pk)
        return False
    AccessibilityFeedback.objects.filter(pk=feedback.pk).update(mailed_at=timezone.now())
    return True


def feedback_purge_expired(*, now: datetime | None = None) -> int:
    """Delete messages older than ACCESSIBILITY_FEEDBACK_RETENTION_DAYS and the rate limit's
    counts older than its window. Returns the number of messages deleted."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.ACCESSIBILITY_FEEDBACK_RETENTION_DAYS)
    deleted, _ = AccessibilityFeedback.objects.filter(created_at__lte=cutoff).delete()
    FeedbackThrottle.objects.filter(created_at__lte=now - _window()).delete()
    return deleted

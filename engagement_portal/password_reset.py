"""Staff reset a forgotten password by e-mail, on pages in the admin's look.

Django's views and admin templates, with three changes:

- Requests are counted per client (a keyed hash of its address, kept only in Django's cache):
  over ``PASSWORD_RESET_LIMIT`` per ``PASSWORD_RESET_WINDOW`` the form is refused with 429.
  Every request counts, whether the address belongs to an account or not, so the refusal tells
  nothing about accounts. One account also gets at most that many mails per window, silently:
  many clients together cannot fill a colleague's inbox.
- Only active staff accounts get a mail (nobody else can use the admin). Whether one got it,
  the page never says (Django's default).
- A new password also lifts the login throttling's lock of the account (django-axes): who
  locked themselves out by forgetting the password can log in with the new one at once.
"""

import math
from datetime import timedelta

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from engagement_portal.lib.client import client_key
from engagement_portal.lib.logs import log_event
from engagement_portal.lib.ratelimit import limit_exceeded


def _admin_look(request: HttpRequest) -> dict:
    """The admin's header and title; no sidebar of models, which nobody here may use."""
    return {**admin.site.each_context(request), "is_nav_sidebar_enabled": False}


def _limit_exceeded(key: str) -> int | None:
    return limit_exceeded(
        key, limit=settings.PASSWORD_RESET_LIMIT, window=settings.PASSWORD_RESET_WINDOW
    )


class StaffPasswordResetForm(PasswordResetForm):
    def get_users(self, email):
        return (user for user in super().get_users(email) if user.is_staff)

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        if _limit_exceeded(f"password-reset-account:{context['user'].pk}"):
            return
        super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


def password_reset(request: HttpRequest) -> HttpResponse:
    """The form asking for the address; sends the link and goes on to the done page."""
    context = _admin_look(request)
    if request.method == "POST":
        seconds = _limit_exceeded(f"password-reset:{client_key(request, 'password-reset')}")
        if seconds:
            form = StaffPasswordResetForm(request.POST)
            form.add_error(
                "email",
                _(
                    "Zu viele Anfragen von Ihrem Anschluss. Bitte versuchen Sie es in "
                    "%(minutes)d Minuten wieder."
                )
                % {"minutes": math.ceil(seconds / 60)},
            )
            context |= {"form": form, "title": auth_views.PasswordResetView.title}
            response = TemplateResponse(
                request, "registration/password_reset_form.html", context, status=429
            )
            response["Retry-After"] = str(seconds)
            return response
    valid_until = timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    return auth_views.PasswordResetView.as_view(
        form_class=StaffPasswordResetForm,
        subject_template_name="registration/password_reset_subject.txt",
        email_template_name="registration/password_reset_email.txt",
        extra_email_context={"valid_until": valid_until},
        extra_context=context,
    )(request)


def password_reset_done(request: HttpRequest) -> HttpResponse:
    return auth_views.PasswordResetDoneView.as_view(extra_context=_admin_look(request))(request)


class _ConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        log_event("password reset", by=form.user)
        return response


def password_reset_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link from the mail: the form for the new password (Django checks the token)."""
    return _ConfirmView.as_view(extra_context=_admin_look(request))(
        request, uidb64=uidb64, token=token
    )


def password_reset_complete(request: HttpRequest) -> HttpResponse:
    return auth_views.PasswordResetCompleteView.as_view(extra_context=_admin_look(request))(request)

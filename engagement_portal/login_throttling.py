"""Throttling of the admin login with django-axes.

A lockout holds for one combination of username and client: after ``LOGIN_FAILURE_LIMIT``
wrong passwords for one account from one address that combination is refused for
``LOGIN_COOLOFF_MINUTES``. Many staff share one public address in a town hall: an attacker
there locks only the accounts they try, and an attacker elsewhere never locks out a colleague at
the town hall. Unlock: ``manage.py axes_reset_username <name>``, or a superuser deletes the
attempt under *Axes* in the admin.

axes stores each failing combination in the database (shared by all app processes); instead of
the client's address it gets a keyed pseudonym of it (``client_pseudonym``).
"""

import ipaddress

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from engagement_portal.lib.client import client_key

# Unique local IPv6 addresses (fd00::/8) are never a client's public address on the internet.
_PSEUDONYM_PREFIX = "fd"


def client_pseudonym(request: HttpRequest) -> str:
    """The client's address as axes stores it: a keyed hash of it, written as an IPv6 address
    in fd00::/8 so that axes' address column takes it. The same client gets the same pseudonym
    (as long as SECRET_KEY stays); without SECRET_KEY it does not lead back to the address."""
    digest = client_key(request, "login")
    return str(ipaddress.IPv6Address(int(_PSEUDONYM_PREFIX + digest[:30], 16)))


def locked_out_response(request: HttpRequest, original_response=None, credentials=None):
    """The admin's login page saying why the login was refused and until when, with 429."""
    context = {
        **admin.site.each_context(request),
        "title": admin.site.site_title,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    response: HttpResponse = render(request, "admin/locked_out.html", context, status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response

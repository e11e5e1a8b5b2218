"""Pages search engines must not list: the live pages of a dot-vote or poll (a room's pages of an
hour, reached by a code) and private links. robots.txt keeps polite crawlers out; this header
tells every other one, and any that follows a link, not to list the page."""

import functools
import inspect

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern

NOINDEX = "noindex, nofollow"


def noindex(view):
    """The view's answers carry ``X-Robots-Tag: noindex, nofollow``."""

    if inspect.iscoroutinefunction(view):

        @functools.wraps(view)
        async def async_wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            response = await view(request, *args, **kwargs)
            response.headers.setdefault("X-Robots-Tag", NOINDEX)
            return response

        return async_wrapper

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response.headers.setdefault("X-Robots-Tag", NOINDEX)
        return response

    return wrapper


def noindex_all(patterns: list[URLPattern]) -> list[URLPattern]:
    """Every view of an app's URL list answers with noindex (the live apps: no page of theirs
    belongs in a search engine, and a view added later is covered too)."""
    for pattern in patterns:
        pattern.callback = noindex(pattern.callback)
    return patterns

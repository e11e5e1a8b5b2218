"""A page's addresses: absolute, canonical and in each language.

German pages have no prefix (/events/…), English ones /en/ (/en/events/…): the address alone
decides the language, so a shared cache may keep a page and a search engine finds both. Absolute
addresses use SITE_URL when it is set, else the scheme and host of the request (a host that
ALLOWED_HOSTS let through).
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation


def absolute(request: HttpRequest, path: str) -> str:
    """The absolute address of a path of this site ("/events/" → "https://…/events/")."""
    if settings.SITE_URL:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)


def language_paths(request: HttpRequest) -> dict[str, str] | None:
    """The path of this page in each language, or None when the page has no address in
    another language (a page outside the language prefix, an unknown address)."""
    # The handler's own match when the page was served by a view (saves resolving again).
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    paths = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            try:
                paths[code] = reverse(name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                return None
    if len(set(paths.values())) < len(paths):
        return None
    return paths


@dataclass(frozen=True)
class Alternate:
    code: str
    name: str
    url: str
    current: bool


def language_switch(request: HttpRequest, paths: dict[str, str] | None) -> list[Alternate]:
    """Links to this page (``paths``: language_paths) in each language, with its query (a
    search stays a search), each named in its language; the start page of a language when the
    page has no address in it."""
    query = request.META.get("QUERY_STRING", "")
    current = translation.get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        if paths:
            url = paths[code] + (f"?{query}" if query else "")
        else:
            with translation.override(code):
                url = reverse("events:home")
        name = translation.get_language_info(code)["name_local"]
        links.append(Alternate(code, name, url, code == current))
    return links


def _canonical_query(request: HttpRequest) -> str:
    """Only the page number names another page of a list; filters and searches are views of it."""
    page = request.GET.get("page", "")
    return f"?{urlencode({'page': page})}" if page.isdigit() and page != "1" else ""


def canonical(request: HttpRequest, paths: dict[str, str] | None) -> str | None:
    """The page's own absolute address in its language, None for a page without one."""
    if not paths:
        return None
    return absolute(request, paths[translation.get_language()] + _canonical_query(request))


def hreflang_alternates(
    request: HttpRequest, paths: dict[str, str] | None
) -> list[tuple[str, str]]:
    """(hreflang, absolute address) of the page in each language and x-default (German)."""
    if not paths:
        return []
    query = _canonical_query(request)
    links = [(code, absolute(request, paths[code] + query)) for code, _name in settings.LANGUAGES]
    links.append(("x-default", absolute(request, paths[settings.LANGUAGE_CODE] + query)))
    return links

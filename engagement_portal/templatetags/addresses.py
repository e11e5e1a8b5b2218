"""The head's addresses and the language switch of every page (lib/addresses.py)."""

from django import template

from engagement_portal.lib import addresses

register = template.Library()


@register.simple_tag(takes_context=True)
def page_addresses(context) -> dict:
    """canonical (or None), alternates [(hreflang, url)], switch [Alternate] of the page."""
    request = context.get("request")
    if request is None:
        return {"canonical": None, "alternates": [], "switch": []}
    paths = addresses.language_paths(request)
    return {
        "canonical": addresses.canonical(request, paths),
        "alternates": addresses.hreflang_alternates(request, paths),
        "switch": addresses.language_switch(request, paths),
    }


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    """An absolute address of a path of this site (SITE_URL or the request's host)."""
    return addresses.absolute(context["request"], path)

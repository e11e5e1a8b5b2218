from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

CONTENT_LANGUAGE = "de"


@register.filter
def as_url(address: str) -> str:
    """A safe link target for an address as documentations print it.

    "www.bonn.de" becomes "https://www.bonn.de"; http and https addresses stay; anything with
    another scheme (javascript:, data:) gives "" so that no link is made.
    """
    address = (address or "").strip()
    if not address:
        return ""
    if "://" not in address and ":" not in address.split("/", 1)[0]:
        address = f"https://{address}"
    return address if urlsplit(address).scheme in {"http", "https"} else ""


@register.filter
def tag_url(tag) -> str:
    """The address of a topic's page, or "" when its slug cannot be one (a tag stored before
    names without letters were refused has an empty slug): no link then, and no error."""
    try:
        return reverse("events:tag", args=[tag.slug])
    except NoReverseMatch:
        return ""


@register.simple_tag
def content_lang() -> str:
    """lang="de" on elements with documentation text when the page is in another language.

    Documentations are written in German; an English page marks their text as German so that
    screen readers pronounce it right (WCAG 3.1.2).
    """
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return "" if language == CONTENT_LANGUAGE else mark_safe(f' lang="{CONTENT_LANGUAGE}"')


@register.simple_tag
def select_options(bound_field) -> str:
    """The <option>s of a select field, the current value selected.

    Written here rather than by the widget templates (one template per option): a filter form
    with a hundred choices renders in a fraction of the time.
    """
    current = bound_field.value()
    selected = {str(value) for value in current} if isinstance(current, list) else {str(current)}
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected") if str(value) in selected else "", label)
            for value, label in bound_field.field.choices
        ),
    )

import re
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape, format_html_join
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
def filters_in_use(form) -> bool:
    """Whether a filter form's fields other than the search box (q) hold a value: its box of
    filters is then drawn open, else folded."""
    if not form.is_bound:
        return False
    return any(form.data.get(name) for name in form.fields if name != "q")


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


@register.simple_tag(takes_context=True)
def render_part(context, part, chapter) -> str:
    """One part of a chapter (events.outline.PartView) with its own template and context."""
    template = context.template.engine.get_template(part.template)
    with context.push(**part.context, chapter=chapter):
        return template.render(context)


_LIST_ITEM = re.compile(r"^(\s*)(?:[-–•*]|(\d+)[.)])\s+(.*)$")


@register.filter(needs_autoescape=True)
def prose(text: str, autoescape: bool = True) -> str:
    """Plain text as the format writes it: paragraphs split by empty lines; a paragraph whose
    lines all start with "- " (or "– ", "• ", "* ") is a bulleted list, with "1. " a numbered one;
    indented items are sub-items. Everything is escaped."""
    escape = conditional_escape if autoescape else (lambda value: value)
    blocks = []
    for paragraph in re.split(r"\n\s*\n", (text or "").strip()):
        lines = paragraph.splitlines()
        items = [_LIST_ITEM.match(line) for line in lines]
        if lines and all(items):
            blocks.append(_list(items, escape))
        elif paragraph.strip():
            blocks.append("<p>" + "<br>".join(escape(line) for line in lines) + "</p>")
    return mark_safe("\n".join(blocks))  # noqa: S308 (every text escaped above)


def _list(items, escape) -> str:
    """Nested <ul>/<ol> from list lines; the first item's indentation is the top level."""
    html, depths = [], []
    for match in items:
        depth = len(match.group(1).expandtabs(2))
        tag = "ol" if match.group(2) else "ul"
        if not depths or depth > depths[-1][0]:
            html.append(f"<{tag}>")
            depths.append((depth, tag))
        else:
            while len(depths) > 1 and depth < depths[-1][0]:
                html.append(f"</li></{depths.pop()[1]}>")
            html.append("</li>")
        html.append(f"<li>{escape(match.group(3))}")
    while depths:
        html.append(f"</li></{depths.pop()[1]}>")
    return "".join(html)

"""Which tag names (Themen) can be stored and linked.

A tag's page is found by its slug (``/tags/<slug>/``); taggit makes the slug with
``slugify(name, allow_unicode=True)`` and, when another tag already has it, appends ``_1``,
``_2`` … A name without letters or digits (``???``, an emoji) has an empty slug and no page; a name
longer than taggit's columns fails on PostgreSQL. Every place that accepts tag names (admin forms,
the documentation import) asks ``tag_name_problem`` first.
"""

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _
from taggit.forms import TagField
from taggit.models import Tag

# Room for the suffix taggit appends to a slug that is already taken ("_12").
_SLUG_SUFFIX_ROOM = 4
TAG_NAME_MAX_LENGTH = min(
    Tag._meta.get_field("name").max_length,
    Tag._meta.get_field("slug").max_length - _SLUG_SUFFIX_ROOM,
)


def tag_slug(name: str) -> str:
    """The slug taggit gives a new tag of this name (before any suffix)."""
    return slugify(name, allow_unicode=True)


def tag_name_problem(name: str) -> str | None:
    """A German message saying why this tag name cannot be used, or None when it can."""
    if "\x00" in name:
        return _("Das Thema „%(name)s“ enthält ein unzulässiges Steuerzeichen.") % {
            "name": name.replace("\x00", "")
        }
    if not tag_slug(name):
        return _("Das Thema „%(name)s“ braucht mindestens einen Buchstaben oder eine Ziffer.") % {
            "name": name
        }
    if len(name) > TAG_NAME_MAX_LENGTH or len(tag_slug(name)) > TAG_NAME_MAX_LENGTH:
        return _("Das Thema „%(name)s…“ ist zu lang (höchstens %(max)d Zeichen).") % {
            "name": name[:30],
            "max": TAG_NAME_MAX_LENGTH,
        }
    return None


class CheckedTagField(TagField):
    """taggit's comma-separated tag field, refusing each name ``tag_name_problem`` refuses."""

    def clean(self, value):
        names = super().clean(value)
        problems = [problem for problem in map(tag_name_problem, names) if problem]
        if problems:
            raise ValidationError(problems)
        return names

"""People named in a documentation's rows (moderation, talks, the speakers of quotes), chosen or
typed in place.

The admin's "+" beside a person opens a popup window; here a row offers the search for a known
person and, beside it, a name for a new one with the consent to publish it. The new person
belongs to the documentation's municipality (the editor's: stakeholders/scoping.py) and has its
name published only when that box is ticked.
"""

from django import forms
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from stakeholders.models import Person


def person_slug(name: str) -> str:
    """A free slug for a new person: their name, with -2, -3 … when it is taken."""
    base = (slugify(name) or "person")[:110]
    taken = set(Person.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _municipality_of(instance):
    """The municipality that owns the documentation of a role or quote."""
    event = getattr(instance, "event", None) if instance.event_id else None
    if event is None and getattr(instance, "session_id", None):
        event = instance.session.event
    if event is None and getattr(instance, "group_id", None):
        event = instance.group.event
    return event.municipality if event is not None else None


# The fields a row's form gets beside its person field (new_person_form).
NEW_PERSON_FIELDS = ["new_person_name", "new_person_publish"]


class NewPersonForm(forms.ModelForm):
    """A row that names a person: a known one, or a new one by name (with the consent flag)."""

    person_field = "person"

    new_person_name = forms.CharField(
        label=_("oder neue Person"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Vorname Nachname")}),
    )
    new_person_publish = forms.BooleanField(
        label=_("Name veröffentlichen"),
        required=False,
        help_text=_("Nur mit Einwilligung oder bei Amts- und Funktionsträger*innen."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.person_required = not self._meta.model._meta.get_field(self.person_field).null
        if self.person_field in self.fields:
            self.fields[self.person_field].required = False

    def clean(self):
        cleaned = super().clean()
        name = (cleaned.get("new_person_name") or "").strip()
        cleaned["new_person_name"] = name
        chosen = cleaned.get(self.person_field)
        if name and chosen:
            self.add_error(
                "new_person_name",
                _("Bitte entweder eine bekannte Person wählen oder einen neuen Namen eingeben."),
            )
        elif not name and not chosen and self.person_required:
            self.add_error(
                self.person_field,
                _("Bitte eine Person wählen oder den Namen einer neuen Person eingeben."),
            )
        if cleaned.get("new_person_publish") and not name:
            self.add_error("new_person_publish", _("Nur für eine neue Person."))
        return cleaned

    def save(self, commit=True):
        name = self.cleaned_data.get("new_person_name")
        if name:
            person = Person.objects.create(
                name=name,
                slug=person_slug(name),
                municipality=_municipality_of(self.instance),
                publish_name=bool(self.cleaned_data.get("new_person_publish")),
            )
            setattr(self.instance, self.person_field, person)
        return super().save(commit)


class NoPopupsMixin:
    """Choices in a row open no popup windows (no "+", pencil or eye beside them)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and isinstance(field.widget, RelatedFieldWidgetWrapper):
            widget = field.widget
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = widget.can_view_related = False
        return field


def new_person_form(person_field: str) -> type[NewPersonForm]:
    """The form of a row whose ``person_field`` (a foreign key to Person) may name a new person:
    roles name their person, quotes their speaker."""
    return type("NewPersonForm", (NewPersonForm,), {"person_field": person_field})

"""People named in a documentation's rows (moderation, talks, the speakers of quotes) and the
organisations behind an event, chosen or typed in place.

The admin's "+" beside a person opens a popup window; here a row offers the search for a known
person and, beside it, a name for a new one with the consent to publish it. The new person
belongs to the documentation's municipality (the editor's: stakeholders/scoping.py) and has its
name published only when that box is ticked. The event's form likewise names a new organisation
(organiser or partner) of the event's municipality.
"""

from django import forms
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from stakeholders.models import Municipality, Organisation, Person, Sector
from stakeholders.scoping import Scope, editor_municipality_ids


def free_slug(model, name: str, fallback: str) -> str:
    """A free slug for a new person or organisation: its name, with -2, -3 … when taken."""
    base = (slugify(name) or fallback)[:110]
    taken = set(model.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def person_slug(name: str) -> str:
    return free_slug(Person, name, "person")


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
    """Choices open no popup windows (no "+", pencil or eye beside them): all of a row's, or
    those named in ``no_popups_for``."""

    no_popups_for: tuple[str, ...] | None = None

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if self.no_popups_for is not None and db_field.name not in self.no_popups_for:
            return field
        if field is not None and isinstance(field.widget, RelatedFieldWidgetWrapper):
            widget = field.widget
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = widget.can_view_related = False
        return field


def new_person_form(person_field: str) -> type[NewPersonForm]:
    """The form of a row whose ``person_field`` (a foreign key to Person) may name a new person:
    roles name their person, quotes their speaker."""
    return type("NewPersonForm", (NewPersonForm,), {"person_field": person_field})


class NewOrganisationForm(forms.ModelForm):
    """The event's form: a new organisation, typed in by name, as organiser or partner.

    It belongs to the event's municipality, which the editor must be allowed to write
    (``user``, set by the admin); a name that municipality already has is refused, to be chosen
    in the list instead."""

    user = None

    new_organisation = forms.CharField(
        label=_("Neue Organisation"),
        max_length=300,
        required=False,
        help_text=_("Nur wenn sie oben nicht zu finden ist; sie gehört dann zur Kommune."),
    )
    new_organisation_sector = forms.ChoiceField(
        label=_("Sektor der neuen Organisation"),
        choices=[("", "---------"), *Sector.choices],
        required=False,
    )
    new_organisation_as = forms.ChoiceField(
        label=_("Neue Organisation eintragen als"),
        choices=[("organisers", _("Veranstalter")), ("partners", _("Partner"))],
        initial="organisers",
        required=False,
        widget=forms.RadioSelect,
    )

    def clean(self):
        cleaned = super().clean()
        name = (cleaned.get("new_organisation") or "").strip()
        cleaned["new_organisation"] = name
        if not name:
            return cleaned
        municipality = self._municipality(cleaned)
        if not cleaned.get("new_organisation_sector"):
            self.add_error(
                "new_organisation_sector", _("Bitte den Sektor der neuen Organisation wählen.")
            )
        if municipality is None:
            return cleaned
        if self.user is None or not Scope(self.user).may_own(municipality.pk):
            self.add_error(
                "new_organisation",
                _("Organisationen dieser Kommune dürfen Sie nicht anlegen."),
            )
        elif Organisation.objects.filter(municipality=municipality, name__iexact=name).exists():
            self.add_error(
                "new_organisation",
                _("Diese Organisation gibt es schon: bitte oben auswählen."),
            )
        return cleaned

    def _municipality(self, cleaned) -> Municipality | None:
        """The event's municipality: chosen on the form, the event's own, or, for an editor of
        one municipality (who never chooses it, stakeholders.scoping), theirs."""
        if cleaned.get("municipality") is not None:
            return cleaned["municipality"]
        if self.instance.municipality_id is not None:
            return self.instance.municipality
        ids = editor_municipality_ids(self.user) if self.user is not None else []
        return Municipality.objects.filter(pk=ids[0]).first() if len(ids) == 1 else None

    def add_new_organisation(self) -> Organisation | None:
        """After the event and its choices are saved: the new organisation, created and added
        as organiser or partner."""
        name = self.cleaned_data.get("new_organisation")
        if not name:
            return None
        organisation = Organisation.objects.create(
            name=name,
            slug=free_slug(Organisation, name, "organisation"),
            sector=self.cleaned_data["new_organisation_sector"],
            municipality=self.instance.municipality,
        )
        relation = self.cleaned_data.get("new_organisation_as") or "organisers"
        getattr(self.instance, relation).add(organisation)
        return organisation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from engagement_portal.lib.bullets import parse_counts
from events.forms import BulletsField
from events.models import Chapter, Event, Session
from stakeholders.models import Municipality
from stakeholders.scoping import editor_municipality_ids
from uploads.models import Photo
from uploads.processing import process_photo

from .services import parse_quotes


class NewDocumentationForm(forms.ModelForm):
    """The start page's form: what a documentation needs before anything else."""

    class Meta:
        model = Event
        fields = ["title", "kind", "date", "municipality"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        places = Municipality.objects.order_by("name")
        if not user.is_superuser:
            places = places.filter(pk__in=editor_municipality_ids(user))
        self.fields["municipality"].queryset = places
        if len(places) == 1:
            # One town: nothing to choose (as in the admin's forms, stakeholders.scoping); a
            # town sent anyway must still be that one.
            field = self.fields["municipality"]
            field.widget, field.required, field.initial = forms.HiddenInput(), False, places[0]
            self.only_place = places[0]

    def clean_municipality(self):
        return self.cleaned_data["municipality"] or getattr(self, "only_place", None)


class BasicsForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["title", "subtitle", "kind", "format", "date", "venue", "summary"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }


def _clean_with(parse, value):
    if value.strip():
        parse(value)  # raises a ValidationError naming the line
    return value


class SessionForm(forms.ModelForm):
    """A session with what was said and written there, as one autosaved form. Bullets and
    quotes are appended and the fields cleared once saved."""

    moderator = forms.CharField(label=_("Moderation"), max_length=200, required=False)
    moderator_publish = forms.BooleanField(
        label=_("Name veröffentlichen (Einwilligung liegt vor)"), required=False
    )
    category = forms.CharField(
        label=_("Kategorie der Stichpunkte"),
        max_length=300,
        required=False,
        help_text=_("z. B. die Leitfrage des Flipcharts"),
    )
    bullets = BulletsField(label=_("Stichpunkte einfügen"), required=False)
    quotes = forms.CharField(
        label=_("Zitate einfügen"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Ein Zitat je Zeile, wer es sagte nach einem Gedankenstrich: „Zitat – Teilnehmerin“."
        ),
    )

    class Meta:
        model = Session
        fields = ["title", "kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bullets"].widget.attrs.update(rows=6, cols=60)
        self.fields["kind"].initial = Session.Kind.THEMATIC_TABLE

    def clean_quotes(self):
        return _clean_with(parse_quotes, self.cleaned_data["quotes"])


class ChapterForm(forms.ModelForm):
    class Meta:
        model = Chapter
        fields = ["number", "title"]


class ChapterTextForm(forms.Form):
    heading = forms.CharField(label=_("Überschrift des Textes"), max_length=300, required=False)
    bullets = BulletsField(label=_("Stichpunkte als Text einfügen"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bullets"].widget.attrs.update(rows=4, cols=60)


class CountsForm(forms.Form):
    counts = forms.CharField(
        label=_("Punkte einfügen"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Eine Zeile je Thema: Titel und Punkte, aus der Tabelle kopiert (Tabulator) oder "
            "„Titel; 17“. Ein Thema noch einmal eingefügt bekommt die neuen Punkte, 0 entfernt es."
        ),
    )

    def clean_counts(self):
        value = self.cleaned_data["counts"]
        if not parse_counts(value):
            raise ValidationError(_("Keine Zeile mit Punkten gefunden."))
        return value


class PhotoForm(forms.ModelForm):
    """A photo's texts and its session; the image itself is only chosen when it is added."""

    class Meta:
        model = Photo
        fields = ["alt_text", "caption", "credit", "session"]
        widgets = {"caption": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = event.sessions.all()
        self.fields["alt_text"].required = True


class NewPhotoForm(PhotoForm):
    """A dropped photo with its alternative text; checked and processed as the admin's form
    does (uploads.processing), stored by uploads.services."""

    upload = forms.FileField(label=_("Foto"))

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        self.processed = process_photo(upload)
        return upload

import zipfile

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from engagement_portal.lib.bullets import parse_bullets


class BulletsField(forms.CharField):
    """A textarea of pasted bullets; cleans to the parsed tree, refuses empty input."""

    widget = forms.Textarea(attrs={"rows": 18, "cols": 100, "spellcheck": "true"})

    def __init__(self, **kwargs):
        kwargs.setdefault("strip", False)
        kwargs.setdefault(
            "error_messages",
            {"required": _("Bitte mindestens einen Stichpunkt einfügen (eine Zeile je Punkt).")},
        )
        kwargs.setdefault(
            "help_text",
            _(
                "Ein Stichpunkt je Zeile. Eingerückte Zeilen werden Unterpunkte. "
                "Aufzählungszeichen (-, •, *, o, auch aus Word und PDF) werden entfernt, "
                "Nummern nur bei durchgehender Zählung (1., 2., 3. oder a), b), c)); "
                "Zahlen, Daten und Zeichen im Text bleiben stehen."
            ),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value.strip() or self.required:
            parse_bullets(value)  # raises a ValidationError naming the problem
        return value


class ContributionPasteForm(forms.Form):
    category = forms.CharField(
        label=_("Kategorie"),
        required=False,
        max_length=300,
        help_text=_("z. B. „Was läuft gut?“ – leer lassen, wenn es keine Überschrift gibt."),
    )
    bullets = BulletsField(label=_("Stichpunkte vom Flipchart"))


class AdditionPasteForm(forms.Form):
    event = forms.ModelChoiceField(label=_("Veranstaltung"), queryset=None)
    bullets = BulletsField(label=_("Ergänzungen"))

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events


class DocumentationUploadForm(forms.Form):
    """One documentation file; ``clean`` imports it on behalf of the user, all or nothing."""

    file = forms.FileField(
        label=_("Dokumentationsdatei (YAML oder JSON, mit Fotos und Dateien als ZIP-Archiv)"),
        help_text=_(
            "Format: siehe docs/documentation-format.md. Die Datei wird vollständig "
            "geprüft, bevor etwas gespeichert wird."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.document = None
        self.bundle_media = None

    def clean_file(self):
        from events.importer import (
            DocumentationError,
            documentation_parse,
            documentation_unpack,
            too_large,
        )

        upload = self.cleaned_data["file"]
        if zipfile.is_zipfile(upload):
            # A bundle: the documentation with its photos and files.
            if upload.size > settings.DOCUMENTATION_MAX_BUNDLE_BYTES:
                raise forms.ValidationError(_("Das Archiv ist zu groß."))
            upload.seek(0)
            try:
                bundle = documentation_unpack(upload, source=upload.name)
            except DocumentationError as error:
                raise forms.ValidationError([str(p) for p in error.problems]) from None
            self.document, self.bundle_media = bundle.data, bundle.media
            return upload
        upload.seek(0)
        if upload.size > settings.DOCUMENTATION_MAX_BYTES:
            raise forms.ValidationError(str(too_large(upload.size)))
        try:
            text = upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _(
                    "Die Datei ist keine Textdatei in UTF-8 (YAML oder JSON). Eine Dokumentation "
                    "als PDF oder Word-Datei kann nicht importiert werden."
                )
            ) from None
        try:
            self.document = documentation_parse(text, source=upload.name)
        except DocumentationError as error:
            raise forms.ValidationError([str(p) for p in error.problems]) from None
        return upload

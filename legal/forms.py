from django import forms
from django.utils.translation import gettext_lazy as _

from legal.models import AccessibilityFeedback, LegalPage
from legal.texts import LANGUAGES, is_template, template_html

MESSAGE_MAX_LENGTH = 5000


class FeedbackForm(forms.Form):
    """A message about a barrier. Django's fields refuse NUL characters and over-long values
    with a message of their own."""

    message = forms.CharField(
        label=_("Ihre Nachricht"),
        max_length=MESSAGE_MAX_LENGTH,
        help_text=_(
            "Welche Barriere ist Ihnen aufgefallen, oder welche Information brauchen Sie in "
            "welcher Form? Höchstens 5.000 Zeichen."
        ),
        widget=forms.Textarea,
        error_messages={"required": _("Bitte schreiben Sie Ihre Nachricht.")},
    )
    name = forms.CharField(
        label=_("Ihr Name (freiwillig)"),
        max_length=AccessibilityFeedback._meta.get_field("name").max_length,
        required=False,
    )
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse (freiwillig)"),
        max_length=AccessibilityFeedback._meta.get_field("email").max_length,
        required=False,
        help_text=_("Nur wenn Sie eine Antwort möchten."),
    )
    page = forms.CharField(
        label=_("Um welche Seite geht es? (freiwillig)"),
        max_length=AccessibilityFeedback._meta.get_field("page").max_length,
        required=False,
        help_text=_("Die Adresse oder der Titel der Seite."),
    )


class LegalPageForm(forms.ModelForm):
    """The admin's form: an empty text is offered as the portal's template to complete, and a
    template saved unchanged is stored as empty, so that the page keeps saying that it is still
    a template (and follows the template's later corrections)."""

    class Meta:
        model = LegalPage
        fields = ["kind", "body_de", "body_en", "video_url"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        kind = self.instance.kind or self.initial.get("kind")
        if kind in LegalPage.Kind.values and not self.is_bound:
            for language in LANGUAGES:
                field = f"body_{language}"
                if field in self.fields and not self.initial.get(field):
                    self.initial[field] = template_html(kind, language)
        for language in LANGUAGES:
            if (field := self.fields.get(f"body_{language}")) is not None:
                field.widget.attrs.update({"rows": 30, "cols": 100})

    def clean(self) -> dict:
        cleaned = super().clean()
        kind = cleaned.get("kind") or self.instance.kind
        for language in LANGUAGES:
            field = f"body_{language}"
            text = cleaned.get(field)
            if kind and text and is_template(text, kind, language):
                cleaned[field] = ""
        return cleaned

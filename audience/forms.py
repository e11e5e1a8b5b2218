from django import forms
from django.utils.translation import gettext_lazy as _

from audience.models import TEXT_MAX_LENGTH, QuestionRound
from audience.services import EMPTY_TEXT, MODERATION_ACTIONS, TOO_LONG
from events.models import Session
from live.codes import code_taken

MAX_ID = 2**63 - 1


class AskForm(forms.Form):
    """A participant's question."""

    text = forms.CharField(
        label=_("Ihre Frage"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": EMPTY_TEXT},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Filled in per request: in the language of the page.
        field = self.fields["text"]
        field.error_messages["max_length"] = TOO_LONG % {"n": TEXT_MAX_LENGTH}
        field.help_text = _("Kurz, höchstens %(n)d Zeichen. Ihre Frage bleibt anonym.") % {
            "n": TEXT_MAX_LENGTH
        }


class UpvoteForm(forms.Form):
    question = forms.IntegerField(min_value=1, max_value=MAX_ID)
    # "1": give the vote, "0": take it back.
    upvoted = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")


class ControlForm(forms.Form):
    ACTIONS = [
        ("start", _("Fragerunde starten")),
        ("finish", _("Fragerunde beenden")),
        ("reopen", _("Fragerunde wieder öffnen")),
        ("release_all", _("Alle wartenden Fragen freigeben")),
    ]
    action = forms.ChoiceField(choices=ACTIONS)


class ModerationForm(forms.Form):
    ACTIONS = [
        ("release", _("Freigeben")),
        ("hide", _("Verbergen")),
        ("answered", _("Als beantwortet markieren")),
        ("unanswered", _("Nicht mehr beantwortet")),
        ("pin", _("Anheften")),
        ("unpin", _("Lösen")),
    ]
    assert [a for a, _label in ACTIONS] == list(MODERATION_ACTIONS)

    action = forms.ChoiceField(choices=ACTIONS)
    question = forms.IntegerField(min_value=1, max_value=MAX_ID)


class RoundCreateForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=300)
    session = forms.ModelChoiceField(
        label=_("Arbeitsphase oder Podium"),
        queryset=Session.objects.none(),
        required=False,
        help_text=_("Optional; steht dann auch über den Fragen in der Dokumentation."),
    )
    premoderated = forms.BooleanField(
        label=_("Fragen erst nach Freigabe zeigen"), required=False, initial=True
    )
    documented_as = forms.ChoiceField(
        label=_("In der Dokumentation als"),
        choices=QuestionRound.DocumentedAs.choices,
        initial=QuestionRound.DocumentedAs.PLENARY,
    )

    def __init__(self, *args, sessions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions


class QuestionRoundAdminForm(forms.ModelForm):
    class Meta:
        model = QuestionRound
        fields = ["event", "session", "title", "code", "premoderated", "documented_as"]

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        # One namespace for every live feature: one code, one thing to join.
        if self.instance._state.adding and code_taken(code):
            raise forms.ValidationError(
                _(
                    "Diesen Code hat schon eine andere Live-Beteiligung. "
                    "Bitte wählen Sie einen anderen."
                )
            )
        return code

    def clean(self):
        cleaned = super().clean()
        event = cleaned.get("event") or (self.instance.event if self.instance.event_id else None)
        session = cleaned.get("session")
        if session is not None and event is not None and session.event_id != event.pk:
            self.add_error("session", _("Die Arbeitsphase gehört zu einer anderen Veranstaltung."))
        return cleaned

from django import forms
from django.utils.translation import gettext_lazy as _

from live.codes import code_feature
from voting.models import DotVote, VoteItem


class ControlForm(forms.Form):
    ACTIONS = [
        ("open", _("Öffnen")),
        ("close", _("Schließen")),
        ("reveal", _("Ergebnis aufdecken")),
        ("hide", _("Ergebnis verbergen")),
        ("reset", _("Zurücksetzen")),
        ("publish", _("Veröffentlichen")),
        ("reopen", _("Veröffentlichung zurücknehmen")),
    ]

    action = forms.ChoiceField(choices=ACTIONS)
    confirm = forms.BooleanField(required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "reset" and not cleaned.get("confirm"):
            raise forms.ValidationError(
                _("Bitte bestätigen Sie, dass alle Live-Punkte gelöscht werden sollen.")
            )
        return cleaned


class PaperCountForm(forms.Form):
    """One number per item: the dots counted on the paper posters."""

    def __init__(self, *args, items: list[VoteItem], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for item in items:
            self.fields[f"item_{item.id}"] = forms.IntegerField(
                label=item.title,
                min_value=0,
                max_value=100_000,
                required=False,
                initial=item.paper or None,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    def counts(self) -> dict[int, int]:
        return {
            int(name.removeprefix("item_")): value or 0 for name, value in self.cleaned_data.items()
        }


class DotVoteAdminForm(forms.ModelForm):
    """The admin's vote form, with the items chosen in bulk: recommendations and free themes."""

    recommendations = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label=_("Handlungsempfehlungen hinzufügen"),
        widget=forms.CheckboxSelectMultiple,
    )
    labels = forms.CharField(
        required=False,
        label=_("Freie Themen hinzufügen"),
        help_text=_("Ein Thema pro Zeile, z. B. Handlungsfelder."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = DotVote
        fields = [
            "event",
            "title",
            "code",
            "dots_per_participant",
            "cap_per_item",
            "results_hidden",
        ]

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        # The live features share the participants' join page: one code, one thing to join.
        feature = code_feature(code) if self.instance._state.adding else None
        if feature == "polls":
            raise forms.ValidationError(
                _("Diesen Code hat schon eine Live-Umfrage. Bitte wählen Sie einen anderen.")
            )
        if feature not in (None, "voting"):
            raise forms.ValidationError(
                _(
                    "Diesen Code hat schon eine andere Live-Beteiligung. "
                    "Bitte wählen Sie einen anderen."
                )
            )
        return code

    def clean_labels(self) -> str:
        labels = self.cleaned_data["labels"]
        limit = VoteItem._meta.get_field("label").max_length
        numbers = [
            str(n) for n, line in enumerate(labels.splitlines(), 1) if len(line.strip()) > limit
        ]
        if numbers:
            raise forms.ValidationError(
                _("Höchstens %(max)d Zeichen pro Thema; zu lang: Zeile %(lines)s.")
                % {"max": limit, "lines": ", ".join(numbers)}
            )
        return labels

    def clean(self):
        cleaned = super().clean()
        budget, cap = cleaned.get("dots_per_participant"), cleaned.get("cap_per_item")
        if budget and cap and cap > budget:
            self.add_error(
                "cap_per_item", _("Pro Eintrag höchstens so viele Punkte, wie jede Person hat.")
            )
        return cleaned

    def new_labels(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("labels", "").splitlines()]

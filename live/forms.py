from django import forms
from django.utils.translation import gettext_lazy as _

from live.codes import MAX_LENGTH, is_code


class JoinForm(forms.Form):
    """The code a participant types to join a dot-vote or a poll."""

    code = forms.CharField(
        label=_("Code der Abstimmung"),
        max_length=MAX_LENGTH,
        help_text=_("Der Code steht auf der Leinwand, z. B. DEMO."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        if not is_code(code):
            raise forms.ValidationError(_("Ein Code hat 4 bis 12 Buchstaben oder Ziffern."))
        return code

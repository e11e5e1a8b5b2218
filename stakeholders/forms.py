from django import forms
from django.utils.translation import gettext_lazy as _

from stakeholders.models import Sector
from stakeholders.selectors import public_municipalities


class StakeholderFilterForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Kommune"),
        queryset=public_municipalities(),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle Kommunen"),
    )
    sector = forms.ChoiceField(
        label=_("Sektor der Organisation"),
        choices=[("", _("Alle Sektoren")), *Sector.choices],
        required=False,
    )

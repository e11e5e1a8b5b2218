"""Filters of the public recommendation list; the choices come from public strategies only."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from events.selectors import strategies_with_events
from recommendations.models import Recommendation, Status
from recommendations.selectors import public_action_fields


class RecommendationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Suchbegriff"),
        method="keep",  # searched in the view, which ranks the results
        widget=forms.TextInput(attrs={"type": "search", "maxlength": 200}),
    )
    strategy = django_filters.ModelChoiceFilter(
        label=_("Strategie"),
        field_name="strategy",
        to_field_name="slug",
        queryset=strategies_with_events(),
        empty_label=_("Alle Strategien"),
    )
    action_field = django_filters.ModelChoiceFilter(
        label=_("Handlungsfeld"),
        field_name="action_field",
        queryset=public_action_fields(),
        empty_label=_("Alle Handlungsfelder"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Stand"), choices=Status.choices, empty_label=_("Jeder Stand")
    )

    class Meta:
        model = Recommendation
        fields = ["q", "strategy", "action_field", "status"]

    def keep(self, queryset, name, value):
        return queryset

    @property
    def search_text(self) -> str:
        return self.form.cleaned_data.get("q", "") if self.form.is_valid() else ""

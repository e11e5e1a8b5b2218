"""Filters of the public event list. Every choice offered comes from published events only."""

import django_filters
from django import forms
from django.db.models import Func, IntegerField
from django.utils.translation import gettext_lazy as _

from events.models import Event
from events.selectors import municipalities_with_events, strategies_with_events, tags_with_events


class Year(Func):
    """The year of a date as a number, computed natively: Django's ExtractYear calls a Python
    function per row on SQLite, which took longer than the rest of the list page."""

    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        template = "CAST(strftime('%%%%Y', %(expressions)s) AS integer)"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        template = "CAST(EXTRACT(YEAR FROM %(expressions)s) AS integer)"
        return self.as_sql(compiler, connection, template=template, **extra)


def _years() -> list[tuple[str, str]]:
    years = (
        Event.objects.published()
        .annotate(year=Year("date"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    return [(str(year), str(year)) for year in years]


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Suchbegriff"),
        method="keep",  # searched in the view: ranking and snippets need the whole query
        widget=forms.TextInput(attrs={"type": "search", "maxlength": 200}),
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Kommune"),
        field_name="municipality",
        to_field_name="slug",
        queryset=municipalities_with_events(),
        empty_label=_("Alle Kommunen"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Art"), choices=Event.Kind.choices, empty_label=_("Alle Arten")
    )
    year = django_filters.ChoiceFilter(
        label=_("Jahr"), choices=[], method="filter_year", empty_label=_("Alle Jahre")
    )
    format = django_filters.ChoiceFilter(
        label=_("Format"), choices=Event.Format.choices, empty_label=_("Alle Formate")
    )
    strategy = django_filters.ModelChoiceFilter(
        label=_("Strategie"),
        field_name="strategies",
        to_field_name="slug",
        queryset=strategies_with_events(),
        empty_label=_("Alle Strategien"),
    )
    tag = django_filters.ModelChoiceFilter(
        label=_("Thema"),
        field_name="tags",
        to_field_name="slug",
        queryset=tags_with_events(),
        empty_label=_("Alle Themen"),
    )

    class Meta:
        model = Event
        fields = ["q", "municipality", "kind", "year", "format", "strategy", "tag"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The years of published events, read once per request.
        self.filters["year"].extra["choices"] = _years()

    def keep(self, queryset, name, value):
        return queryset

    def filter_year(self, queryset, name, value):
        return queryset.filter(date__year=value)

    @property
    def search_text(self) -> str:
        return self.form.cleaned_data.get("q", "") if self.form.is_valid() else ""

    @property
    def active(self) -> bool:
        """Whether any filter besides the search narrows the list (invalid ones do not)."""
        self.form.is_valid()  # cleans every field; the valid ones filter
        cleaned = getattr(self.form, "cleaned_data", {})
        return any(value for name, value in cleaned.items() if name != "q")

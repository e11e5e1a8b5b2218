from django.contrib import admin

from assessments.models import (
    Assessment,
    Criterion,
    Field,
    FieldResult,
    Framework,
    MaturityLevel,
    Rating,
    Respondent,
    ScaleStep,
)
from events.admin import OrderedInline
from stakeholders.scoping import ScopedAdmin, SuperuserOnlyAdmin


class ScaleStepInline(OrderedInline):
    model = ScaleStep
    fields = ["value", "label", "score", "order"]


class MaturityLevelInline(OrderedInline):
    model = MaturityLevel
    fields = ["rank", "title", "description"]


class FieldInline(OrderedInline):
    model = Field
    fields = ["number", "title", "order"]
    show_change_link = True


@admin.register(Framework)
class FrameworkAdmin(SuperuserOnlyAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ScaleStepInline, MaturityLevelInline, FieldInline]


class CriterionInline(OrderedInline):
    model = Criterion
    fields = ["number", "text", "order"]


@admin.register(Field)
class FieldAdmin(SuperuserOnlyAdmin):
    list_display = ["__str__", "framework"]
    list_filter = ["framework"]
    search_fields = ["title"]
    inlines = [CriterionInline]


class RespondentInline(OrderedInline):
    model = Respondent
    fields = ["unit", "function", "name", "order"]


class FieldResultInline(OrderedInline):
    model = FieldResult
    fields = ["field", "level", "chosen", "narrative", "order"]


class RatingInline(OrderedInline):
    model = Rating
    fields = ["criterion", "value"]


@admin.register(Assessment)
class AssessmentAdmin(ScopedAdmin):
    list_display = ["title", "municipality", "framework", "date"]
    list_filter = ["municipality", "framework"]
    search_fields = ["title"]
    autocomplete_fields = ["event"]
    inlines = [RespondentInline, FieldResultInline, RatingInline]

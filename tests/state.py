"""The whole stored state, to assert that a refused write changed nothing."""

from django.apps import apps

APPS = (
    "legal",
    "stakeholders",
    "recommendations",
    "events",
    "assessments",
    "voting",
    "polls",
    "uploads",
    "taggit",
)
# Kept by the database itself (search index triggers), not by the write paths.
DERIVED = {"events.SearchDocument", "events.SearchTerm"}


def database_rows() -> dict[str, list[str]]:
    """Every row of the portal's tables, each as the repr of its field values, sorted."""
    rows = {}
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.label in DERIVED:
                continue
            names = [field.attname for field in model._meta.concrete_fields]
            rows[model._meta.label] = sorted(
                repr(values) for values in model._default_manager.values_list(*names)
            )
    return rows

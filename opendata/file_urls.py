"""The open-data files: the machines' addresses, without a language prefix (the same file in
every language), stable for harvesters and scripts that keep them for years."""

from django.urls import path

from opendata import views

app_name = "opendata_files"

urlpatterns = [
    path("catalog.jsonld", views.catalog, name="catalog"),
    path("events.csv", views.table_csv, {"name": "events_csv"}, name="events_csv"),
    path(
        "recommendations.csv",
        views.table_csv,
        {"name": "recommendations_csv"},
        name="recommendations_csv",
    ),
    path("points.csv", views.table_csv, {"name": "points_csv"}, name="points_csv"),
    path(
        "status-history.csv",
        views.table_csv,
        {"name": "status_history_csv"},
        name="status_history_csv",
    ),
    path(
        "documentations/<slug:slug>.json",
        views.documentation_json,
        name="documentation_json",
    ),
    path(
        "documentations/<slug:slug>.yaml",
        views.documentation_yaml,
        name="documentation_yaml",
    ),
]

"""The counters of changes to what the live pages show (live.changes): two sequences on
PostgreSQL; SQLite has none and keeps pages for their period only."""

from django.db import migrations

SEQUENCES = ("live_changes_state", "live_changes_numbers")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in SEQUENCES:
            schema_editor.execute(f"CREATE SEQUENCE IF NOT EXISTS {name}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in SEQUENCES:
            schema_editor.execute(f"DROP SEQUENCE IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("live", "0003_rate_limit_buckets_from_voting"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]

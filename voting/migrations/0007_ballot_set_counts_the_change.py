"""voting_ballot_set() counts each ballot it writes on the counter of the live pages' numbers
(live.changes): after its write, in its own transaction, so a ballot stays one statement and the
projector's ranking is computed again only when a ballot changed it; also a first tap refused for
the budget, which has written the participant's row. Otherwise as in migration 0004, with the same
signature."""

import importlib

from django.db import migrations

previous = importlib.import_module("voting.migrations.0004_ballot_set_creates_the_participant")

WRITTEN = """        ON CONFLICT (participant_id, item_id) DO UPDATE SET dots = excluded.dots;
    END IF;
    outcome := 'ok';
END $$;"""

BALLOT_SET = previous.BALLOT_SET.replace(
    WRITTEN,
    WRITTEN.replace(
        "    outcome := 'ok';", "    PERFORM nextval('live_changes_numbers');\n    outcome := 'ok';"
    ),
)
# A first tap refused for the budget has written the participant's row: counted too.
OVER_BUDGET = """    IF others + new_dots > budget THEN
        outcome := 'budget';"""
BALLOT_SET = BALLOT_SET.replace(
    OVER_BUDGET,
    OVER_BUDGET.replace("        outcome", "        PERFORM nextval('live_changes_numbers');\n        outcome"),
)
assert BALLOT_SET.count("nextval('live_changes_numbers')") == 2


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BALLOT_SET)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(previous.BALLOT_SET)


class Migration(migrations.Migration):
    dependencies = [
        ("live", "0004_change_counters"),
        ("voting", "0006_projector_view"),
    ]

    operations = [
        migrations.RunPython(install, uninstall, elidable=False),
    ]

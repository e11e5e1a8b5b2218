"""The codes of the dot-votes and poll runs that exist, in the one namespace. Should a vote and a
run already share a code, the vote keeps it in the namespace and the run's phones still find it
on the poll's own address."""

from django.db import migrations


def claim_existing(apps, schema_editor):
    JoinCode = apps.get_model("live", "JoinCode")
    for app, model in (("voting", "DotVote"), ("polls", "PollRun")):
        codes = apps.get_model(app, model).objects.values_list("code", flat=True)
        JoinCode.objects.bulk_create(
            [JoinCode(code=code, feature=app) for code in codes], ignore_conflicts=True
        )


class Migration(migrations.Migration):
    dependencies = [
        ("live", "0001_join_codes"),
        ("voting", "0004_ballot_set_creates_the_participant"),
        ("polls", "0002_results_hidden_by_default"),
    ]

    operations = [migrations.RunPython(claim_existing, migrations.RunPython.noop)]

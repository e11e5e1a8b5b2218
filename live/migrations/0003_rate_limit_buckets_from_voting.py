"""The rate limit's buckets belong to the live core now. Only Django's record moves: the table
keeps its name (voting_ratelimitbucket), which the ballot's SQL function writes to."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("live", "0002_codes_of_existing_votes_and_runs"),
        ("voting", "0004_ballot_set_creates_the_participant"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RateLimitBucket",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("key", models.CharField(max_length=64)),
                        ("window_number", models.BigIntegerField()),
                        ("hits", models.PositiveIntegerField(default=1)),
                    ],
                    options={
                        "db_table": "voting_ratelimitbucket",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("key", "window_number"), name="unique_rate_limit_bucket"
                            )
                        ],
                    },
                )
            ],
            database_operations=[],
        )
    ]

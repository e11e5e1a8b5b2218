"""The rate limit's buckets moved to the live core (live 0003): only Django's record of them
leaves voting; the table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("voting", "0004_ballot_set_creates_the_participant"),
        ("live", "0003_rate_limit_buckets_from_voting"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="RateLimitBucket")],
            database_operations=[],
        )
    ]

"""Delete accessibility feedback older than ACCESSIBILITY_FEEDBACK_RETENTION_DAYS, and the rate
limit's counts of finished windows. Run it daily (cron, systemd timer), like purge_vote_ballots."""

from django.conf import settings
from django.core.management.base import BaseCommand

from legal.services import feedback_purge_expired


class Command(BaseCommand):
    help = (
        "Löscht Rückmeldungen zur Barrierefreiheit nach Ablauf der Aufbewahrungsfrist "
        "(ACCESSIBILITY_FEEDBACK_RETENTION_DAYS)."
    )

    def handle(self, *args, **options):
        deleted = feedback_purge_expired()
        self.stdout.write(
            f"{deleted} Rückmeldung(en) zur Barrierefreiheit gelöscht "
            f"(Frist {settings.ACCESSIBILITY_FEEDBACK_RETENTION_DAYS} Tage)."
        )

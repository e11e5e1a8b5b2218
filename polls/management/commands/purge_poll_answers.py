"""Delete the participants and single answers of live polls finished more than
VOTE_RETENTION_DAYS ago; what was published stays in the documentation. Run it daily, like
purge_vote_ballots."""

from django.conf import settings
from django.core.management.base import BaseCommand

from polls.services import poll_runs_purge_expired


class Command(BaseCommand):
    help = (
        "Löscht Teilnahmen und Einzelantworten beendeter Live-Umfragen nach Ablauf der "
        "Aufbewahrungsfrist (VOTE_RETENTION_DAYS); Veröffentlichtes bleibt in der Dokumentation."
    )

    def handle(self, *args, **options):
        purged = poll_runs_purge_expired()
        self.stdout.write(
            f"{purged} Umfrage(n) ohne Einzelantworten (Frist {settings.VOTE_RETENTION_DAYS} Tage)."
        )

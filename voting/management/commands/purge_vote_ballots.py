"""Delete the participants and single ballots of votes published more than VOTE_RETENTION_DAYS
ago; only the aggregates stay. Run it daily (cron, systemd timer)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from live.ratelimit import rate_limit_buckets_prune
from voting.services import dot_votes_purge_expired


class Command(BaseCommand):
    help = (
        "Löscht Teilnahmen und Einzelstimmen veröffentlichter Live-Bepunktungen nach Ablauf der "
        "Aufbewahrungsfrist (VOTE_RETENTION_DAYS); die Summen bleiben."
    )

    def handle(self, *args, **options):
        purged = dot_votes_purge_expired()
        buckets = rate_limit_buckets_prune()
        self.stdout.write(
            f"{purged} Abstimmung(en) auf Summen reduziert "
            f"(Frist {settings.VOTE_RETENTION_DAYS} Tage); {buckets} alte Zählfenster gelöscht."
        )

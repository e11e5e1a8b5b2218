"""Delete the participants, questions and upvotes of audience question rounds finished more than
VOTE_RETENTION_DAYS ago; what was published stays in the documentation. Run it daily, like
purge_poll_answers."""

from django.conf import settings
from django.core.management.base import BaseCommand

from audience.services import question_rounds_purge_expired


class Command(BaseCommand):
    help = (
        "Löscht Teilnahmen, Fragen und Stimmen beendeter Fragerunden nach Ablauf der "
        "Aufbewahrungsfrist (VOTE_RETENTION_DAYS); Veröffentlichtes bleibt in der Dokumentation."
    )

    def handle(self, *args, **options):
        purged = question_rounds_purge_expired()
        self.stdout.write(
            f"{purged} Fragerunde(n) ohne Fragen und Stimmen "
            f"(Frist {settings.VOTE_RETENTION_DAYS} Tage)."
        )

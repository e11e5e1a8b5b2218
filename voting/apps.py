from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "voting"
    verbose_name = _("Live-Bepunktung")

    def ready(self) -> None:
        from events.history import register_documentation_model
        from voting.models import DotVote, PaperCount, VoteItem

        # The vote, its items and the paper counts are part of the event's documentation and
        # its history; participants and ballots are not (voters stay anonymous).
        register_documentation_model(DotVote, "event")
        register_documentation_model(VoteItem, "vote")
        register_documentation_model(PaperCount, "item")

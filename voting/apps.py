from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "voting"
    verbose_name = _("Live-Bepunktung")

    def ready(self) -> None:
        from events.deletion import lock_before_delete
        from live.codes import join_page_register
        from voting.views import participant_page

        join_page_register("voting", participant_page)
        from events.history import register_documentation_model
        from events.models import Event
        from live.changes import count_saves_of
        from recommendations.models import Recommendation
        from voting.models import DotVote, PaperCount, VoteItem, VoteResult
        from voting.services import dot_votes_lock

        # An event's dot-votes go with it: locked before it is deleted (events.deletion).
        lock_before_delete(
            Event, lambda events: dot_votes_lock(DotVote.objects.filter(event__in=events))
        )

        # The vote, its items and the paper counts are part of the event's documentation and
        # its history; participants and ballots are not (voters stay anonymous).
        register_documentation_model(DotVote, "event")
        register_documentation_model(VoteItem, "vote")
        register_documentation_model(PaperCount, "item")

        # What the projector and the participants' pages show of them (live.changes).
        count_saves_of(Event, Recommendation, DotVote, VoteItem, PaperCount, VoteResult)

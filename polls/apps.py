from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PollsConfig(AppConfig):
    name = "polls"
    verbose_name = _("Live-Umfragen")

    def ready(self) -> None:
        from events.deletion import lock_before_delete, refuse_replacing
        from live.codes import join_page_register
        from polls.views import participant_page

        join_page_register("polls", participant_page)
        from events.models import Event, Poll
        from polls.models import PollRun
        from polls.services import poll_runs_asking, poll_runs_lock

        # The runs of an event, and those asking a poll, are locked before the event or the poll
        # is deleted (events.deletion): the delete waits for the answers in flight.
        lock_before_delete(
            Event, lambda events: poll_runs_lock(PollRun.objects.filter(event__in=events))
        )
        lock_before_delete(
            Poll, lambda polls: poll_runs_lock(PollRun.objects.filter(questions__poll__in=polls))
        )
        # An import replaces an event's polls: not while a live poll asks them (its questions
        # and answers would go with them).
        refuse_replacing(Poll, poll_runs_asking)

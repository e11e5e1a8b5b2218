from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AudienceConfig(AppConfig):
    name = "audience"
    verbose_name = _("Publikumsfragen")

    def ready(self) -> None:
        from audience.models import QuestionRound
        from audience.services import question_rounds_lock
        from audience.views import participant_page
        from events.deletion import lock_before_delete
        from events.models import Event
        from live.codes import join_page_register

        join_page_register("audience", participant_page)
        # The rounds of an event are locked before the event is deleted (events.deletion): the
        # delete waits for the questions and upvotes in flight.
        lock_before_delete(
            Event,
            lambda events: question_rounds_lock(QuestionRound.objects.filter(event__in=events)),
        )

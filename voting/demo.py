"""The demo content's live dot-vote: code DEMO over the Hagen recommendations, open."""

from django.db import transaction

from recommendations.models import Strategy
from voting.models import DotVote
from voting.services import dot_vote_open, vote_items_add

DEMO_CODE = "DEMO"
DEMO_STRATEGY = "engagementstrategie-hagen"


def demo_vote_create() -> str:
    """Create the open demo vote unless it exists; returns what happened, for the command's output.
    Skips (and says so) when the Hagen strategy, its event or its recommendations are missing."""
    if DotVote.objects.filter(code=DEMO_CODE).exists():
        return f"Demo-Abstimmung {DEMO_CODE} gibt es schon."
    strategy = Strategy.objects.filter(slug=DEMO_STRATEGY).first()
    if strategy is None:
        return f"Demo-Abstimmung übersprungen: Strategie {DEMO_STRATEGY} fehlt."
    event = strategy.events.order_by("-date").first()
    recommendations = list(strategy.recommendations.order_by("order", "id"))
    if event is None or not recommendations:
        return f"Demo-Abstimmung übersprungen: {strategy} hat keine Veranstaltung/Empfehlungen."
    with transaction.atomic():
        vote = DotVote.objects.create(
            event=event,
            code=DEMO_CODE,
            title="Priorisierung der Handlungsempfehlungen",
            dots_per_participant=5,
            cap_per_item=3,
            results_hidden=False,
        )
        vote_items_add(vote=vote, recommendations=recommendations, labels=[])
        dot_vote_open(vote=vote)
    return (
        f"Demo-Abstimmung {DEMO_CODE} geöffnet: {len(recommendations)} Empfehlungen, "
        f"Teilnahme unter /vote/{DEMO_CODE}/"
    )

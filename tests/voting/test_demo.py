"""The demo content's vote DEMO."""

import pytest

from recommendations.models import Recommendation
from voting.demo import demo_vote_create
from voting.models import DotVote

pytestmark = pytest.mark.django_db


def test_without_the_hagen_strategy_the_demo_vote_is_skipped(hagen_world):
    assert "übersprungen" in demo_vote_create()
    assert not DotVote.objects.exists()


def test_the_demo_vote_is_open_over_the_hagen_recommendations_once(hagen_world):
    strategy = hagen_world["strategy"]
    strategy.slug = "engagementstrategie-hagen"
    strategy.save()
    Recommendation.objects.create(strategy=strategy, slug="zwei", title="Zweite", order=2)
    assert "geöffnet" in demo_vote_create()
    assert "gibt es schon" in demo_vote_create()
    vote = DotVote.objects.get()
    assert (vote.code, vote.status, vote.results_hidden) == ("DEMO", "open", False)
    assert (vote.dots_per_participant, vote.cap_per_item) == (5, 3)
    assert vote.event == hagen_world["event"]
    assert vote.items.count() == 2

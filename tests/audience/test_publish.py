"""Publishing into the documentation: the chosen released questions become anonymous verbatim
quotes in one group on the public event page; publishing again updates, never doubles; hidden
questions leave it; no participant data goes with them."""

import pytest
from django.test import Client
from django.urls import reverse

from audience.models import AudienceQuestion
from audience.services import (
    GROUP_LEAD,
    SPEAKER_LABEL,
    AudienceRefused,
    question_ask,
    question_moderate,
    round_publish,
)
from events.models import Quote, QuoteGroup
from live.models import JoinCode
from live.participants import participant_token_new
from tests.audience.conftest import make_round
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def released(question_round, text):
    question = question_ask(code=question_round.code, token=participant_token_new(), text=text)
    return question_moderate(question=question, action="release")


def test_the_chosen_questions_become_quotes_of_one_group_on_the_public_page(question_round):
    first = released(question_round, "Wie erreichen wir junge Menschen?")
    second = released(question_round, "Wer bezahlt die Räume?")
    released(question_round, "Nicht gewählt")
    group = round_publish(question_round=question_round, question_ids=[first.pk, second.pk])
    assert group.lead == GROUP_LEAD and group.event == question_round.event
    quotes = list(group.quotes.order_by("order"))
    assert [q.text for q in quotes] == [
        "Wie erreichen wir junge Menschen?",
        "Wer bezahlt die Räume?",
    ]
    for quote in quotes:
        assert (quote.speaker, quote.speaker_label, quote.verbatim) == (None, SPEAKER_LABEL, True)
        assert quote.context == "plenary" and quote.session is None
    page = Client().get(question_round.event.get_absolute_url()).content.decode()
    assert GROUP_LEAD in page and "Wer bezahlt die Räume?" in page
    assert "Nicht gewählt" not in page


def test_publishing_again_updates_and_never_doubles(question_round):
    first = released(question_round, "Erste Frage")
    second = released(question_round, "Zweite Frage")
    group = round_publish(question_round=question_round, question_ids=[first.pk])
    again = round_publish(question_round=question_round, question_ids=[first.pk, second.pk])
    assert again.pk == group.pk
    assert QuoteGroup.objects.count() == 1
    assert sorted(Quote.objects.values_list("text", flat=True)) == ["Erste Frage", "Zweite Frage"]
    round_publish(question_round=question_round, question_ids=[second.pk])
    assert list(Quote.objects.values_list("text", flat=True)) == ["Zweite Frage"]
    assert round_publish(question_round=question_round, question_ids=[]) is None
    assert not Quote.objects.exists() and not QuoteGroup.objects.exists()


def test_an_edited_group_keeps_its_place_and_a_deleted_one_is_made_again(question_round):
    question = released(question_round, "Was bleibt?")
    group = round_publish(question_round=question_round, question_ids=[question.pk])
    group.delete()  # an editor removed it in the documentation
    question_round.refresh_from_db()
    again = round_publish(question_round=question_round, question_ids=[question.pk])
    assert QuoteGroup.objects.get() == again and again.quotes.count() == 1


def test_the_session_names_the_group_and_panel_is_the_context(hagen_world):
    question_round = make_round(hagen_world["event"], code="RAETE1", session=hagen_world["session"])
    question_round.documented_as = "panel"
    question_round.save(update_fields=["documented_as"])
    question = released(question_round, "Wie oft tagen die Räte?")
    group = round_publish(question_round=question_round, question_ids=[question.pk])
    assert group.lead == f"{GROUP_LEAD}: Zukunftsräte"
    assert group.quotes.get().context == "panel"


@pytest.mark.parametrize("action", [None, "hide"])
def test_only_released_questions_are_published(question_round, action):
    question = question_ask(code=question_round.code, token=participant_token_new(), text="Offen?")
    if action:
        question_moderate(question=question, action=action)
    with pytest.raises(AudienceRefused):
        round_publish(question_round=question_round, question_ids=[question.pk])
    assert not Quote.objects.exists()


def test_a_question_of_another_round_is_refused(question_round, hagen_world):
    other = make_round(hagen_world["event"], code="ANDERE1", premoderated=False)
    foreign = question_ask(code=other.code, token=participant_token_new(), text="Fremd?")
    with pytest.raises(AudienceRefused):
        round_publish(question_round=question_round, question_ids=[foreign.pk])


def test_hiding_a_published_question_takes_it_out_of_the_documentation(question_round):
    question = released(question_round, "Doch lieber nicht")
    round_publish(question_round=question_round, question_ids=[question.pk])
    question_moderate(question=question, action="hide")
    assert not Quote.objects.exists()
    assert AudienceQuestion.objects.get().documented is False


def test_the_publish_page_lists_released_questions_and_publishes_the_chosen(
    question_round, hagen_editor
):
    shown = released(question_round, "Gezeigt")
    question_ask(code=question_round.code, token=participant_token_new(), text="Wartet")
    client = client_for(hagen_editor)
    page = client.get(reverse("audience:publish", args=[question_round.code])).content.decode()
    assert "Gezeigt" in page and "Wartet" not in page
    response = client.post(
        reverse("audience:publish", args=[question_round.code]), {"question": [shown.pk]}
    )
    assert response.status_code == 302
    assert list(Quote.objects.values_list("text", flat=True)) == ["Gezeigt"]
    bad = client.post(reverse("audience:publish", args=[question_round.code]), {"question": ["x1"]})
    assert bad.status_code == 302 and Quote.objects.count() == 1


def test_deleting_the_event_deletes_its_rounds_and_frees_their_codes(question_round, hagen_editor):
    question = released(question_round, "Bleibt das Zitat?")
    round_publish(question_round=question_round, question_ids=[question.pk])
    event = question_round.event
    response = client_for(hagen_editor).post(
        reverse("admin:events_event_delete", args=[event.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not AudienceQuestion.objects.exists() and not Quote.objects.exists()
    assert not JoinCode.objects.filter(code=question_round.code).exists()

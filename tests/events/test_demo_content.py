"""The five seed documentations are held completely by the demo content."""

import pytest
from django.core.management import call_command

from assessments.models import Assessment
from events.models import Event, Poll, Session
from recommendations.models import ActionField, Addition, Priority, Recommendation
from stakeholders.models import PracticeExample

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_all_five_demo_events_are_published(demo):
    assert sorted(Event.objects.published().values_list("slug", flat=True)) == [
        "dessau-rosslau-selbstcheck-2020",
        "dortmund-digitaler-buergerdialog-1",
        "dortmund-fachtagung-aktionsraeume-2022",
        "hagen-umsetzungskonferenz-2022",
        "nrw-fachkongress-luenen-2015",
    ]


def test_loading_the_demo_twice_duplicates_nothing(demo):
    before = (Event.objects.count(), Session.objects.count(), Addition.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Event.objects.count(), Session.objects.count(), Addition.objects.count()) == before


def test_hagen_holds_every_action_field_recommendation_and_addition(demo):
    event = Event.objects.get(slug="hagen-umsetzungskonferenz-2022")
    fields = ActionField.objects.filter(strategy__slug="engagementstrategie-hagen")
    assert [(f.number, f.title) for f in fields] == [
        ("3.1", "Engagement anerkennen"),
        ("3.2", "Engagement öffnen"),
        ("3.3", "Engagement zukunftsfähig gestalten"),
        ("3.4", "Engagement sichtbar und erlebbar machen"),
        ("3.5", fields[4].title),
        ("3.6", "Engagement fördern"),
    ]
    recommendations = Recommendation.objects.filter(strategy__slug="engagementstrategie-hagen")
    assert recommendations.count() == 40
    assert not recommendations.filter(description="").exists()
    assert not recommendations.filter(action_field=None).exists()
    assert {f.number: f.recommendations.count() for f in fields} == {
        "3.1": 8,
        "3.2": 4,
        "3.3": 4,
        "3.4": 10,
        "3.5": 3,
        "3.6": 11,
    }
    additions = Addition.objects.filter(event=event)
    assert additions.count() == 101
    assert set(additions.values_list("recommendation__slug", flat=True)) == set(
        recommendations.values_list("slug", flat=True)
    )
    zukunftsraete = Recommendation.objects.get(title="Zukunftsräte")
    assert list(zukunftsraete.additions.values_list("text", flat=True)[:2]) == [
        "Dazu braucht es „Zugangswege“ und politische Akzeptanz",
        "Engagement für „Zukunft“ ist wichtig – aber wer definiert, welche Zukunft?",
    ]
    assert Recommendation.objects.get(title="Ehrenamtskarte stärken").status == "in_progress"
    assert Recommendation.objects.get(title="Heimat-Preis").status == "exists"


def test_hagen_prioritisation_and_small_groups(demo):
    event = Event.objects.get(slug="hagen-umsetzungskonferenz-2022")
    points = {
        p.recommendation.title: p.points
        for p in Priority.objects.filter(event=event).select_related("recommendation")
    }
    assert points["Zukunftsräte"] == 17
    assert sorted(points.values(), reverse=True) == [17, 15, 10, 10, 10, 10]
    engagement_lernen = [t for t, p in points.items() if p == 15]
    assert "Engagement lernen" in engagement_lernen[0]
    groups = event.sessions.filter(kind="small_group")
    assert groups.count() == 5
    for group in groups:
        assert group.contributions.exists(), group.title
        assert not group.guiding_questions.exists(), group.title
    shared = event.guiding_questions.filter(session=None, kind="guiding")
    assert shared.count() == 5  # the Leitfragen all small groups discussed
    assert groups.filter(recommendation__title="Zukunftsräte").exists()
    assert event.quotes.filter(context="closing").count() == 13
    assert event.quotes.filter(context="expectation").count() == 5
    assert event.feedback.count() >= 5


def test_hagen_example_history_is_marked_as_example(demo):
    changes = Recommendation.objects.get(title="Zukunftsräte").status_changes.all()
    assert changes.count() == 1
    assert changes[0].is_example


def test_dessau_rosslau_self_assessment(demo):
    event = Event.objects.get(slug="dessau-rosslau-selbstcheck-2020")
    assessment = Assessment.objects.get(event=event)
    levels = {
        r.field.number: r.level.rank
        for r in assessment.field_results.select_related("field", "level")
    }
    assert levels == {"1": 2, "2": 2, "3": 3, "4": 2, "5": 1, "6": 2, "7": 2}
    assert assessment.overall_level.rank == 2
    assert assessment.framework.levels.get(rank=1).title.startswith("Die Kommune ist auf dem Weg")
    ratings = {
        (r.criterion.field.number, r.criterion.number): r.value.value
        for r in assessment.ratings.select_related("criterion__field", "value")
    }
    assert ratings[("1", "1.4")] == "eher_nein"  # Monitoring
    assert ratings[("5", "5.3")] == "nein"  # Globale Verantwortung
    assert ratings[("4", "4.6")] == "ja"
    assert len(ratings) == 16
    assert assessment.respondents.count() >= 10
    chosen = assessment.field_results.filter(chosen=True).values_list("field__number", flat=True)
    assert sorted(chosen) == ["4", "5"]
    groups = event.sessions.filter(kind="working_group")
    assert groups.count() == 2
    for group in groups:
        categories = set(group.contributions.values_list("category", flat=True))
        # The original's three headings in both working groups (6.1, 6.2).
        assert {
            "Was läuft gut?",
            "Was läuft noch nicht so gut?",
            "Welche Handlungsbedarfe liegen aus Ihrer Sicht in diesem Handlungsfeld vor?",
        } <= categories
    # "geplant für den 8. Oktober 2020" is the authors' note under its agreement, no deadline.
    dialogue = event.agreements.get(text__startswith="Eine Dialogveranstaltung")
    assert "ist für den 8. Oktober 2020 geplant (Anmerkung der Verfasser" in dialogue.text
    assert not event.agreements.exclude(due_date=None).exists()
    assert event.feedback.exists()


def test_dortmund_dialogue_polls_and_breakout_rounds(demo):
    event = Event.objects.get(slug="dortmund-digitaler-buergerdialog-1")
    polls = event.polls.filter(kind=Poll.Kind.MULTIPLE)
    assert polls.count() == 2
    for poll in polls:
        assert (poll.min_choices, poll.max_choices) == (2, 2)
        assert poll.options.count() == 6
        assert not poll.options.exclude(count=None).exists()  # the seed gives no numbers
    assert event.polls.filter(kind=Poll.Kind.MOOD).count() == 2
    for round_number in (1, 2):
        groups = event.sessions.filter(kind="breakout", round=round_number)
        assert groups.count() == 4
    for group in event.sessions.filter(round=1):
        assert group.quotes.exists()
        assert group.conclusion and group.conclusion_label == "Quintessenz"
    # The original gives round 2's most important points after all four groups, in a chapter.
    points = event.sections.filter(title__startswith="Kleingruppe ")
    assert [s.body[:16] for s in points] == [f"In Kleingruppe {n}" for n in (1, 2, 3, 4)]
    round_two = Session.objects.filter(event=event, round=2)
    categories = set(
        round_two.values_list("contributions__category", flat=True).exclude(contributions=None)
    )
    assert categories == {"Hilfreiche Angebote", "Verbesserungswürdige Angebote", "Neue Angebote"}


def test_dortmund_fachtagung_panel_tables_and_outlook(demo):
    event = Event.objects.get(slug="dortmund-fachtagung-aktionsraeume-2022")
    assert event.organisers.count() == 4
    moderation = event.roles.get(role="moderation")
    assert moderation.person.name == "Harriet Ellwein"
    quotes = event.quotes.filter(context="panel").select_related("speaker__organisation")
    assert quotes.count() == 6
    for quote in quotes:
        assert quote.speaker.publish_name and quote.speaker.organisation
    tables = event.sessions.filter(kind="thematic_table")
    assert [t.title for t in tables] == [
        "Thementisch „Orte“",
        "Thementisch „Koordination“",
        "Thementisch „Aktivierung“",
    ]
    for table in tables:
        assert table.conclusion_label == "Fazit"
        assert table.contributions.exists()
    questions = event.guiding_questions.filter(session=None)
    assert questions.filter(kind="guiding").count() == 4
    assert questions.filter(kind="cross_cutting").count() == 2
    assert event.outlook
    assert event.contact_email == "aktionsplan@stadtdo.de"


def test_nrw_fachkongress_addresses_workshops_and_practice_examples(demo):
    event = Event.objects.get(slug="nrw-fachkongress-luenen-2015")
    assert event.roles.filter(role="welcome").count() == 3
    assert event.roles.get(role="keynote").summary
    assert event.roles.filter(role="panel").count() == 4
    assert event.quotes.filter(context="panel").count() >= 10
    workshops = event.sessions.filter(kind="workshop")
    assert workshops.count() == 6
    for number, workshop in enumerate(workshops, start=1):
        assert workshop.roles.filter(role="moderation").exists(), workshop.title
        assert workshop.roles.filter(role="dialogue_partner").exists(), workshop.title
        # The original reports each workshop in paragraphs, sub-headings and lists: its
        # chapter holds the session (heading, people, introduction) and then its texts.
        chapter = workshop.parts.get().chapter
        assert chapter.title == f"Workshop {number}"
        assert chapter.parts.filter(kind="text").exists(), workshop.title
    presented = PracticeExample.objects.filter(event=event, context="presented")
    assert presented.count() == 9
    for example in presented.select_related("contact_person"):
        assert example.contact_person and example.contact_person.publish_name, example.title
        assert example.phone and example.email and example.homepage, example.title
    # Each example once, as in the original: the Lernkarussell lists the nine, the appendix
    # gives each one's page.
    assert not PracticeExample.objects.filter(event=event, context="appendix").exists()
    # The Abschluss: three messages of the table groups, each with the statements under it.
    closing = event.quote_groups.filter(quotes__context="closing").distinct()
    assert [group.lead.split(".")[0] for group in closing] == [
        "Dialog ist das Stichwort",
        "Die Förderung des bürgerschaftlichen Engagements im Flüchtlingsbereich ist eine "
        "wichtige Zukunftsaufgabe",
        "Die Kommune spielt eine zentrale Rolle bei der Förderung von lokalen "
        "Engagementlandschaften",
    ]
    assert [group.quotes.count() for group in closing] == [6, 2, 4]

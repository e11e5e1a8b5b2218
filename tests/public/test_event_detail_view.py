"""The event page: the whole documentation in reading order, nothing that must stay hidden."""

import re

import pytest
from django.urls import reverse

from events.models import Contribution, Event, GuidingQuestion, Poll, PollOption, Quote, Session
from recommendations.models import Priority, Recommendation, StatusChange, Strategy
from stakeholders.models import Municipality, Person, PracticeExample
from tests.conftest import client_for, make_event
from tests.public.builders import build_documentation

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(db) -> Municipality:
    return Municipality.objects.create(name="Musterstadt", slug="musterstadt")


def page_of(event: Event, user=None) -> str:
    response = client_for(user).get(reverse("events:detail", args=[event.slug]))
    assert response.status_code == 200
    return response.content.decode()


def text_of(html: str) -> str:
    """The visible words, without tags, on one line."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_page_shows_every_part_in_reading_order_with_a_table_of_contents(town):
    event = build_documentation(town, slug="alles", scale=1)
    html = page_of(event)
    anchors = [
        "einfuehrung",
        "abschnitt-",
        "teilnehmende",
        "ablauf",
        "beitraege",
        "mitwirkende",
        "stimmen",
        "umfragen",
        "selbstcheck",
        "priorisierung",
        "ergaenzungen",
        "praxisbeispiele",
        "arbeitsphasen",
        "vereinbarungen",
        "rueckmeldungen",
        "schlussrunde",
        "ausblick",
        "anhang",
        "kontakt",
    ]
    positions = [html.index(f'<section id="{anchor}') for anchor in anchors]
    assert positions == sorted(positions)
    toc = html[
        html.index('<nav class="toc toc-wide"') : html.index(
            "</nav>", html.index('<nav class="toc toc-wide"')
        )
    ]
    for anchor in ["einfuehrung", "arbeitsphasen", "tisch-0", "tisch-2", "kontakt"]:
        assert f'href="#{anchor}"' in toc


def test_headings_do_not_skip_a_level(town):
    html = page_of(build_documentation(town, slug="alles", scale=1))
    levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", html)]
    assert levels[0] == 1
    assert all(after - before <= 1 for before, after in zip(levels, levels[1:], strict=False))


def test_contributions_are_grouped_by_category_in_order_of_first_appearance_with_sub_bullets(
    town,
):
    event = make_event(town, slug="tagung")
    session = Session.objects.create(event=event, slug="orte", kind="thematic_table", title="Orte")
    first = Contribution.objects.create(
        session=session, category="Was läuft gut?", text="Treffpunkte", order=1
    )
    Contribution.objects.create(session=session, category="Handlungsbedarfe", text="Räume", order=2)
    Contribution.objects.create(session=session, parent=first, text="im Quartier", order=3)
    Contribution.objects.create(
        session=session, category="Was läuft gut?", text="Nachbarschaft", order=4
    )
    text = text_of(page_of(event))
    assert text.index("Was läuft gut?") < text.index("Treffpunkte") < text.index("im Quartier")
    assert text.index("im Quartier") < text.index("Nachbarschaft") < text.index("Handlungsbedarfe")
    assert text.index("Handlungsbedarfe") < text.index("Räume")
    assert text.count("Was läuft gut?") == 1
    html = page_of(event)
    assert re.search(r"Treffpunkte<ul class=\"bullets\"><li>im Quartier</li></ul>", html)


def test_shared_questions_are_shown_once_and_each_session_shows_its_own(town):
    event = make_event(town, slug="tagung")
    orte = Session.objects.create(event=event, slug="orte", kind="thematic_table", title="Orte")
    Session.objects.create(event=event, slug="koordination", kind="thematic_table", title="Koord")
    GuidingQuestion.objects.create(event=event, text="Was brauchen Engagierte?")
    GuidingQuestion.objects.create(event=event, text="Wer fehlt noch?", kind="cross_cutting")
    GuidingQuestion.objects.create(event=event, session=orte, text="Welche Orte gibt es?")
    text = text_of(page_of(event))
    assert text.count("Was brauchen Engagierte?") == 1
    assert "Leitfragen für alle Arbeitsphasen" in text
    assert "Querschnittsfragen für alle Arbeitsphasen Wer fehlt noch?" in text
    assert text.index("Welche Orte gibt es?") > text.index("Orte")


def test_a_session_ends_with_its_conclusion_under_its_own_label(town):
    event = make_event(town, slug="dialog")
    Session.objects.create(
        event=event,
        slug="gruppe-1",
        kind="breakout",
        round=1,
        title="Kleingruppe 1",
        conclusion_label="Quintessenz",
        conclusion_title="Ruhe tat gut",
        conclusion="Die Stadt wurde neu entdeckt.",
    )
    Session.objects.create(event=event, slug="gruppe-2", kind="breakout", round=2, title="Runde2")
    text = text_of(page_of(event))
    assert "Quintessenz: Ruhe tat gut Die Stadt wurde neu entdeckt." in text
    assert "Runde 1" in text and "Runde 2" in text


def test_prioritisation_is_a_ranked_chart_with_paper_and_live_points_summed(town):
    event = make_event(town, slug="konferenz")
    strategy = Strategy.objects.create(name="Strategie", slug="strategie", municipality=town)
    event.strategies.add(strategy)
    raete = Recommendation.objects.create(strategy=strategy, slug="raete", title="Zukunftsräte")
    lernen = Recommendation.objects.create(strategy=strategy, slug="lernen", title="Lernen")
    Priority.objects.create(event=event, recommendation=raete, points=12)
    Priority.objects.create(event=event, recommendation=raete, points=5, source="live", voters=4)
    Priority.objects.create(event=event, recommendation=lernen, points=15)
    Priority.objects.create(event=event, label="Dank und Anerkennung", points=15)
    html = page_of(event)
    chart = text_of(html[html.index('id="priorisierung"') : html.index("</table>")])
    assert "Rang Thema Papier Live Abstimmende Punkte" in chart
    assert "1. Zukunftsräte 12 5 4 17" in chart
    # Equal points share the rank; the next rank counts the shared places.
    assert "2. Dank und Anerkennung 15 0 – 15" in chart
    assert "2. Lernen 15 0 – 15" in chart
    assert 'style="width: 100.0%"' in html
    assert "beide zählen zusammen" in chart


def test_polls_are_charts_with_the_counts_as_text_or_say_that_no_numbers_exist(town):
    event = make_event(town, slug="dialog")
    counted = Poll.objects.create(event=event, question="Was hat geholfen?", kind="single")
    PollOption.objects.create(poll=counted, text="Nachbarschaft", count=8, order=1)
    PollOption.objects.create(poll=counted, text="Online-Angebote", count=2, order=2)
    uncounted = Poll.objects.create(
        event=event, question="Was belastet?", kind="multiple", min_choices=2, max_choices=2
    )
    PollOption.objects.create(poll=uncounted, text="Kontaktsperren", order=1)
    text = text_of(page_of(event))
    assert "Nachbarschaft 8 Online-Angebote 2" in text
    assert "Was belastet? Mehrfachauswahl · genau 2 Antworten zu wählen" in text
    assert "Kontaktsperren Für diese Umfrage sind keine Zahlen dokumentiert." in text


def test_additions_are_grouped_by_action_field_of_the_strategy(town):
    event = build_documentation(town, slug="alles", scale=1)
    html = page_of(event)
    part = text_of(html[html.index('id="ergaenzungen"') : html.index('id="praxisbeispiele"')])
    assert part.index("3.1 Feld 1") < part.index("Empfehlung 0") < part.index("3.2 Feld 2")
    assert "Frage Unterfrage" in part


def test_a_withdrawn_consent_hides_the_name_in_roles_quotes_and_contacts(town):
    event = make_event(town, slug="tagung")
    person = Person.objects.create(
        name="Erika Zurückgezogen", slug="erika", function="Bürgerin", publish_name=False
    )
    event.roles.create(person=person, role="panel")
    Quote.objects.create(event=event, speaker=person, text="Ein Satz.", context="panel")
    session = Session.objects.create(event=event, slug="tisch", kind="thematic_table", title="T")
    event.roles.create(person=person, role="moderation", session=session)
    example = PracticeExample.objects.create(
        title="Beispiel", slug="beispiel", event=event, contact_person=person
    )
    example.other_contacts.add(person)
    html = page_of(event)
    assert "Zurückgezogen" not in html
    assert "Bürgerin" not in html
    assert html.count("Name nicht veröffentlicht") == 5
    practice = client_for(None).get(example.get_absolute_url()).content.decode()
    assert "Zurückgezogen" not in practice and "Name nicht veröffentlicht" in practice


def test_status_changes_marked_as_example_are_never_shown_to_citizens(town):
    event = build_documentation(town, slug="alles", scale=1)
    recommendation = Recommendation.objects.filter(strategy__events=event).first()
    StatusChange.objects.create(
        recommendation=recommendation,
        status="implemented",
        date=event.date,
        event=event,
        note="Nur ein Beispiel für die Redaktion",
        is_example=True,
    )
    for url in [event.get_absolute_url(), recommendation.get_absolute_url()]:
        assert "Nur ein Beispiel" not in client_for(None).get(url).content.decode()


def test_user_text_is_escaped_and_only_web_addresses_become_links(town):
    event = make_event(town, slug="tagung", summary="<script>alert(1)</script>")
    PracticeExample.objects.create(
        title="<b>fett</b>", slug="fett", event=event, homepage="javascript:alert(1)"
    )
    PracticeExample.objects.create(title="Bonn", slug="bonn", event=event, homepage="www.bonn.de")
    html = page_of(event)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert "<b>fett</b>" not in html
    assert 'href="javascript:' not in html
    assert 'href="https://www.bonn.de"' in html


def test_drafts_are_404_for_citizens_and_a_preview_for_their_editors(
    hagen, hagen_editor, dortmund_editor
):
    draft = make_event(hagen, slug="entwurf", published=False)
    url = reverse("events:detail", args=[draft.slug])
    assert client_for(None).get(url).status_code == 404
    assert client_for(dortmund_editor).get(url).status_code == 404
    preview = client_for(hagen_editor).get(url)
    assert preview.status_code == 200 and "Vorschau" in preview.content.decode()


def test_the_self_assessment_is_shown_as_a_matrix_of_fields_and_levels(town):
    html = page_of(build_documentation(town, slug="alles", scale=1))
    matrix = html[html.index('id="selbstcheck"') : html.index('id="priorisierung"')]
    assert 'class="standort-matrix"' in matrix
    assert matrix.count("erreicht") >= 3
    assert "Stufe 1" in matrix and "Stufe 3" in matrix


def test_published_free_text_answers_are_a_list_without_a_note_about_numbers(town):
    event = make_event(town, slug="ideen")
    poll = Poll.objects.create(event=event, question="Ihre Idee in einem Satz?", kind="text")
    PollOption.objects.create(poll=poll, text="Mehr Bänke im Park", order=1)
    PollOption.objects.create(poll=poll, text="Ein Repair-Café", order=2)
    text = text_of(page_of(event))
    assert "Mehr Bänke im Park Ein Repair-Café 2 Antworten" in text
    assert "keine Zahlen dokumentiert" not in text


def test_the_ranking_marks_the_items_a_session_went_on_to_work_on(hagen_world, client):
    from recommendations.models import Priority, Recommendation

    event, session = hagen_world["event"], hagen_world["session"]
    worked_on = hagen_world["recommendation"]
    other = Recommendation.objects.create(
        strategy=hagen_world["strategy"], slug="hagen-anderes", title="Anderes"
    )
    session.recommendation = worked_on
    session.save()
    Priority.objects.create(event=event, recommendation=worked_on, points=17)
    Priority.objects.create(event=event, recommendation=other, points=10)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Weiter bearbeitet in" in html
    assert f'<td class="worked-on"><a href="#{session.slug}">Kleingruppe</a></td>' in html
    assert '<td class="worked-on">–</td>' in html

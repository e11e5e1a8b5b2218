"""A documentation with every part the event page shows, at any scale, and a ten times larger
copy of a demo documentation made through the importer."""

import copy
import datetime

from assessments.models import (
    Assessment,
    Criterion,
    Field,
    FieldResult,
    Framework,
    MaturityLevel,
    Rating,
    ScaleStep,
)
from events.importer import documentation_import, documentation_load
from events.models import (
    AgendaItem,
    Agreement,
    Contribution,
    Event,
    EventRole,
    Feedback,
    GuidingQuestion,
    ParticipantGroup,
    Poll,
    PollOption,
    Quote,
    Section,
    Session,
)
from recommendations.models import (
    ActionField,
    Addition,
    Priority,
    Recommendation,
    StatusChange,
    Strategy,
)
from stakeholders.models import Municipality, Organisation, Person, PracticeExample
from tests.conftest import make_event


def build_documentation(municipality: Municipality, *, slug: str, scale: int = 1) -> Event:
    """A published event with all parts; every list is ``scale`` times as long."""
    event = make_event(
        municipality,
        slug=slug,
        title=f"Fachtagung {slug}",
        subtitle="Engagement im Quartier",
        summary="Eine Fachtagung über Nachbarschaftshilfe.",
        introduction="Warum wir uns trafen.",
        goal="Voraussetzungen für Engagement klären.",
        outlook="Die Ergebnisse gehen an die Lenkungsgruppe.",
        contact="Freiwilligenagentur",
        contact_email="kontakt@example.org",
        photo_credits="Stadt",
        publication_note="Veröffentlicht auf der Website der Stadt.",
        participant_count=80,
        start_time=datetime.time(10, 0),
        end_time=datetime.time(15, 0),
    )
    n = scale
    organisations = [
        Organisation.objects.create(
            name=f"Verein {slug} {i}", slug=f"{slug}-verein-{i}", sector="civil_society"
        )
        for i in range(2 * n)
    ]
    event.organisers.add(*organisations[:n])
    event.partners.add(*organisations[n:])
    event.tags.add(*[f"Thema {slug} {i}" for i in range(n)])
    strategy = Strategy.objects.create(
        name=f"Strategie {slug}", slug=f"{slug}-strategie", municipality=municipality
    )
    event.strategies.add(strategy)
    fields = [
        ActionField.objects.create(strategy=strategy, number=f"3.{i}", title=f"Feld {i}", order=i)
        for i in range(1, n + 2)
    ]
    recommendations = [
        Recommendation.objects.create(
            strategy=strategy,
            action_field=fields[i % len(fields)],
            slug=f"{slug}-empfehlung-{i}",
            title=f"Empfehlung {i}",
            order=i,
        )
        for i in range(3 * n)
    ]
    people = [
        Person.objects.create(
            name=f"Person {slug} {i}",
            slug=f"{slug}-person-{i}",
            function="Leitung",
            organisation=organisations[i % len(organisations)],
            publish_name=i % 2 == 0,
        )
        for i in range(4 * n)
    ]

    ParticipantGroup.objects.bulk_create(
        ParticipantGroup(event=event, label=f"Gruppe {i}", members=["A", "B"], order=i)
        for i in range(2 * n)
    )
    Section.objects.bulk_create(
        Section(event=event, title=f"Abschnitt {i}", body="Text", order=i) for i in range(n)
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(event=event, title=f"Punkt {i}", start_time=datetime.time(10, i), order=i)
        for i in range(3 * n)
    )
    GuidingQuestion.objects.bulk_create(
        GuidingQuestion(event=event, text=f"Gemeinsame Frage {i}?", kind=kind, order=i)
        for i in range(n)
        for kind in ["guiding", "cross_cutting"]
    )
    for i in range(n):
        EventRole.objects.create(
            event=event, person=people[i], role="welcome", title=f"Grußwort {i}", summary="Text"
        )
        EventRole.objects.create(event=event, person=people[n + i], role="moderation")
        Quote.objects.create(event=event, text=f"Erwartung {i}", context="expectation")
        Quote.objects.create(
            event=event, text=f"Zum Schluss {i}", context="closing", speaker=people[2 * n + i]
        )
        Agreement.objects.create(event=event, text=f"Vereinbarung {i}", responsible="Amt")
        Feedback.objects.create(event=event, text=f"Rückmeldung {i}")
        Feedback.objects.create(event=event, text=f"Idee {i}", kind="idea")

    for i in range(3 * n):
        session = Session.objects.create(
            event=event,
            slug=f"tisch-{i}",
            kind="thematic_table",
            title=f"Thementisch {i}",
            conclusion_label="Fazit",
            conclusion="Ergebnis des Tisches.",
            recommendation=recommendations[i % len(recommendations)],
            order=i,
        )
        session.tags.add(f"Thema {slug} {i % n}")
        EventRole.objects.create(
            event=event, session=session, person=people[i % n], role="moderation"
        )
        GuidingQuestion.objects.create(event=event, session=session, text="Was läuft gut?")
        Quote.objects.create(event=event, session=session, text="Aus dem Tisch", context="session")
        for category in ["Was läuft gut?", "Handlungsbedarfe"]:
            for j in range(2):
                parent = Contribution.objects.create(
                    session=session, category=category, text=f"{category} {j}", order=j
                )
                Contribution.objects.create(
                    session=session, parent=parent, category=category, text="Unterpunkt"
                )

    for i in range(2 * n):
        poll = Poll.objects.create(
            event=event, question=f"Frage {i}?", kind="multiple", min_choices=2, max_choices=2
        )
        PollOption.objects.bulk_create(
            PollOption(poll=poll, text=f"Antwort {j}", count=None if i % 2 else j, order=j)
            for j in range(3)
        )
    for i, recommendation in enumerate(recommendations):
        Priority.objects.create(event=event, recommendation=recommendation, points=i + 1)
        Priority.objects.create(event=event, recommendation=recommendation, points=2, source="live")
        parent = Addition.objects.create(recommendation=recommendation, event=event, text="Frage")
        Addition.objects.create(
            recommendation=recommendation, event=event, parent=parent, text="Unterfrage"
        )
    StatusChange.objects.create(
        recommendation=recommendations[0], status="in_progress", date=event.date, event=event
    )
    for i in range(2 * n):
        example = PracticeExample.objects.create(
            title=f"Beispiel {i}",
            slug=f"{slug}-beispiel-{i}",
            event=event,
            municipality=municipality,
            contact_person=people[i % len(people)],
            phone="0231 123",
            email="beispiel@example.org",
            homepage="www.example.org",
            context="appendix" if i % 2 else "presented",
        )
        example.other_contacts.add(people[(i + 1) % len(people)])
    _build_assessment(event, municipality, slug=slug, scale=n)
    return event


def _build_assessment(event: Event, municipality: Municipality, *, slug: str, scale: int) -> None:
    framework = Framework.objects.create(name=f"Rahmen {slug}", slug=f"{slug}-rahmen")
    steps = [
        ScaleStep.objects.create(framework=framework, value=value, label=value, score=score)
        for value, score in [("ja", 3), ("eher_ja", 2), ("nein", 0)]
    ]
    levels = [
        MaturityLevel.objects.create(framework=framework, rank=rank, title=f"Stufe {rank}")
        for rank in (1, 2, 3)
    ]
    assessment = Assessment.objects.create(
        framework=framework, municipality=municipality, event=event, title="Standortbestimmung"
    )
    for i in range(3 * scale):
        field = Field.objects.create(framework=framework, number=str(i + 1), title=f"HF {i}")
        FieldResult.objects.create(
            assessment=assessment, field=field, level=levels[i % 3], chosen=i == 0
        )
        for j in range(3):
            criterion = Criterion.objects.create(field=field, number=f"{i}.{j}", text="Kriterium")
            Rating.objects.create(assessment=assessment, criterion=criterion, value=steps[j])


def import_enlarged(path, *, factor: int, slug: str) -> Event:
    """Import the documentation in ``path`` with every list of its event ``factor`` times as
    long, as a new event ``slug``: sessions, contributions, roles, quotes, examples, …"""
    data = documentation_load(path)
    event = copy.deepcopy(data["event"])
    event["slug"] = slug
    event.pop("self_assessment", None)  # one per event; sized by its framework, not the event

    def repeat(items, rename):
        return [rename(copy.deepcopy(item), copy_no) for copy_no in range(factor) for item in items]

    def session(item, no):
        item["slug"] = f"{item['slug']}-{no}"
        return item

    def role(item, no):
        if item.get("session"):
            item["session"] = f"{item['session']}-{no}"
        return keyed(item, no)

    def example(item, no):
        item["slug"] = f"{item['slug']}-{slug}-{no}"
        return item

    def priority(item, no):
        # Points per recommendation are unique per event: copies vote on free themes.
        if no:
            item["label"] = f"{item.pop('recommendation', None) or item.get('label')} {no}"
        return item

    def same(item, no):
        return item

    def keyed(item, no):
        if item.get("key"):
            item["key"] = f"{item['key']}-{no}"
        return item

    def chapter(item, no):
        # Each copy's chapter places that copy's pieces; a kind placed as a whole (the
        # agenda, the people, …) takes all copies, so only the first copy names it.
        parts = []
        for part in item.get("parts") or []:
            names = ("text", "quote_group", "session", "role", "poll")
            name = next((n for n in names if part.get(n)), None)
            if name:
                part[name] = f"{part[name]}-{no}"
            elif part.get("practice_example"):
                part["practice_example"] = f"{part['practice_example']}-{slug}-{no}"
            elif no:
                continue
            parts.append(part)
        item["parts"] = parts
        return item

    renames = {
        "sessions": session,
        "roles": role,
        "practice_examples": example,
        "prioritisation": priority,
        "sections": keyed,
        "quote_groups": keyed,
        "polls": keyed,
        "outline": chapter,
    }
    for key, value in list(event.items()):
        if isinstance(value, list) and key not in {"strategies", "organisers", "partners", "tags"}:
            event[key] = repeat(value, renames.get(key, same))
    data["event"] = event
    return documentation_import(data=data, source=f"{path} ×{factor}").event

"""Every existing documentation gets chapters in the order its page had before outlines existed,
with the same headings, so that nothing moves and editors can reorder from there.

A frozen copy of events.outline.STANDARD_CHAPTERS at this migration: the kinds each chapter
places as a whole ("sections": each free text its own chapter). A chapter is created only where
the event has something of it, as the page showed only those.
"""

from django.db import migrations

TALK_ROLES = {"welcome", "keynote", "input", "speaker"}

CHAPTERS = [
    ("Einführung und Ziel", ["introduction", "goal"]),
    ("", ["sections"]),
    ("Teilnehmende", ["participants"]),
    ("Ablauf", ["agenda"]),
    ("Grußworte und Vorträge", ["talks"]),
    ("Mitwirkende", ["people"]),
    ("Stimmen", ["voices"]),
    ("Umfragen und Stimmungsbilder", ["polls"]),
    ("Selbstcheck", ["self_assessment"]),
    ("Priorisierung", ["prioritisation"]),
    ("Ergänzungen zu den Handlungsempfehlungen", ["additions"]),
    ("Praxisbeispiele", ["presented_examples"]),
    ("Ergebnisse der Arbeitsphasen", ["guiding_questions", "sessions"]),
    ("Vereinbarungen und nächste Schritte", ["agreements"]),
    ("Rückmeldungen", ["feedback", "ideas"]),
    ("Schlussrunde", ["closing"]),
    ("Ausblick", ["outlook"]),
    ("Anhang: Praxisbeispiele", ["appendix_examples"]),
    ("Kontakt und Impressum", ["contact"]),
]


def _present(apps, event) -> dict[str, bool]:
    Quote = apps.get_model("events", "Quote")
    Assessment = apps.get_model("assessments", "Assessment")
    PracticeExample = apps.get_model("stakeholders", "PracticeExample")
    Feedback = apps.get_model("events", "Feedback")
    Addition = apps.get_model("recommendations", "Addition")
    roles = event.roles.filter(session__isnull=True)
    examples = PracticeExample.objects.filter(event=event)
    loose = Quote.objects.filter(event=event, session__isnull=True, group__isnull=True)
    return {
        "introduction": bool(event.introduction),
        "goal": bool(event.goal),
        "participants": bool(event.participant_count) or event.participant_groups.exists(),
        "agenda": event.agenda_items.exists(),
        "talks": roles.filter(role__in=TALK_ROLES)
        .exclude(title="", summary="")
        .exists(),
        "people": roles.exists(),
        "voices": loose.exclude(context="closing").exists(),
        "polls": event.polls.exists(),
        "self_assessment": Assessment.objects.filter(event=event).exists(),
        "prioritisation": event.priorities.exists(),
        "additions": Addition.objects.filter(event=event).exists(),
        "presented_examples": examples.exclude(context="appendix").exists(),
        "guiding_questions": event.sessions.exists()
        and event.guiding_questions.filter(session__isnull=True).exists(),
        "sessions": event.sessions.exists(),
        "agreements": event.agreements.exists(),
        "feedback": Feedback.objects.filter(event=event, kind="feedback").exists(),
        "ideas": Feedback.objects.filter(event=event, kind="idea").exists(),
        "closing": loose.filter(context="closing").exists(),
        "outlook": bool(event.outlook),
        "appendix_examples": examples.filter(context="appendix").exists(),
        "contact": bool(
            event.contact or event.contact_email or event.photo_credits or event.publication_note
        ),
    }


def place(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    Chapter = apps.get_model("events", "Chapter")
    Part = apps.get_model("events", "Part")
    Assessment = apps.get_model("assessments", "Assessment")
    for event in Event.objects.all():
        present = _present(apps, event)
        order = 0
        for title, kinds in CHAPTERS:
            if kinds == ["sections"]:
                for section in event.sections.order_by("order", "id"):
                    chapter = Chapter.objects.create(event=event, title=section.title, order=order)
                    Part.objects.create(chapter=chapter, kind="text", section=section)
                    order += 1
                continue
            kinds = [kind for kind in kinds if present[kind]]
            if not kinds:
                continue
            if kinds == ["guiding_questions"]:
                continue  # shown only beside sessions
            if title == "Selbstcheck":
                title = f"Selbstcheck: {Assessment.objects.get(event=event).title}"
            chapter = Chapter.objects.create(event=event, title=title, order=order)
            order += 1
            for position, kind in enumerate(kinds):
                if kind in ("presented_examples", "appendix_examples"):
                    Part.objects.create(
                        chapter=chapter,
                        kind="practice_examples",
                        appendix=kind == "appendix_examples",
                        order=position,
                    )
                else:
                    Part.objects.create(chapter=chapter, kind=kind, order=position)


def unplace(apps, schema_editor):
    apps.get_model("events", "Chapter").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0009_chapters_parts_and_quote_groups"),
        ("assessments", "0003_german_labels_for_relations"),
        ("recommendations", "0001_initial"),
    ]

    operations = [migrations.RunPython(place, unplace)]

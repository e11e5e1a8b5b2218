"""The Hagen implementation conference reads like the documentation the city wrote.

Original: seed 002 (OCR text), „Umsetzungskonferenz der Engagementstrategie Hagen“, 27.08.2022.
Its chapters: 1 Einführung (participants' sectors, the conference's contents, the expectations,
the four topics and the prioritised recommendations with their points); 3 Auseinandersetzung mit
den Handlungsempfehlungen (3.1 to 3.6, the participants' additions to each recommendation);
4 Priorisierung und Austausch zu den Handlungsempfehlungen (the guiding questions) with 4.1 to 4.5,
one small group each; 5 Ausblick; 6 Abschluss (ideas for future events, the closing round in one
sentence each). The OCR text has no heading numbered 2.
"""

import pytest
from django.conf import settings

from tests.events.faithful import (
    assert_in_order,
    body_of,
    chapter_titles,
    imported,
    page_text,
)

pytestmark = pytest.mark.django_db

PATH = settings.BASE_DIR / "demo" / "documentations" / "002-hagen-umsetzungskonferenz-2022.yaml"

CHAPTERS = [
    "1 Einführung",
    "3 Auseinandersetzung mit den Handlungsempfehlungen",
    "4 Priorisierung und Austausch zu den Handlungsempfehlungen",
    "4.1 Dank und Anerkennung",
    "4.2 Übersicht über alle Engagementangebote",
    "4.3 Zukunftsräte",
    "4.4 Zentrale Anlaufstelle",
    "4.5 Engagement und Jugend stärken",
    "5 Ausblick",
    "6 Abschluss",
]

PASSAGES = [
    "1 Einführung",
    "Im Rahmen der Engagementstrategie Hagen fand am 27. August 2022 eine Umsetzungskonferenz "
    "statt. Fokus der Veranstaltung war ein Sichtbarmachen erster Umsetzungen",
    # The sectors right under their lead sentence, long before the prioritisation's introduction.
    "Die Teilnehmenden der Veranstaltungen kamen aus unterschiedlichen Bereichen des "
    "Engagements: Wohlfahrtsverbände Paritätischer, Caritas, AG-Beteiligte, AWO, DRK",
    "Zivilgesellschaft Forum Nachhaltigkeit, Ehrenamtliche, Freiwilligenzentrale",
    # The contents of the conference, followed directly by the expectations: the closing round's
    # introduction is not under the agenda.
    "Inhalte der Konferenz: Los geht's! – Der etwas andere Start Begrüßung und Einstieg",
    "Vertiefende Rückmeldungen & Nächste Schritte Ausblick & Abschluss "
    "Wir sind heute hier, um neue Ideen zu sammeln und uns zu vernetzen.",
    "Wir müssen nach der Pandemie Ehrenamt neu anstoßen",
    "Auf Basis der Erwartungen und Wortbeiträge wurde sichtbar",
    "die folgenden vier Themenfelder: Dank und Anerkennung Sichtbarkeit der Stadt Hagen "
    "Verbündete und weitere Vernetzungen Erfahrungsaustausch",
    "Die grün markierten Handlungsempfehlungen stellen dabei Themen dar, zu denen Kleingruppen "
    "gearbeitet haben. Priorisierung der Handlungsempfehlungen:",
    "Zukunftsräte",
    "3 Auseinandersetzung mit den Handlungsempfehlungen",
    "Am Anfang der Veranstaltung ergänzten die Teilnehmenden die Handlungsempfehlungen mit Fragen "
    "und Ergänzungen.",
    # Each recommendation as the original prints it: the title, its description, then the
    # participants' additions.
    "3.1 Engagement anerkennen Wertschätzender Standard in allen Einrichtungen",
    "Gemeinsam mit den Vereinen und Einrichtungen sollen Standards",
    "erst einmal gemeinsames Ziel (Motto) Werte diskutieren und verabreden",
    "3.3 Engagement zukunftsfähig gestalten Zukunftsräte",
    "Dazu braucht es „Zugangswege“ und politische Akzeptanz",
    "3.6 Engagement fördern Mehr Ehrenamtskoordinator*innen für Hagen",
    "Arbeitsgruppe wäre gut, Transfer andere Städte Grundlage für bessere Vernetzung",
    "4 Priorisierung und Austausch zu den Handlungsempfehlungen",
    "In einem Austausch in Kleingruppen wurden anschließend folgende Leitfragen diskutiert:",
    "Wer wirkt weiterhin daran mit, das Ziel in die Umsetzung zu begleiten?",
    "4.1 Dank und Anerkennung",
    "Der Blick über den Tellerrand kann helfen.",
    "Ist das umsetzbar? Konkrete Verantwortlichkeiten wurden noch nicht festgelegt.",
    "4.2 Übersicht über alle Engagementangebote",
    "1. Schritt: Gründung einer Arbeitsgruppe",
    "2. Schritt: Technische Realisierung",
    "„Netzwerk Engagement als großes Treffen.“",
    "4.3 Zukunftsräte",
    "Ein zufällig zusammengesetztes Gremium aus Bürger*innen",
    "4.4 Zentrale Anlaufstelle",
    "Welche offenen Fragen gibt es? Ist die Freiwilligenzentrale eine zentrale Anlaufstelle?",
    "Wie kann es gelingen, dass die Handlungsempfehlung real wird?",
    "Die Gruppe würde an dem Thema weiterarbeiten, wenn jemand dabei ist, der offene Fragen "
    "klären kann.",
    "4.5 Engagement und Jugend stärken",
    "Die Nutzung von Social Media ist unumgänglich. "
    "Die Arbeitsgruppe hat sich bereits für einen nächsten Austausch vernetzt.",
    # The Ausblick before the Abschluss, as in the original.
    "5 Ausblick",
    "Die Ergebnisse des Tages werden zunächst mit der Lenkungsgruppe besprochen",
    "etwas für Hagen bewegen möchten.",
    "6 Abschluss",
    # The ideas under the original's heading, each sub-bullet with its bullet.
    "Ideen und Anregungen für zukünftige Veranstaltungen Die Veranstaltungen könnten digital live "
    "gestreamt werden",
    "möglich zu machen. Im digitalen Raum sollte es Untertitel",
    "den werden wir nicht bewegen!“ Wir sollten uns nicht durch den Widerstand",
    # The closing round under its introduction, at the end.
    "Zum Abschluss wurden die Teilnehmenden gebeten, in einem Satz zu teilen, was sie von der "
    "Umsetzungskonferenz mitnehmen: Weniger ist manchmal mehr.",
    "Interessierte Kontakte, angenehme Arbeit. Effektiv.",
    "Ich fände es schade, wenn zu viel Zeit vergeht.",
]

# The prioritised recommendations the original marks as worked on in small groups, and the
# group (chapters 4.2 to 4.5) that worked on each.
WORKED_ON = {
    "hagen-uebersicht-engagementangebote": "kleingruppe-uebersicht-engagementangebote",
    "hagen-zukunftsraete": "kleingruppe-zukunftsraete",
    "hagen-zentrale-anlaufstelle": "kleingruppe-zentrale-anlaufstelle",
    "hagen-kinder-und-jugendliche-engagementlernen": "kleingruppe-engagement-und-jugend",
}


@pytest.fixture
def event(db):
    return imported(PATH)


def test_the_page_reads_like_the_original_in_its_order(event):
    assert_in_order(page_text(event), PASSAGES)


def test_the_original_s_chapters_and_nothing_after_them(event):
    assert chapter_titles(event) == CHAPTERS


def test_the_small_groups_name_the_recommendations_the_original_marks(event):
    sessions = {s.slug: s.recommendation for s in event.sessions.select_related("recommendation")}
    assert {rec.slug: slug for slug, rec in sessions.items() if rec is not None} == WORKED_ON
    assert sessions["kleingruppe-dank-und-anerkennung"] is None  # a topic, no recommendation
    prioritised = set(event.priorities.values_list("recommendation__slug", flat=True))
    assert set(WORKED_ON) < prioritised
    body = body_of(event)
    for session in WORKED_ON.values():
        assert f'href="#{session}"' in body


def test_no_status_format_or_points_the_original_does_not_give(event):
    text = page_text(event)
    assert "Vorgeschlagen" not in text
    assert "noch keine" not in text
    assert not event.format
    assert not event.publication_date
    assert event.priorities.count() == 6  # only the top items carry points
    statuses = event.strategies.get().recommendations.exclude(status="")
    assert dict(statuses.values_list("title", "status")) == {
        "Ehrenamtskarte stärken": "in_progress",
        "Heimat-Preis": "exists",
    }

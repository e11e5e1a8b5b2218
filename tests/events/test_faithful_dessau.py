"""The Dessau-Roßlau Selbstcheck workshop reads like the documentation the city wrote.

Original: seed 003 (OCR text), „Selbstcheck-Workshop in Dessau-Roßlau am 1. Juli 2020“. Its
chapters, numbered: 1. Begrüßung; 2. Ziele und Ablauf des Workshops; 3. Vorstellung des Projektes
Weltoffene Kommune; 4. Leitmotiv … und das Verständnis von Weltoffenheit in Dessau-Roßlau;
5. Präsentation der Ergebnisse der Online-Befragung (offices, results, Standortbestimmung);
6. Standortbestimmung der Handlungsfelder with 6.1 and 6.2, the two working groups; 7. Nächste
Schritte; 8. Feedback; then the appendix (the presentation, not in the OCR text).
"""

import re

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

PATH = settings.BASE_DIR / "demo" / "documentations" / "003-dessau-rosslau-selbstcheck-2020.yaml"

CHAPTERS = [
    "1. Begrüßung",
    "2. Ziele und Ablauf des Workshops",
    "3. Vorstellung des Projektes Weltoffene Kommune",
    "4. Leitmotiv der Weltoffenen Kommune und das Verständnis von Weltoffenheit in Dessau-Roßlau",
    "5. Präsentation der Ergebnisse der Online-Befragung zur Weltoffenheit in der Stadt "
    "Dessau-Roßlau",
    "6. Standortbestimmung der Handlungsfelder",
    "6.1 Diskussionsergebnisse Handlungsfeld 4 „Interkulturelle Öffnung und Antirassismus "
    "(Antidiskriminierung)“",
    "6.2 Diskussionsergebnisse Handlungsfeld 5 „Engagement und Beteiligung“",
    "7. Nächste Schritte im Rahmen der Weltoffenen Kommune",
    "8. Feedback der Teilnehmerinnen und Teilnehmer",
    "Anhang",
]

PASSAGES = [
    CHAPTERS[0],
    "Die Stadt Dessau-Roßlau ist eine der ersten 20 Kommunen, die am Projekt Weltoffene Kommune "
    "teilnehmen",
    # The Oberbürgermeister's words under the sentence that introduces them.
    "Mit Hinweis auf Moses Mendelssohn betont der Oberbürgermeister: Wir wollen gemeinsam eine "
    "Stadt sein, die weltoffen und tolerant ist!",
    "Peter Kuras begrüßt die Partner des Projektes Weltoffene Kommune:",
    "Claudia Walther , Senior Projekt Manager der Bertelsmann Stiftung",
    CHAPTERS[1],
    "Kerstin Schmidt, Prozessbegleiterin im Projekt Weltoffene Kommune, begrüßt die "
    "Teilnehmerinnen und Teilnehmer zum Selbstcheck-Workshop",
    "Ziele des Selbstcheck-Workshops: Die kommunalen Akteure haben ein gemeinsames Bild",
    "Der Ablaufplan kann der folgenden Übersicht entnommen werden:",
    "15:30 Pause 15:45 Teil 2 Einführung in die Arbeitsgruppenphase",
    CHAPTERS[2],
    "ist dem Workshop via Video-Konferenz zugeschaltet",
    "Warum Modellprojekt Weltoffene Kommune?",
    "Im Mittelpunkt des Selbstchecks Weltoffene Kommune stehen die folgenden 7 Handlungsfelder:",
    "Die ersten 2 Staffeln der Modellkommunen 10 Kommunen im 1. Halbjahr 2020 Aachen",
    # The Leitmotiv (chapter 4) before the results of the questionnaire (chapter 5).
    CHAPTERS[3],
    "Weltoffene Kommunen setzen sich proaktiv für eine Kultur und Politik ein",
    "die von den Teilnehmenden auf gelbe Plakate geschrieben worden sind:",
    "Die Stadtverwaltung hat bei der Gestaltung von Weltoffenheit eine Vorbildfunktion.",
    CHAPTERS[4],
    "Annalena Rehkämper von Phineo stellt die Ergebnisse der Online-Befragung",
    "Der Selbstcheck-Fragebogen führt zu dem folgenden Ergebnis: Im Handlungsfeld 5",
    "Dezernat I Integrationsbüro der Stadt Herr Altmann/Frau Heß "
    "Dezernat II Leiterin Ausländerbehörde, Abteilung Bürgeranliegen Frau Krings",
    "1.4 Monitoring eher nein",
    "In der Gesamtauswertung kann die folgende Einschätzung für Dessau-Roßlau festgehalten werden:",
    "ist der Dokumentation als Anlage 2 beigefügt.",
    CHAPTERS[5],
    "einigen sich darauf die folgenden beiden Handlungsfelder in zwei parallelen Arbeitsgruppen",
    "Im Mittelpunkt der Diskussion stehen die folgenden Fragestellungen:",
    CHAPTERS[6],
    "Was läuft gut? Im Integrationskonzept ist ein klares Handlungsziel",
    "Welche Handlungsbedarfe liegen aus Ihrer Sicht in diesem Handlungsfeld vor? "
    "Haltungsarbeit und interkulturelle Schulungen",
    CHAPTERS[7],
    "Die Ehrenamtskarte ist seit dem Jahr 2019 eingeführt.",
    "Am Leipziger Tor war der Beteiligungsprozess zu wenig vielfältig.",
    "Neue Formen des Ehrenamtes ermöglichen: dies insbesondere für Menschen mit "
    "Migrationshintergrund.",
    CHAPTERS[8],
    "Für die weitere Prozessgestaltung werden die folgenden Vereinbarungen festgehalten:",
    "Eine Dialogveranstaltung mit Einwohnerinnen und Einwohnern und Akteuren durchführen. "
    "Die Dialogveranstaltung ist für den 8. Oktober 2020 geplant (Anmerkung der Verfasser der "
    "Dokumentation).",
    "Zudem wurde die Idee entwickelt, einen Workshop mit den Dezernenten zur Weltoffenheit",
    CHAPTERS[9],
    "Die Teilnehmerinnen und Teilnehmer haben die folgende Rückmeldung zu dem Workshop gegeben:",
    "„Den Spiegel vorgehalten zu bekommen“",
    # CHAPTERS[10] with its only line.
    "Anhang Ergebnispräsentation Selbstcheck-Fragebogen",
]


@pytest.fixture
def event(db):
    return imported(PATH)


def test_the_page_reads_like_the_original_in_its_order(event):
    assert_in_order(page_text(event), PASSAGES)


def test_the_original_s_chapters_and_nothing_after_them(event):
    assert chapter_titles(event) == CHAPTERS


def test_the_planned_date_is_the_authors_note_and_no_agreement_has_a_deadline(event):
    assert not event.agreements.exclude(due_date=None).exists()
    assert not event.agreements.exclude(due_note="").exists()
    body = body_of(event)
    table = body[body.index('<table class="agreements"') : body.index("</table>")]
    assert "<time" not in table
    assert "im Nachgang des Workshops" not in table


def test_each_office_that_answered_is_named_once_with_its_people(event):
    units = [
        (r.unit, r.function, r.name) for r in event.self_assessment.respondents.order_by("order")
    ]
    assert units[2] == ("Dezernat I", "Integrationsbüro der Stadt", "Herr Altmann/Frau Heß")
    assert len(units) == len(set(units)) == 10
    text = page_text(event)
    assert text.count("Dezernat I Integrationsbüro der Stadt Herr Altmann/Frau Heß") == 1
    assert text.count("Dezernat I Beauftragte für Bürgeranliegen Frau Hinze") == 1


def test_nothing_the_original_does_not_say(event):
    text = page_text(event)
    assert not event.format and "Präsenz" not in text
    assert not event.publication_date and "Veröffentlicht am" not in text
    assert "Ziel der Veranstaltung" not in text  # the original's goals stand in chapter 2


def test_the_field_texts_keep_the_original_s_bullets(event):
    body = body_of(event)
    assert re.search(
        r"<li>Gleichzeitig zeigen sich zwei Hürden:<ul><li>Finanzielle Mittel für die "
        r"Ehrenamtskoordination gehen zurück,</li><li>Die politische Teilhabe",
        body,
    )
    assert re.search(r"<ul><li>Dessau-Roßlau arbeitet aktiv daran, weltoffenes Denken", body)
    # Field 1's two paragraphs stay paragraphs.
    assert re.search(r"<p>Die Stadt Dessau-Roßlau arbeitet aktiv an offenen", body)

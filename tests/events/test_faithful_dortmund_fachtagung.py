"""The Dortmund Fachtagung 2022 reads like the documentation the city wrote.

Original: seed 000 (OCR text), Fachtagung „Engagement und Nachbarschaftshilfe in den
Aktionsräumen“, 28.09.2022. Its five chapters, unnumbered: Ziel der Fachtagung; Im ersten Teil
der Fachtagung … (the panel: the moderator's interviews, then the statements under their lead);
Im zweiten Teil der Veranstaltung … (the three thematic tables and their questions); Fazit (each
table's headline above its bullets); Ausblick (with the contact).
"""

import pytest
from django.conf import settings
from django.test import Client

from tests.events.faithful import (
    assert_in_order,
    chapter_titles,
    imported,
    page_text,
)

pytestmark = pytest.mark.django_db

PATH = settings.BASE_DIR / "demo" / "documentations" / "000-dortmund-fachtagung-2022.yaml"

CHAPTERS = [
    "Ziel der Fachtagung",
    "Im ersten Teil der Fachtagung …",
    "Im zweiten Teil der Veranstaltung …",
    "Fazit",
    "Ausblick",
]

PASSAGES = [
    "Ziel der Fachtagung",
    "Mit unterschiedlichen Akteuren sollte gemeinsam herausgearbeitet werden, welche "
    "Voraussetzungen in den Aktionsräumen vorhanden sein müssen",
    "Das Team des Aktionsplans Soziale Stadt Dortmund führte die Fachtagung 2022 gemeinsam mit "
    "der Koordinierungsstelle „nordwärts“",
    "Der Einladung zur Fachtagung folgten circa 80 Akteur*innen.",
    # The panel: the moderator's interviews, the lead-in, then the statements in reported speech.
    "Im ersten Teil der Fachtagung …",
    "interviewte die Moderatorin Frau Harriet Ellwein Menschen aus Dortmund",
    "Hier einige Zitate der Teilnehmer*innen des Podiumsgesprächs:",
    "Sie weist auf den Aspekt Bildung und die Aktivitäten von „Africa Positive“ hin.",
    "Veye Tatah (Africa Positive e.V.)",
    "Aus ihrer Sicht sollten gerade Ehrenamtliche und Jugendliche",
    "Ehrenamtliche Tätigkeiten sollten auch in den Lebensläufen dokumentiert werden.",
    "Sie ergänzt, dass Hauptamt das Ehrenamt brauche",
    "Karola Jaschewski",
    # The tables' themes as a list, then the questions they were to discuss.
    "Im zweiten Teil der Veranstaltung …",
    "hatten die Teilnehmer*innen die Wahl zwischen drei moderierten Thementischen, um das Thema "
    "mit den Schwerpunkten: Orte Koordination Aktivierung unter Berücksichtigung der folgenden "
    "Leitfragen zu vertiefen:",
    "Welche Bedeutung hat das jeweilige Thema für die Zielerreichung?",
    "Wie sichern wir die Teilhabe von Migrant*innen und MSO?",
    "In der Diskussion waren diese Querschnittsfragen zu berücksichtigen",
    # Each table's headline above its bullets.
    "Fazit",
    "Orte sind Ausgangspunkt für Engagement und sollten divers sein wie die Menschen",
    "Die Teilnehmer*innen des Thementisches „Orte“ zogen das Fazit",
    "aber die Digitalisierung ersetzt nicht die Bedeutung von Orten im Sozialraum.",
    "Verwaltung die berät, informiert und Förderung zugänglich macht wird gewünscht",
    "Am Thementisch „Koordination“ kamen die Teilnehmer*innen zu den Ergebnissen",
    "Die Verwaltung ist als Managerin oder Koordinatorin gefragt, weniger als handelnde Akteurin.",
    "Vorbilder und Vertrauenspersonen zeigen auf, dass Engagement sich lohnt",
    "Am Thementisch „Aktivierung“ kam man zu dem Ergebnis",
    "„Frei-Räume“ für Kreativität und die Entwicklung neuer Ideen.",
    "Ausblick",
    "Die Ergebnisse der Fachtagung fließen in die Arbeit der Verwaltung",
    "Haben Sie Fragen, Anregungen oder möchten Sie an der nächsten Fachtagung teilnehmen?",
    "aktionsplan@stadtdo.de",
]


@pytest.fixture
def event(db):
    return imported(PATH)


def test_the_page_reads_like_the_original_in_its_order(event):
    assert_in_order(page_text(event), PASSAGES)


def test_the_original_s_chapters_and_nothing_after_them(event):
    assert chapter_titles(event) == CHAPTERS


def test_the_panel_statements_are_reported_speech_under_their_lead(event):
    html = Client(HTTP_ACCEPT_LANGUAGE="de").get(event.get_absolute_url()).content.decode()
    assert html.count('class="quote quote-reported"') == 6
    assert "<blockquote" not in html

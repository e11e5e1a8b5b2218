"""The 1st digital Dortmund citizen dialogue reads like the documentation the city wrote.

Original: seed 004 (OCR text), „Dokumentation zum 1. digitalen Dortmunder Bürger*innendialog“,
2020, no date in it. Its chapters, unnumbered: Warum ein digitaler Bürger*innendialog; Ablauf der
Veranstaltung; Stimmungsbilder; Befragung der Teilnehmenden (two polls); Break-out-Session 1 (four
small groups: quotes, then a Quintessenz); Input der Stadt Dortmund; Break-out-Session 2 (four
small groups: helpful, to improve, new offers); Die wichtigsten Punkte der 2. Break-out-Session
(after all four groups); Evaluation der Veranstaltung (the closing thanks); Kontakt.
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

PATH = settings.BASE_DIR / "demo" / "documentations" / "004-dortmund-buergerdialog.yaml"

CHAPTERS = [
    "Warum ein digitaler Bürger*innendialog",
    "Ablauf der Veranstaltung",
    "Stimmungsbilder",
    "Befragung der Teilnehmenden",
    "Break-out-Session 1",
    "Input der Stadt Dortmund",
    "Break-out-Session 2",
    "Die wichtigsten Punkte der 2. Break-out-Session",
    "Evaluation der Veranstaltung",
    "Kontakt",
]

PASSAGES = [
    "Warum ein digitaler Bürger*innendialog",
    "Der erste digitale Bürger*innendialog ist ein wichtiger Schritt auf dem Weg zu einer "
    "zukunftsfähigen Beteiligungskultur.",
    "Als eine von bundesweit zehn Pilotkommunen wurde die Stadt Dortmund zuvor für einen "
    "Praxistest ausgewählt.",
    # The agenda in its seven steps, before anything of the evening itself.
    "Ablauf der Veranstaltung",
    "Begrüßung Stimmungsbilder Befragung der Teilnehmenden Break-out-Session 1 "
    "Input Stadt Dortmund Break-out-Session 2 Evaluation der Veranstaltung",
    "Stimmungsbilder",
    "wurde per Handzeichen das allgemeine Wohlbefinden der Teilnehmenden abgefragt.",
    "Befragung der Teilnehmenden",
    "Die Pandemie ist für uns alle schwer. Was hat Sie bisher am meisten belastet? "
    "Bitte wählen Sie 2 Antworten aus. (Mehrfachauswahl)",
    "Ich habe das Virus weitgehend ignoriert und mich nicht einschränken lassen.",
    "Trotz der vielen Probleme in der Krise: Was war positiv?",
    "Entschleunigung – mein Leben ist ruhiger und langsamer geworden.",
    # Each small group: its question, its quotes, then its Quintessenz.
    "Break-out-Session 1",
    "Wie haben Sie die Corona-Zeit in Ihrer nächsten Umgebung, in Ihrem Quartier erlebt?",
    "Es war eine aufregende Zeit",
    "Quintessenz Die große Ruhe u. Entschleunigung war positiv",
    "Das Stadtbild wandelte sich, man sah mehr Obdachlose",
    "Quintessenz Der Großteil der Kleingruppen-Teilnehmer*innen",
    "Gefehlt haben soziale Kontakte im Freundeskreis und Kneipenbesuche.",
    "Input der Stadt Dortmund",
    "Michaela Bonan, Leiterin der Koordinierungsstelle „nordwärts“, begrüßt und berichtet über "
    "die Unterstützungsbereitschaft der Stadtgesellschaft in der Corona-Pandemie",
    "einen Helpathon und die „Dortmund hilft“ Datenplattform.",
    "Break-out-Session 2",
    "Welche Angebote der Stadt waren in der Corona Zeit in den Quartieren hilfreich?",
    "Hilfreiche Angebote Informationspolitik der Stadt zu Corona grundsätzlich gut",
    "Verbesserungswürdige Angebote Kommunikation im Bereich Schule – Eltern eher schlecht",
    "Neue Angebote Analoge Angebote zur Information für Bürger",
    "Projekte/Angebote auf Apps sammeln Vorschlag: Plattform",
    # The most important points of all four groups after the last group, not under each group.
    "Die wichtigsten Punkte der 2. Break-out-Session",
    "Ziel der 2. Break-Out Session war es, sich in jeder der 4 Kleingruppen auf 1-2 "
    "Ideen/Vorschläge zu einigen",
    "Kleingruppe 1 In Kleingruppe 1 wurden folgende Themen fokussiert:",
    "In Kleingruppe 4 war insbesondere das Thema „Digitalisierung für ältere Menschen“ zentral.",
    # The closing thanks at the end, where the original has them.
    "Evaluation der Veranstaltung",
    "Haben Sie herzlichen Dank für die angeregte Diskussion",
    "auf der Internetseite www.mitwirken.dortmund.de veröffentlichen.",
    "Wir danken der Bertelsmann Stiftung für die gute Zusammenarbeit",
    "Bleiben Sie alle gesund und zuversichtlich!",
    "Kontakt",
    "Koordinierungsstelle „nordwärts“ www.dortmund-nordwaerts.de",
    "mitwirken@dortmund.de",
    "Bertelsmann Stiftung",
]


@pytest.fixture
def event(db):
    return imported(PATH)


def test_the_page_reads_like_the_original_in_its_order(event):
    assert_in_order(page_text(event), PASSAGES)


def test_the_original_s_chapters_and_nothing_after_them(event):
    assert chapter_titles(event) == CHAPTERS


def test_the_date_is_marked_as_the_editors_addition_with_its_source(event):
    text = page_text(event)
    assert "Hinweis der Redaktion Das Datum steht nicht in der Dokumentation." in text
    assert "dortmund.de" in event.editorial_note
    assert not event.publication_date


def test_the_polls_stand_where_the_original_shows_them(event):
    body = body_of(event)
    mood = body.index("Stimmungsbild zu Beginn der Veranstaltung")
    first = body.index("Was hat Sie bisher am meisten belastet?")
    assert body.index("<h2", mood) < first < body.index("Es war eine aufregende Zeit")
    assert body.count('class="poll"') == 4

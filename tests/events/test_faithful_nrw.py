"""The NRW Fachkongress 2015 in Lünen reads like the documentation the network published.

Original: seed 001 (OCR text), „Bürgerschaftliches Engagement fördern – kommunale Strategien für
die Zukunft“, NRW Fachkongress am 21. Oktober 2015 im Hansesaal in Lünen. Its chapters:
1 Grußworte (three addresses), 2 Einführung, 3 the keynote's summary with four sub-headings,
4 Einschätzungen aus der Praxis (the panel: five theses, each with the statements under it),
5 Lernkarussell (nine municipalities with topic and contact person), 6 Ergebnisse, then the six
workshops (unnumbered, as in its table of contents), 7 Abschluss (three messages with their
statements), 8 Anhang (the nine practice examples), Impressum.
"""

import re

import pytest
from django.conf import settings

from tests.events.faithful import (
    assert_in_order,
    between,
    body_of,
    chapter_titles,
    imported,
    page_text,
)

pytestmark = pytest.mark.django_db

PATH = settings.BASE_DIR / "demo" / "documentations" / "001-nrw-fachkongress-2015.yaml"

CHAPTERS = [
    "1 Grußworte",
    "2 Einführung",
    "3 Engagementlandschaften in NRW – Zusammenfassung des Vortrags von Loring Sittler",
    "4 Einschätzungen aus der Praxis",
    "5 Lernkarussell – Praxisbeispiele aus den Netzwerkkommunen",
    "6 Ergebnisse",
    "Workshop 1",
    "Workshop 2",
    "Workshop 3",
    "Workshop 4",
    "Workshop 5",
    "Workshop 6",
    "7 Abschluss",
    "8 Anhang",
    "Impressum",
]

PASSAGES = [
    # The welcome addresses first, in the original's order.
    "1 Grußworte",
    "Herzlich willkommen in Lünen! Herzlich willkommen im Hansesaal der Stadt!",
    "Für zehn Kommunen ist der heutige Kongress gleichzeitig auch der Auftakt für eine solche "
    "Qualifizierung.",
    "Vernetzung ist das Stichwort. – Wir selbst haben in Arnsberg das bürgerschaftliche "
    "Engagement als Thema entdeckt",
    "2 Einführung",
    "Die Vielfalt der lokalen Engagementlandschaften in NRW auf unterschiedliche Weise sichtbar "
    "und erlebbar zu machen, war das Ziel des Fachkongresses",
    "Workshopthemen waren: Chancen, Gewinne und Grenzen lokaler Engagementlandschaften",
    "Moderiert wurde der Tag von Beate Kowollik (WDR) und Nadine Haßlöwer",
    # The keynote: its sub-headings above their paragraphs, the figures' captions in place.
    "3 Engagementlandschaften in NRW – Zusammenfassung des Vortrags von Loring Sittler",
    "Wildwuchs statt strukturierter Engagementlandschaften Bundesweit unterstützen etwa 3.400 "
    "Einrichtungen das Engagement vor Ort.",
    "Abb. 2: Anzahl der 590 Engagement unterstützenden Einrichtungen in Nordrhein-Westfalen",
    "Finanzielle Unsicherheit Hinzu kommt, dass die Einrichtungen bundesweit und auch in NRW "
    "häufig schwach finanziert sind.",
    # The panel: each thesis directly above the statements that support it.
    "4 Einschätzungen aus der Praxis",
    "Plenumsdiskussion Moderation Beate Kowollik",
    "Die Förderung bürgerschaftlichen Engagements ist abhängig von der Haltung, wie mit diesem "
    "Thema umgegangen werden soll.",
    "verknüpfen zu können. Es braucht ein klares Bekenntnis der Stadt, systematische "
    "Engagementförderung als „Pflichtaufgabe“ zu definieren",
    "Die ländlichen und städtischen Strukturen in Nordrhein-Westfalen sind sehr heterogen und "
    "müssen differenziert betrachtet werden. In dem „Wildwuchs“ steckt eine kreative Chance",
    "um eine Zusammenarbeit in der Kommune zu fördern. Der Grund warum Unternehmen mit uns "
    "kooperieren ist",
    "Die kommunale Verantwortung von Unternehmen sollte eingefordert und gefördert werden",
    # The Lernkarussell's list: municipality, topic, contact person.
    "5 Lernkarussell – Praxisbeispiele aus den Netzwerkkommunen",
    "Folgende Kommunen nahmen am Lernkarussell teil: Stadt Bonn: Förderung des "
    "Unternehmensengagements Ansprechpartnerin: Tanja Heine Stadt Essen:",
    "Stadt Lünen: Die Ehrenamtskarte im kommunalen Verband Ansprechpartnerinnen: Denise Sauer, "
    "Jasmin Neumann",
    "Stadt Witten: Strategien der kommunalen Flüchtlingsarbeit Ansprechpartner/in: Ralph "
    "Hiltrop, Claudia Formann Ausführlichere Informationen zu den Kommunen finden Sie im Anhang",
    # The results' announcement, then the six workshops it announces.
    "6 Ergebnisse Themen der Workshops Workshop 1: Chancen, Gewinne und Grenzen",
    "Übergreifende Fragen waren: Wie ist unser Land aufgestellt? Kooperieren die Kommunen "
    "miteinander? Inwiefern können wir voneinander lernen? Die Ergebnisse aus den einzelnen "
    "Workshops sind nachfolgend zusammengefasst.",
    "Workshop 1",
    "Chancen, Gewinne und Grenzen lokaler Engagementlandschaften Moderation Katja Feld",
    "Eigenschaften von Engagementlandschaften Die Dialogpartnerinnen und die Teilnehmenden nannten",
    "1. Eigensinn und Vielfalt Lokale Engagementlandschaften sind vielfältig und eigensinnig.",
    "Gelingensbedingungen zur Stärkung von Engagementlandschaften: 1. Akteure in einer "
    "trisektoralen Verantwortungsgemeinschaft zusammenbringen Es braucht eine kontinuierliche "
    "(neutrale, rotierende) Moderation, die Vernetzung / Kooperationen",
    "Workshop 2",
    "Die Kommune – Motor der Engagementförderung? Zur Rolle der Städte und Gemeinden bei der "
    "Engagemententwicklung Moderation Annette Mörchen",
    "unterschiedliche Akteursgruppen in den Blick zu nehmen, darunter: Kommunalverwaltung und "
    "-politik",
    "Rollenerwartungen an die Kommune bei einer strategischen Engagementförderung ... aus Sicht "
    "der Kommune: Bündelung des bestehenden Engagements gewährleisten",
    "Förderung von Integration und Inklusion) Die Gruppenarbeitsergebnisse im Plenum gemeinsam "
    "auswertend, wurden Cluster gebildet",
    "Workshop 3",
    "Eingangsthesen Oft arbeiten Kreisverwaltungen, Städte und Gemeinden",
    "HANAH-Servicebüro – Kontaktstelle für Familien und Senioren Integriertes Konzept",
    "Zusammenspiel von Kreisen mit ihren kreisangehörigen Städten und Gemeinden Kommunikation "
    "aus der Kreisperspektive Wir brauchen als Kreisverwaltung Tipps",
    "Einige Schlussfolgerungen aus Sicht der Teilnehmenden „Die Art des Zusammenspiels in einem "
    "Landkreis",
    "Workshop 4",
    "Schwerpunkt-Themen Im gemeinsamen Austausch haben sich zwei Themen herauskristallisiert",
    "1. Zugangswege: Wie schaffen wir es, die Jugendlichen für bürgerschaftliches Engagement zu "
    "sensibilisieren und zu begeistern? Stärken Menschen, die sich in einem Verein engagieren",
    "2. Motivation und langfristige Bindung: Was braucht es, um Jugendliche langfristig an ein "
    "Projekt zu binden und für eine weitere Beteiligung zu motivieren? Stärken Freundschaftliche "
    "Beziehungen",
    "Workshop 5",
    "Im Folgenden sollen die Kernbotschaften aus allen Untergruppen zusammengeführt werden: Für "
    "das intrakommunale Netzwerk erfordert die Engagementförderung",
    "Dazu braucht es Räume und ein Bewusstsein der Aufnahmegesellschaft.",
    "Workshop 6",
    "Ausgangslage In diesem Workshop mit ca. 16 Personen",
    "Einschätzung der Teilnehmenden In der Abschlussrunde äußerten einige Teilnehmer",
    # The closing messages, each directly above its statements.
    "7 Abschluss",
    "Es wurden folgende Botschaften genannt: Dialog ist das Stichwort. Wir haben uns sehr "
    "intensiv miteinander unterhalten.",
    "Die Kommune spielt eine zentrale Rolle bei der Förderung von lokalen "
    "Engagementlandschaften. Das Aushandeln der Rollen und Aufgaben ist ein kontinuierlicher "
    "Prozess. Es braucht eine systematische Koordination",
    # The appendix: each municipality's page once, Witten's with both contact sets.
    "8 Anhang Bilder des Tages Praxisbeispiele aus den Netzwerkkommunen Förderung des "
    "Unternehmensengagements",
    "Foto: julianewanhoffphotografie",
    "Strategien der kommunalen Flüchtlingsarbeit Witten",
    "Ansprechperson: Claudia Formann Telefon: 02302 / 5811011",
    "Ralph Hiltrop (Stadt Witten, Stabsstelle für Stadtentwicklung",
    "02302 / 5811025",
    "Impressum Herausgeber Kommunen-Netzwerk: engagiert in NRW Prozessbegleitung, Redaktion und "
    "Gestaltung",
    "Düsseldorf, Juni 2016",
]


@pytest.fixture
def event(db):
    return imported(PATH)


def test_the_page_reads_like_the_original_in_its_order(event):
    assert_in_order(page_text(event), PASSAGES)


def test_the_original_s_chapters_and_nothing_after_them(event):
    assert chapter_titles(event) == CHAPTERS


def test_what_the_results_announce_follows_them(event):
    text = page_text(event)
    # Only the way back to the contents stands between the announcement and workshop 1.
    gap = between(text, "nachfolgend zusammengefasst.", "Chancen, Gewinne und Grenzen lokaler")
    assert gap.split() == ["Zum", "Inhalt", "Workshop", "1", "Workshop"]


def test_the_review_s_findings_are_mended(event):
    text = page_text(event)
    # Workshop 2 has no Fazit heading; no question stands under a label the original lacks.
    assert "Fazit" not in between(text, "Motor der Engagementförderung? Zur Rolle", "Workshop 3")
    assert "Leitfrage" not in text
    assert not event.guiding_questions.exists()
    # Each practice example once, in the appendix after the Lernkarussell's list.
    assert event.practice_examples.count() == 9
    assert text.count("Strategien der kommunalen Flüchtlingsarbeit") == 2  # list and appendix
    assert text.count("02302 / 5811011") == text.count("02302 / 5811025") == 1
    # Every quote under its thesis or message; none loose under a heading of the portal's.
    assert not event.quotes.filter(group=None).exists()
    assert [group.quotes.count() for group in event.quote_groups.all()] == [5, 1, 2, 3, 7, 6, 2, 4]
    # No format or date the original does not give.
    assert not event.format
    assert not event.publication_date


def test_a_practice_example_keeps_its_labels_and_lists(event):
    body = body_of(event)
    # The example itself, after the Lernkarussell's list that names it.
    essen = body[body.rindex("Förderfonds bürgerschaftliches Engagement") :]
    essen = essen[: essen.index("</article>")]
    assert re.search(r"<p>Ziele</p>\s*<ul><li>breite Vielfalt von Tätigkeitsfeldern", essen)
    assert re.search(r"<p>Bereiche</p>\s*<ul><li>Aufwandsentschädigungen", essen)
    assert "–" not in between(essen, "<p>Ziele</p>", "Ansprechperson")

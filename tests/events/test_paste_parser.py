"""The paste's parsers: bullets from Word, PDF, e-mail and flipcharts; points from spreadsheets."""

from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from engagement_portal.lib.bullets import (
    SYMBOL_FONT,
    Bullet,
    CountLine,
    parse_bullets,
    parse_counts,
)
from events.importer import documentation_load


def texts(bullets: list[Bullet]) -> list[str]:
    return [b.text for b in bullets]


def tree(bullets: list[Bullet]) -> list:
    return [(b.text, tree(b.children)) if b.children else b.text for b in bullets]


# -- Issue 14's examples: content that looks like a mark ------------------------------------------

ISSUE_EXAMPLES = [
    ("1. FC Köln", "1. FC Köln"),
    ("- 2. Engagementforum", "2. Engagementforum"),
    (
        "10. Mai 2022: Auftaktveranstaltung im Rathaus",
        "10. Mai 2022: Auftaktveranstaltung im Rathaus",
    ),
    ("A. Müller: Wir brauchen mehr Treffpunkte", "A. Müller: Wir brauchen mehr Treffpunkte"),
    ("-5 °C beim Stadtteilfest", "-5 °C beim Stadtteilfest"),
    ("> 50 % der Vereine", "> 50 % der Vereine"),
    ("a) b) c)", "a) b) c)"),
    ("\uf0b7\tEhrenamt anerkennen", "Ehrenamt anerkennen"),
]


@pytest.mark.parametrize("pasted, content", ISSUE_EXAMPLES)
def test_each_example_of_the_issue_keeps_its_content(pasted, content):
    assert texts(parse_bullets(pasted)) == [content]


@pytest.mark.parametrize("mark", ["- ", "• ", "\uf0b7\t", "–\t", "* "])
def test_the_examples_keep_their_content_in_a_list(mark):
    contents = [content for _, content in ISSUE_EXAMPLES]
    pasted = "\n".join(mark + content for content in contents)
    assert texts(parse_bullets(pasted)) == contents


def test_the_examples_keep_their_content_in_a_numbered_list():
    contents = [content for _, content in ISSUE_EXAMPLES]
    pasted = "\n".join(f"{n}. {content}" for n, content in enumerate(contents, start=1))
    assert texts(parse_bullets(pasted)) == contents


# -- Marks ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "mark",
    [
        "- ",
        "-\t",
        "– ",
        "— ",
        "* ",
        "• ",
        "•",
        "◦ ",
        "▪ ",
        "● ",
        "· ",
        "➢ ",
        "o ",
        "o\t",
        "\uf0b7\t",
        "\uf0b7",
        "\uf0a7\t",
        "\uf076 ",
        "\uf0d8\t",
        "\uf0fc\t",
    ],
)
def test_marks_from_word_pdf_and_email_are_taken_off(mark):
    assert texts(parse_bullets(mark + "Ehrenamt anerkennen")) == ["Ehrenamt anerkennen"]


def test_it_strips_bullet_marks_and_numbering():
    text = "- eins\n• zwei\n* drei\no vier\n1. fünf\n2. sechs\n– sieben"
    assert texts(parse_bullets(text)) == ["eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben"]


def test_a_sign_glued_to_a_number_is_content_and_a_dash_with_a_space_is_a_mark():
    assert texts(parse_bullets("-5 °C\n- 5 °C\n- -5 °C\n*wichtig*\n+ gute Vernetzung")) == [
        "-5 °C",
        "5 °C",
        "-5 °C",
        "*wichtig*",
        "+ gute Vernetzung",
    ]


def test_only_one_mark_is_taken_off():
    assert texts(parse_bullets("- • Text\n• - Text")) == ["• Text", "- Text"]


def test_a_number_followed_by_a_mark_goes_with_it():
    assert texts(parse_bullets("1. - Auftakt\n7) • Abschluss")) == ["Auftakt", "Abschluss"]


def test_a_symbol_font_character_inside_a_line_shows_as_its_symbol():
    assert texts(parse_bullets("\uf0b7\tHagen \uf0e0 Dortmund \uf0fc")) == ["Hagen → Dortmund ✓"]


def test_words_starting_with_o_keep_their_o():
    assert texts(parse_bullets("offene Fragen klären\no. g. Maßnahmen")) == [
        "offene Fragen klären",
        "o. g. Maßnahmen",
    ]


# -- Numbering ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "numbers",
    [
        ["1.", "2.", "3."],
        ["1)", "2)", "3)"],
        ["(1)", "(2)", "(3)"],
        ["a)", "b)", "c)"],
        ["a.", "b.", "c."],
        ["A.", "B.", "C."],
        ["(a)", "(b)", "(c)"],
        ["i.", "ii.", "iii."],
        ["I)", "II)", "III)"],
        ["1.\t", "2.\t", "3.\t"],
    ],
)
def test_a_numbering_that_counts_from_the_first_is_taken_off(numbers):
    pasted = "\n".join(f"{n} Punkt {k}" for k, n in enumerate(numbers)).replace("\t ", "\t")
    assert texts(parse_bullets(pasted)) == ["Punkt 0", "Punkt 1", "Punkt 2"]


def test_an_empty_numbered_item_does_not_break_the_count():
    assert texts(parse_bullets("1. Ziele\n2.\n3. Wege")) == ["Ziele", "Wege"]
    assert texts(parse_bullets("1.")) == ["1."]


def test_a_long_lettered_list_goes_on_past_i():
    letters = "abcdefghijkl"
    pasted = "\n".join(f"{letter}) {letter.upper()}-Thema" for letter in letters)
    assert texts(parse_bullets(pasted)) == [f"{letter.upper()}-Thema" for letter in letters]


@pytest.mark.parametrize(
    "pasted",
    [
        "2. Engagementforum\n3. Engagementforum",  # does not start at the first
        "1. FC Köln\n3. Liga",  # does not continue
        "1. Sitzung\n2) Sitzung",  # two styles
        "1. Mai: Kundgebung\n2. Mai: Aufräumen",  # dates
        "3.1 Engagement anerkennen\n3.2 Engagement fördern",  # decimal numbering
        "1.000 Gäste\n2.000 Gäste",
    ],
)
def test_numbers_that_are_not_a_list_s_numbering_stay(pasted):
    assert texts(parse_bullets(pasted)) == pasted.split("\n")


def test_numbers_that_count_one_word_are_ordinals_and_stay():
    pasted = "1. Schritt: Arbeitsgruppe gründen\n2. Schritt: Technik\n3. Schritt: Daten pflegen"
    assert texts(parse_bullets(pasted)) == pasted.split("\n")
    assert texts(parse_bullets("1. Sitzung im Rathaus\n2. Sitzung online")) == [
        "1. Sitzung im Rathaus",
        "2. Sitzung online",
    ]


def test_a_list_whose_items_start_with_one_article_or_numbered_word_loses_its_numbers():
    assert texts(parse_bullets("1. Die Stadt lädt ein\n2. Die Vereine planen")) == [
        "Die Stadt lädt ein",
        "Die Vereine planen",
    ]
    assert texts(parse_bullets("1.\tHandlungsfeld 4: Öffnung\n2.\tHandlungsfeld 5: Teilhabe")) == [
        "Handlungsfeld 4: Öffnung",
        "Handlungsfeld 5: Teilhabe",
    ]


def test_a_tab_inside_a_line_becomes_a_space():
    assert texts(parse_bullets("Zukunftsräte\t17 Punkte\n1.\tFC Köln")) == [
        "Zukunftsräte 17 Punkte",
        "1. FC Köln",
    ]


def test_initials_stay_unless_the_block_letters_its_items():
    assert texts(parse_bullets("A. Müller: ja\nC. Weber: nein")) == [
        "A. Müller: ja",
        "C. Weber: nein",
    ]
    assert texts(parse_bullets("A. Ziele\nB. Wege\nC. Mittel")) == ["Ziele", "Wege", "Mittel"]


def test_numbering_restarts_under_each_parent():
    pasted = "1. Ziele\n    1. Teilhabe\n    2. Anerkennung\n2. Wege\n    1. Beratung\n    2. Geld"
    assert tree(parse_bullets(pasted)) == [
        ("Ziele", ["Teilhabe", "Anerkennung"]),
        ("Wege", ["Beratung", "Geld"]),
    ]


def test_a_change_of_numbering_style_gives_a_level_when_indentation_was_lost():
    pasted = "1. Ziele\na) Teilhabe\nb) Anerkennung\ni. vor Ort\nii. digital\nc) Geld\n2. Wege"
    assert tree(parse_bullets(pasted)) == [
        ("Ziele", ["Teilhabe", ("Anerkennung", ["vor Ort", "digital"]), "Geld"]),
        "Wege",
    ]


def test_a_line_with_another_mark_stays_at_the_level_of_the_line_above():
    pasted = "1. Ziele\n• Teilhabe\n2. Wege\na) Beratung\nb) Geld\n• Räume"
    assert tree(parse_bullets(pasted)) == [
        "Ziele",
        "Teilhabe",
        ("Wege", ["Beratung", "Geld", "Räume"]),
    ]


# -- Levels, lines and invisible characters -------------------------------------------------------


def test_indented_lines_become_sub_bullets():
    text = (
        "- Diskriminierung:\n    - im Alltag\n    - in Behörden\n        o am Schalter\n"
        "- Anerkennung"
    )
    assert tree(parse_bullets(text)) == [
        ("Diskriminierung:", ["im Alltag", ("in Behörden", ["am Schalter"])]),
        "Anerkennung",
    ]


def test_tabs_count_as_indentation():
    roots = parse_bullets("Oben\n\tUnten")
    assert roots[0].children[0].text == "Unten"


def test_word_s_levels_with_tabs_and_symbol_font_bullets():
    pasted = "\uf0b7\tEngagement\r\n\to\tim Quartier\r\n\t\t\uf0a7\tTreffpunkte\r\n\uf0b7\tRäume"
    assert tree(parse_bullets(pasted)) == [
        ("Engagement", [("im Quartier", ["Treffpunkte"])]),
        "Räume",
    ]


def test_line_ends_spaces_and_invisible_characters():
    pasted = (
        "\ufeff- eins\r\n\r\n-\u00a0zwei\r\u00a0\u00a0\u00a0\u00a0- drei\u200b\n\x0c"
        "- vier\u2060zig\u00a0%"
    )
    assert tree(parse_bullets(pasted)) == ["eins", ("zwei", ["drei"]), "vierzig\u00a0%"]


def test_a_pdf_line_break_inside_a_sentence_continues_the_item():
    pasted = (
        "• Mehr Anerkennung für Ehrenamtliche in\nden Vereinen und Initiativen\n• Räume im Quartier"
    )
    assert texts(parse_bullets(pasted)) == [
        "Mehr Anerkennung für Ehrenamtliche in den Vereinen und Initiativen",
        "Räume im Quartier",
    ]


def test_an_e_mail_s_hanging_indent_continues_the_item():
    pasted = "- Mehr Anerkennung für Ehrenamtliche\n  Vereine und Initiativen\n- Räume"
    assert texts(parse_bullets(pasted)) == [
        "Mehr Anerkennung für Ehrenamtliche Vereine und Initiativen",
        "Räume",
    ]


def test_a_capitalised_line_or_one_after_an_empty_line_is_an_item_of_its_own():
    pasted = "- Treffpunkte\nWas läuft nicht gut?\n- Räume\n\nfehlende Zeit"
    assert texts(parse_bullets(pasted)) == [
        "Treffpunkte",
        "Was läuft nicht gut?",
        "Räume",
        "fehlende Zeit",
    ]


def test_a_paste_without_marks_makes_one_item_per_line():
    assert texts(parse_bullets("Treffpunkte\nim Quartier\nräume")) == [
        "Treffpunkte",
        "im Quartier",
        "räume",
    ]


DEMO = sorted((Path(settings.BASE_DIR) / "demo" / "documentations").glob("*.yaml"))


def demo_lists():
    """Every list of bullets in the five demo documentations (results, additions, sub-bullets)."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("contributions", "recommendation_additions", "children") and value:
                    found.append(value)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in DEMO:
        walk(documentation_load(path))
    return found


DEMO_MARKS = {
    "dashes": lambda depth, position, count: "- ",
    "word": lambda depth, position, count: ["\uf0b7\t", "o\t", "\uf0a7\t"][depth % 3],
    "numbers": lambda depth, position, count: f"{position}.\t" if count > 1 else "- ",
    "plain": lambda depth, position, count: "",
}


@pytest.mark.parametrize("marks", sorted(DEMO_MARKS))
def test_every_list_of_the_demo_documentations_comes_back_as_pasted(marks):
    def items(values):
        return [(v["text"].strip(), items(v.get("children") or [])) for v in values]

    lists = demo_lists()
    assert len(lists) > 40
    for values in lists:
        pasted = "\n".join(render(items(values), DEMO_MARKS[marks], "\t"))
        got, want = tree(parse_bullets(pasted)), as_tree(items(values))
        assert got == want


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t\n", "-\n•\n", "\uf0b7\n\u200b", None])
def test_empty_and_whitespace_input_is_refused(text):
    with pytest.raises(ValidationError) as error:
        parse_bullets(text)
    assert "mindestens einen Stichpunkt" in str(error.value)


# -- Properties -----------------------------------------------------------------------------------

WORDS = [
    "Engagement",
    "Ehrenamt",
    "Anerkennung",
    "Köln",
    "Straße",
    "Bürger*innen",
    "Übergänge",
    "im",
    "und",
    "für",
    "2022",
    "10. Mai 2022",
    "1. FC Köln",
    "A. Müller:",
    "-5 °C",
    "> 50 %",
    "a) b) c)",
    "2. Engagementforum",
    "3.1",
    "1.000",
    "z. B.",
    "(Ü50)",
    "§ 3",
    "50\u00a0%",
    "+",
    "–",
    "→",
    "o. g.",
    "i.",
    "€",
]
# Words that may start an item of a paste without marks: a leading number could count 1, 2.
PLAIN_START = [w for w in WORDS if w[0].isalpha() and w not in ("o. g.", "i.", "a) b) c)")]
MARKS_START = [w for w in WORDS if w not in ("–",)]


def contents(first_words):
    return st.builds(
        lambda first, rest: " ".join([first, *rest]),
        st.sampled_from(first_words),
        st.lists(st.sampled_from(WORDS), max_size=6),
    )


def trees(first_words, min_siblings):
    def level(depth):
        child = st.just([]) if depth == 2 else level(depth + 1)
        # Siblings start with different words: "1. Schritt", "2. Schritt" would be ordinals.
        items = st.lists(
            st.tuples(contents(first_words), child),
            min_size=min_siblings,
            max_size=4,
            unique_by=lambda item: item[0].split()[0].rstrip(":,."),
        )
        return items if depth == 0 else st.one_of(st.just([]), items)

    return level(0)


BULLETS = {
    "dashes": ["- ", "- ", "- "],
    "word": ["\uf0b7\t", "o\t", "\uf0a7\t"],
    "unicode": ["• ", "◦ ", "▪ "],
    "en dashes": ["– ", "* ", "– "],
}
NUMBERS = [
    lambda n: f"{n}. ",
    lambda n: f"{'abcdefghij'[n - 1]}) ",
    lambda n: f"{'i ii iii iv'.split()[n - 1]}. ",
]
INDENTS = ["    ", "\t", "  ", "\u00a0\u00a0\u00a0"]


def render(items, mark, indent, depth=0) -> list[str]:
    lines = []
    for position, (text, children) in enumerate(items, start=1):
        prefix = mark(depth, position, len(items))
        lines.append(indent * depth + prefix + text)
        lines += render(children, mark, indent, depth + 1)
    return lines


def as_tree(items):
    return [(text, as_tree(children)) if children else text for text, children in items]


@hypothesis_settings(max_examples=300, deadline=None)
@given(
    trees(MARKS_START, 1),
    st.sampled_from(sorted(BULLETS)),
    st.sampled_from(INDENTS),
    st.sampled_from(["\n", "\r\n", "\n\n"]),
)
def test_a_bulleted_tree_comes_back_with_every_character(items, marks, indent, line_end):
    def mark(depth, position, count):
        return BULLETS[marks][depth]

    pasted = line_end.join(render(items, mark, indent))
    assert tree(parse_bullets(pasted)) == as_tree(items)


@hypothesis_settings(max_examples=200, deadline=None)
@given(trees(MARKS_START, 1), st.sampled_from(INDENTS))
def test_a_numbered_tree_comes_back_with_every_character(items, indent):
    def mark(depth, position, count):
        # A one-item list is written with a dash: its "1." would stay (it might be content).
        return NUMBERS[depth](position) if count > 1 else "- "

    assert tree(parse_bullets("\n".join(render(items, mark, indent)))) == as_tree(items)


@hypothesis_settings(max_examples=200, deadline=None)
@given(trees(MARKS_START, 2))
def test_a_numbered_tree_without_indentation_comes_back_from_its_numbering_styles(items):
    def mark(depth, position, count):
        return NUMBERS[depth](position)

    assert tree(parse_bullets("\n".join(render(items, mark, "")))) == as_tree(items)


@hypothesis_settings(max_examples=200, deadline=None)
@given(trees(PLAIN_START, 1), st.sampled_from(INDENTS))
def test_an_indented_tree_without_marks_comes_back(items, indent):
    def mark(depth, position, count):
        return ""

    assert tree(parse_bullets("\n".join(render(items, mark, indent)))) == as_tree(items)


MARK_CHARACTERS = set("•◦▪▫■□●○◆◇❖➢➤►▸‣⁃∙·-–—*o.()0123456789")
MARK_CHARACTERS |= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
# A Symbol-font character inside a line shows as its symbol; at the start it is a mark.
MARK_CHARACTERS |= set(SYMBOL_FONT.values())
PASTE_ALPHABET = st.sampled_from(
    list("aäbcCdiIvVxoOß 1029.,:;)(-–—*+>•◦▪·°%€→\t\n\r\u00a0\u200b\ufeff\uf0b7\uf0a7\uf0e0\ue123")
)


def visible(text: str) -> str:
    return "".join(c for c in text if not c.isspace() and c not in "\u200b\ufeff")


def flat(bullets: list[Bullet]):
    for bullet in bullets:
        yield bullet.text
        yield from flat(bullet.children)


@hypothesis_settings(max_examples=500, deadline=None)
@given(st.text(PASTE_ALPHABET, max_size=120) | st.text(max_size=60))
def test_parsing_and_joining_again_loses_no_character_of_content(pasted):
    """Every character of the input that is not a mark or a space comes back, in order."""
    try:
        bullets = parse_bullets(pasted)
    except ValidationError:
        bullets = []
    source = visible(pasted.translate(str.maketrans(SYMBOL_FONT)))
    joined = visible("".join(flat(bullets)))
    remaining = iter(source)
    assert all(character in remaining for character in joined), "output is not in input order"
    lost = Counter(source) - Counter(joined)
    assert all(c in MARK_CHARACTERS or "\ue000" <= c <= "\uf8ff" for c in lost), lost
    # Marks sit at the start of a line: what is lost is at most a few characters a line.
    # The longest: "(lxxviii)" and a bullet after it.
    assert sum(lost.values()) <= 10 * (pasted.count("\n") + pasted.count("\r") + 1)


# -- Points pasted from a spreadsheet -------------------------------------------------------------


def test_points_pasted_from_a_spreadsheet_with_its_heading_row():
    pasted = "Handlungsempfehlung\tPunkte\r\nZukunftsräte\t17\r\nEhrenamtskarte\t0\r\n"
    assert parse_counts(pasted) == [CountLine("Zukunftsräte", 17), CountLine("Ehrenamtskarte", 0)]


@pytest.mark.parametrize(
    "line, pair",
    [
        ("Zukunftsräte\t17", ("Zukunftsräte", 17)),
        ("3.1\tEngagement anerkennen\t12", ("3.1 Engagement anerkennen", 12)),
        ("\tZukunftsräte\t17\t", ("Zukunftsräte", 17)),
        ("Zukunftsräte;17", ("Zukunftsräte", 17)),
        ("Zukunftsräte; 17 ", ("Zukunftsräte", 17)),
        ("Agenda 2030  5", ("Agenda 2030", 5)),
        ("Zukunftsräte (17 Punkte)", ("Zukunftsräte", 17)),
        ("Zukunftsräte 1 Punkt", ("Zukunftsräte", 1)),
        ("Bürgerhaushalt\t1.000", ("Bürgerhaushalt", 1000)),
        ("Bürgerhaushalt\t1\u00a0000", ("Bürgerhaushalt", 1000)),
        ("Bürgerhaushalt\t12,0", ("Bürgerhaushalt", 12)),
    ],
)
def test_title_and_points_are_read_from_each_way_of_writing_them(line, pair):
    assert parse_counts(line) == [pair]


@pytest.mark.parametrize(
    "line, message",
    [
        ("Zukunftsräte\t-3", "Zeile 2: Punkte können nicht negativ sein („-3“)."),
        ("Zukunftsräte\t1,5", "Zeile 2: „1,5“ ist keine ganze Zahl von Punkten"),
        ("Zukunftsräte\t1.5", "Zeile 2: „1.5“ ist keine ganze Zahl von Punkten"),
        ("Zukunftsräte\tviele", "Zeile 2: „viele“ ist keine ganze Zahl von Punkten"),
        ("Zukunftsräte 17", "Zeile 2: keine Punkte gefunden"),
        ("Zukunftsräte\t", "Zeile 2: keine Punkte gefunden"),
        ("\t17", "Zeile 2: der Titel fehlt."),
        ("Zukunftsräte\t5000000", "Zeile 2: „5000000“ sind zu viele Punkte."),
    ],
)
def test_a_wrong_line_is_refused_by_its_number(line, message):
    with pytest.raises(ValidationError) as error:
        parse_counts("Ehrenamtskarte\t3\n" + line + "\nRäume\t2")
    assert len(error.value.messages) == 1
    assert error.value.messages[0].startswith(message)


def test_every_wrong_line_is_named():
    with pytest.raises(ValidationError) as error:
        parse_counts("A\t-1\nB\t2\nC\tzwei")
    assert [m[:7] for m in error.value.messages] == ["Zeile 1", "Zeile 3"]


@pytest.mark.parametrize("text", ["", " \n\t\n", "Titel\tPunkte"])
def test_points_without_a_line_are_refused(text):
    with pytest.raises(ValidationError, match="mindestens eine Zeile"):
        parse_counts(text)


TITLES = st.lists(
    st.sampled_from(WORDS[:9] + ["Agenda 2030", "3.1", "(Ü50)"]), min_size=1, max_size=5
)


@hypothesis_settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(TITLES.map(" ".join), st.integers(0, 1_000_000)), min_size=1, max_size=20),
    st.sampled_from(["\t{}", ";{}", "  {}", " ({} Punkte)"]),
    st.booleans(),
)
def test_pasted_points_come_back(pairs, separator, thousands):
    def written(points):
        return f"{points:,}".replace(",", ".") if thousands else str(points)

    pasted = "\n".join(title + separator.format(written(points)) for title, points in pairs)
    assert parse_counts(pasted) == pairs

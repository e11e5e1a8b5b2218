"""Turn pasted bullets (from Word, PDF, e-mail, a flipchart's transcript) into a tree of texts,
and pasted "title ⇥ points" lines (from a spreadsheet) into pairs.

The bullets rule keeps every character of content; only marks, indentation and line breaks go.

- One item per line. Empty lines, Windows and old Mac line ends, a page break (form feed) from a
  PDF, and the invisible zero-width space, word joiner and byte order mark are ignored.
- Levels come from indentation: a line indented deeper than the line above is a sub-item of it.
  Tabs count as four spaces; non-breaking and other wide spaces at the start count as spaces.
- Symbol marks are always taken off at the start of a line, with or without a space after them:
  ``• ◦ ▪ ▫ ■ □ ● ○ ◆ ◇ ❖ ➢ ➤ ► ▸ ‣ ⁃ ∙ ·`` and every character of Unicode's private use area
  (Word and PDF write bullets in the Symbol or Wingdings font as U+F0B7, U+F0A7, U+F076,
  U+F0D8 …). Inside a line a Symbol-font character becomes its visible equivalent (U+F0B7 → •)
  instead of an empty box.
- Dash marks ``-  –  —  *`` and Word's second-level ``o`` are marks only when a space or tab
  follows: "- 5 °C" is the item "5 °C", while "-5 °C" (a minus sign) and "*wichtig*" are content.
  ``>`` and ``+`` are always content ("> 50 %", "+ gute Vernetzung"), and so is ``→``.
- Numbering ("1." "2)" "(3)" "a)" "b." "A." "i." "IV)") is a mark only where it says nothing but
  the order: when at least two items of the same level (same indentation, same parent) are
  numbered 1, 2, 3 … (a, b, c …; i, ii, iii …) in the same style, starting at the first. Then the
  order of the items keeps what the numbers said, so taking them off loses nothing. A single
  "1. FC Köln", "10. Mai 2022" or "A. Müller: …", a number that does not continue a sequence, and
  decimal numbers ("3.1 Engagement anerkennen", "1.000 Gäste") stay as they are; a number
  followed by a month ("1. Mai", "2. Okt.") is a date and stays even in a sequence, and so do
  numbers that count one word ("1. Schritt: …", "2. Schritt: …": ordinals, as in the Hagen
  documentation), unless that word is an article or has a number of its own after it
  ("1. Handlungsfeld 4: …"). A number followed by a symbol or dash mark ("1. - Text") is taken
  off with it. Tabs inside a line become spaces.
- Only one mark is taken off (a number and the symbol after it count as one): "- 2. Engagementforum"
  is "2. Engagementforum", "- -5 °C" is "-5 °C", "a) b) c)" stays "a) b) c)".
- When the indentation was lost (a PDF copy), a change of numbering style gives a level:
  "1. Ziele / a) Teilhabe / b) Anerkennung / 2. Wege" makes a) and b) sub-items of 1.
  Lines with another mark or none at that indentation stay at the level of the line above.
- A line without a mark directly under an item with a mark (no empty line between) continues
  that item, joined with a space, when it starts at the item's text column (an e-mail's hanging
  indent) or, at the item's own indentation, with a small letter (a PDF's line break inside a
  sentence). Any other line without a mark is an item of its own; a paste without any mark makes
  one item per line.
"""

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u180e"))

# Word's Symbol and Wingdings fonts: the private-use characters they paste, and what they show.
SYMBOL_FONT = {
    "\uf0b7": "•",
    "\uf0a7": "▪",
    "\uf06c": "●",
    "\uf06e": "■",
    "\uf0a8": "□",
    "\uf071": "❑",
    "\uf076": "❖",
    "\uf0d8": "➢",
    "\uf0e0": "→",
    "\uf0e8": "➔",
    "\uf0fc": "✓",
    "\uf0fb": "✗",
    "\uf0d7": "⯈",
    "\uf02d": "-",
}
_SYMBOL_FONT_TABLE = str.maketrans(SYMBOL_FONT)
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")

_SYMBOL_MARKS = "•◦▪▫■□●○◆◇❖➢➤►▸‣⁃∙·"
_SYMBOL = re.compile(rf"[{_SYMBOL_MARKS}\ue000-\uf8ff]\s*")
_DASH = re.compile(r"(?:[-–—*]|o(?=\s))(?:\s+|$)")

_MONTHS = (
    "Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
    "|Jan|Feb|Mär|Mrz|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Nov|Dez"
)
_NUMBER = re.compile(
    r"""(?:
        \((?P<inner>\d{1,3}|[a-zA-Z]|[ivxlc]{1,7}|[IVXLC]{1,7})\)
      | (?P<value>\d{1,3}|[a-zA-Z]|[ivxlc]{1,7}|[IVXLC]{1,7})(?P<delimiter>[.)])
    )(?:\s+(?=\S)|\s*$)""",
    re.VERBOSE,
)
_DATE = re.compile(rf"\d{{1,2}}\.\s+(?:{_MONTHS})\b")

_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def _roman(letters: str) -> int | None:
    """The value of a lower-case roman numeral written the usual way, else None."""
    if not letters or any(c not in _ROMAN for c in letters):
        return None
    values = [_ROMAN[c] for c in letters]
    total = 0
    for position, value in enumerate(values):
        if position + 1 < len(values) and value < values[position + 1]:
            total -= value
        else:
            total += value
    return total if _to_roman(total) == letters else None


def _to_roman(number: int) -> str:
    out = ""
    for value, letters in (
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while number >= value:
            out += letters
            number -= value
    return out


@dataclass
class Bullet:
    text: str
    children: list["Bullet"] = field(default_factory=list)

    def count(self) -> int:
        return 1 + sum(child.count() for child in self.children)


@dataclass
class _Line:
    indent: int  # in columns, a tab up to the next multiple of four
    lead: str  # the indentation as pasted
    text: str  # the line without its indentation
    after_blank: bool
    # A numbering candidate: its styles with the value in each, and where the content starts.
    styles: dict[str, int] = field(default_factory=dict)
    number_end: int = 0
    numbered: str | None = None  # the style of a confirmed sequence


def _numbering(text: str) -> tuple[dict[str, int], int]:
    """The styles and values a leading number could have ("i." is roman 1 or letter 9)."""
    match = _NUMBER.match(text)
    if not match or _DATE.match(text):
        return {}, 0
    if match["inner"]:
        token, delimiter = match["inner"], "()"
    else:
        token, delimiter = match["value"], match["delimiter"]
    styles: dict[str, int] = {}
    if token.isdigit():
        styles["1" + delimiter] = int(token)
    else:
        if len(token) == 1:
            case = "a" if token.islower() else "A"
            styles[case + delimiter] = ord(token.lower()) - ord("a") + 1
        value = _roman(token.lower())
        if value:
            styles[("i" if token.islower() else "I") + delimiter] = value
    return styles, match.end()


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    blank = False
    for raw in (text or "").translate(_INVISIBLE).splitlines():
        content = raw.lstrip()
        if not content:
            blank = True
            continue
        lead = raw[: len(raw) - len(content)]
        line = _Line(
            indent=len(lead.expandtabs(4)), lead=lead, text=content.rstrip(), after_blank=blank
        )
        line.styles, line.number_end = _numbering(line.text)
        lines.append(line)
        blank = False
    return lines


def _confirm_sequences(lines: list[_Line]) -> None:
    """Mark the numbered lines that count 1, 2, 3 … among the items of one level."""
    parents: list[int] = []  # indices of the lines still open as parents, by indentation
    runs: dict[tuple[int, int, str], list[int]] = {}
    finished: list[tuple[str, list[int]]] = []
    for index, line in enumerate(lines):
        while parents and lines[parents[-1]].indent >= line.indent:
            parents.pop()
        scope = (parents[-1] if parents else -1, line.indent)
        for style, value in line.styles.items():
            run = runs.get((*scope, style))
            if run and lines[run[-1]].styles[style] + 1 == value:
                run.append(index)
            elif value == 1:
                if run:
                    finished.append((style, run))
                runs[(*scope, style)] = [index]
        parents.append(index)
    finished.extend((key[2], run) for key, run in runs.items())
    for style, run in finished:
        if len(run) < 2 or _counts_one_word([lines[index] for index in run]):
            continue
        for index in run:
            if lines[index].numbered is None:
                lines[index].numbered = style


_ARTICLES = {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "einem", "einen"}


def _counts_one_word(lines: list[_Line]) -> bool:
    """Whether numbered items are ordinals of one word ("1. Schritt: …", "2. Schritt: …").

    Not when the word is an article ("1. Die Stadt …") or has a number of its own after it
    ("1. Handlungsfeld 4: …"): then the numbers are the list's.
    """
    first_words = set()
    for line in lines:
        words = line.text[line.number_end :].split(maxsplit=2)
        if not words or words[0].lower() in _ARTICLES:
            return False
        if len(words) > 1 and words[1][0].isdigit():
            return False
        first_words.add(words[0].rstrip(":,."))
    return len(first_words) == 1


def _strip_mark(line: _Line) -> tuple[str, int]:
    """The line's content without its mark, and where in the line it starts (0: no mark)."""
    text = line.text
    if line.styles:
        after = text[line.number_end :]
        following = _SYMBOL.match(after) or _DASH.match(after)
        if line.numbered or following:
            start = line.number_end + (following.end() if following else 0)
            return text[start:], start
        return text, 0
    mark = _SYMBOL.match(text) or _DASH.match(text)
    if mark:
        return text[mark.end() :], mark.end()
    return text, 0


def parse_bullets(text: str) -> list[Bullet]:
    """Parse pasted bullets (the rule is in the module's docstring).

    Raises ValidationError when no item is there.
    """
    lines = _lines(text)
    _confirm_sequences(lines)
    parsed = []
    for line in lines:
        content, start = _strip_mark(line)
        content = content.strip().replace("\t", " ")
        if _PRIVATE_USE.search(content):
            content = content.translate(_SYMBOL_FONT_TABLE)
        parsed.append((line, content, start))
    any_mark = any(start for _, _, start in parsed)

    roots: list[Bullet] = []
    stack: list[tuple[int, str | None, Bullet]] = []  # open items: indentation, numbering style
    # The last item with a mark, while lines may continue it: indentation, text column, parts.
    open_item: tuple[int, int, list[str]] | None = None
    continued: list[tuple[Bullet, list[str]]] = []
    for line, content, start in parsed:
        if not content:
            open_item = None
            continue
        if start == 0 and any_mark and open_item and not line.after_blank:
            indent, column, parts = open_item
            if line.indent == column or (line.indent == indent and content[0].islower()):
                parts.append(content)
                continue
        bullet = Bullet(content)
        style = line.numbered
        while stack and stack[-1][0] > line.indent:
            stack.pop()
        same_level = [entry for entry in stack if entry[0] == line.indent]
        if style and any(entry[1] == style for entry in same_level):
            while stack[-1][1] != style or stack[-1][0] != line.indent:
                stack.pop()
            stack.pop()
        elif stack and stack[-1][0] == line.indent and not (style and stack[-1][1]):
            stack.pop()
        if stack:
            stack[-1][2].children.append(bullet)
        else:
            roots.append(bullet)
        stack.append((line.indent, style, bullet))
        open_item = None
        if start:
            column = len((line.lead + line.text[:start]).expandtabs(4))
            open_item = (line.indent, column, [content])
            continued.append((bullet, open_item[2]))
    for bullet, parts in continued:
        bullet.text = " ".join(parts)
    if not roots:
        raise ValidationError(
            _("Bitte mindestens einen Stichpunkt einfügen (eine Zeile je Punkt)."),
            code="empty",
        )
    return roots


def create_tree(bullets: list[Bullet], make, first_order: int = 1) -> list:
    """Create one object per bullet, depth first, by calling make(bullet, parent, order)."""
    created: list = []
    order = first_order

    def add(bullet: Bullet, parent) -> None:
        nonlocal order
        obj = make(bullet, parent, order)
        order += 1
        created.append(obj)
        for child in bullet.children:
            add(child, obj)

    for bullet in bullets:
        add(bullet, None)
    return created


class CountLine(NamedTuple):
    title: str
    points: int


MAX_POINTS = 1_000_000

_POINTS_WORDS = ("Punkt", "Punkte", "Pkt", "Pkt.")


def _title_and_points(line: str) -> tuple[str, str]:
    """Split "Titel (17 Punkte)", "Titel 17 Punkte" or "Titel  17"; points "" when none is there.

    Plain string operations from the end, so that a long line costs no more than its length.
    """
    if line.endswith(")") and "(" in line:
        title, _paren, inside = line[:-1].rpartition("(")
        words = inside.split()
        if len(words) == 2 and words[1] in _POINTS_WORDS:
            return title, words[0]
    words = line.rsplit(None, 2)
    if len(words) == 3 and words[2] in _POINTS_WORDS:
        return words[0], words[1]
    if len(words) >= 2:
        points = words[-1]
        title = line[: -len(points)]
        if len(title) - len(title.rstrip()) >= 2:
            return title, points
    return line, ""


_INTEGER = re.compile(r"\d{1,3}(?:[.\u00a0\u202f ]\d{3})+(?:,0+)?|\d+(?:,0+)?")


def _points(raw: str) -> int | None:
    """An integer count written as a spreadsheet shows it ("17", "1.000", "12,0"), else None."""
    raw = raw.strip()
    if not _INTEGER.fullmatch(raw):
        return None
    return int(re.sub(r"\D", "", raw.split(",")[0]))


def parse_counts(text: str) -> list[CountLine]:
    """Parse pasted "title ⇥ points" lines, one per line, into (title, points) pairs.

    Title and points are separated by a tab (cells copied from a spreadsheet; more cells before
    the last make one title, joined by spaces), a semicolon ("Titel; 17", a CSV line), two or more
    spaces ("Titel  17"), or the points written out ("Titel (17 Punkte)", "Titel 17 Punkte").
    Points are whole numbers from 0, with a dot or space between thousands ("1.000") and ",0"
    allowed. A first line whose points hold no digit is the table's heading and is skipped.
    Raises ValidationError with one message per wrong line, naming it by its number.
    """
    pairs: list[CountLine] = []
    errors: list[ValidationError] = []
    first = True
    for number, raw in enumerate((text or "").translate(_INVISIBLE).splitlines(), start=1):
        if not raw.strip():
            continue
        if "\t" in raw.rstrip():
            cells = [cell.strip() for cell in raw.rstrip().split("\t")]
            title, points = " ".join(cell for cell in cells[:-1] if cell), cells[-1]
        elif ";" in raw:
            title, _separator, points = raw.rpartition(";")
        else:
            title, points = _title_and_points(raw.strip())
        title, points = title.strip(), points.strip()
        is_first, first = first, False
        if is_first and title and points and not any(c.isdigit() for c in points):
            continue  # the heading row of the table
        problem = None
        value = _points(points)
        if not points:
            problem = _(
                "Zeile %(line)d: keine Punkte gefunden. Bitte Titel und Punkte durch einen "
                "Tabulator (aus der Tabelle kopiert) oder ein Semikolon trennen: „Titel; 17“."
            )
        elif not title:
            problem = _("Zeile %(line)d: der Titel fehlt.")
        elif points.lstrip().startswith(("-", "−", "–")):
            problem = _("Zeile %(line)d: Punkte können nicht negativ sein („%(points)s“).")
        elif value is None:
            problem = _(
                "Zeile %(line)d: „%(points)s“ ist keine ganze Zahl von Punkten "
                "(z. B. 17 oder 1.000)."
            )
        elif value > MAX_POINTS:
            problem = _("Zeile %(line)d: „%(points)s“ sind zu viele Punkte.")
        if problem:
            errors.append(
                ValidationError(problem, code="invalid", params={"line": number, "points": points})
            )
        else:
            pairs.append(CountLine(title, value))
    if errors:
        raise ValidationError(errors)
    if not pairs:
        raise ValidationError(
            _("Bitte mindestens eine Zeile „Titel ⇥ Punkte“ einfügen."), code="empty"
        )
    return pairs

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from engagement_portal.lib.bullets import parse_bullets


def test_it_strips_bullet_marks_and_numbering():
    text = "- eins\n• zwei\n* drei\no vier\n1. fünf\n2) sechs\n– sieben"
    assert [b.text for b in parse_bullets(text)] == [
        "eins",
        "zwei",
        "drei",
        "vier",
        "fünf",
        "sechs",
        "sieben",
    ]


def test_indented_lines_become_sub_bullets():
    text = (
        "- Diskriminierung:\n    - im Alltag\n    - in Behörden\n        o am Schalter\n"
        "- Anerkennung"
    )
    roots = parse_bullets(text)
    assert [b.text for b in roots] == ["Diskriminierung:", "Anerkennung"]
    assert [c.text for c in roots[0].children] == ["im Alltag", "in Behörden"]
    assert [c.text for c in roots[0].children[1].children] == ["am Schalter"]


def test_tabs_count_as_indentation():
    roots = parse_bullets("Oben\n\tUnten")
    assert roots[0].children[0].text == "Unten"


def test_words_starting_with_o_keep_their_o():
    assert parse_bullets("offene Fragen klären")[0].text == "offene Fragen klären"


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t\n", "-\n•\n"])
def test_empty_and_whitespace_input_is_refused(text):
    with pytest.raises(ValidationError) as error:
        parse_bullets(text)
    assert "mindestens einen Stichpunkt" in str(error.value)


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüß ", min_size=1, max_size=30).filter(
    lambda s: s.strip() and not s.strip().startswith("o ")
)


@given(st.lists(st.tuples(st.integers(min_value=0, max_value=2), words), min_size=1, max_size=40))
def test_n_bullets_give_n_items_in_order(lines):
    # Build a pasted text where each line is at most one level deeper than the one before.
    depth = 0
    rendered = []
    for wanted, word in lines:
        depth = min(wanted, depth + 1) if rendered else 0
        rendered.append(("    " * depth) + "- " + word.strip())
    roots = parse_bullets("\n\n".join(rendered))

    def walk(bullets):
        for bullet in bullets:
            yield bullet.text
            yield from walk(bullet.children)

    assert list(walk(roots)) == [w.strip() for _, w in lines]
    assert sum(b.count() for b in roots) == len(lines)

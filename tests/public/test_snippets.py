"""Snippets cut in Python (the SQLite search): escaped text, whole words marked."""

from events.search import cut_snippet


def test_the_whole_word_that_contains_a_searched_word_is_marked():
    assert str(cut_snippet("Die Ehrenamtskarte hilft.", ["ehrenamt"])) == (
        "Die <mark>Ehrenamtskarte</mark> hilft."
    )


def test_marks_never_land_inside_escaped_text():
    html = str(cut_snippet("Kosten < 5 & mark <b>", ["mark", "amp", "lt"]))
    assert html == "Kosten &lt; 5 &amp; <mark>mark</mark> &lt;b&gt;"


def test_a_long_text_is_cut_at_word_boundaries_around_the_first_match():
    text = "Anfang " + "wort " * 40 + "Quartier " + "ende " * 40
    html = str(cut_snippet(text, ["Quartier"]))
    assert html.startswith("… wort") and html.endswith("ende …")
    assert "<mark>Quartier</mark>" in html

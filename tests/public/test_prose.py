"""Texts of the documentation: paragraphs, bulleted and numbered lists, nested items, escaped."""

from events.templatetags.portal import prose


def test_paragraphs_and_line_breaks():
    assert prose("Erster Absatz\nmit Umbruch.\n\nZweiter.") == (
        "<p>Erster Absatz<br>mit Umbruch.</p>\n<p>Zweiter.</p>"
    )


def test_a_paragraph_of_dashes_is_a_list_with_sub_items():
    text = "Wir haben:\n\n- Orte\n  - Quartiere\n  - Vereine\n- Zeit\n\n1. eins\n2. zwei"
    assert prose(text) == (
        "<p>Wir haben:</p>\n"
        "<ul><li>Orte<ul><li>Quartiere</li><li>Vereine</li></ul></li><li>Zeit</li></ul>\n"
        "<ol><li>eins</li><li>zwei</li></ol>"
    )


def test_everything_is_escaped():
    assert prose("<script>x</script>\n\n- <b>fett</b>") == (
        "<p>&lt;script&gt;x&lt;/script&gt;</p>\n<ul><li>&lt;b&gt;fett&lt;/b&gt;</li></ul>"
    )


def test_a_line_that_only_starts_like_a_list_in_a_paragraph_stays_text():
    assert prose("Die Zahlen:\n- 5 °C am Morgen") == "<p>Die Zahlen:<br>- 5 °C am Morgen</p>"


def test_en_dashes_and_bullets_from_a_word_file_make_a_list_under_its_label():
    text = "Ziele\n\n– Vielfalt abdecken\n– Ehrenamtliche unterstützen\n\n• Anerkennung"
    assert prose(text) == (
        "<p>Ziele</p>\n"
        "<ul><li>Vielfalt abdecken</li><li>Ehrenamtliche unterstützen</li></ul>\n"
        "<ul><li>Anerkennung</li></ul>"
    )

import pytest

from engagement_portal.lib.tags import TAG_NAME_MAX_LENGTH, tag_name_problem


@pytest.mark.parametrize("name", ["Quartier", "Aktionsräume", "Ü", "50+", "Engagement 2030"])
def test_a_name_with_a_letter_or_digit_is_usable(name):
    assert tag_name_problem(name) is None


@pytest.mark.parametrize("name", ["???", "!!!", "🎉", "  ", "", "—"])
def test_a_name_without_letters_or_digits_is_refused(name):
    assert "Buchstaben oder eine Ziffer" in tag_name_problem(name)


def test_a_name_longer_than_the_columns_is_refused():
    assert tag_name_problem("a" * TAG_NAME_MAX_LENGTH) is None
    assert "zu lang" in tag_name_problem("a" * (TAG_NAME_MAX_LENGTH + 1))


def test_a_name_whose_slug_grows_beyond_the_column_is_refused():
    # NFKC turns the ligature into 18 letters: 10 characters give a slug of 180.
    assert "zu lang" in tag_name_problem("\ufdfa" * 10)


def test_a_name_with_a_nul_character_is_refused():
    assert "Steuerzeichen" in tag_name_problem("Quar\x00tier")

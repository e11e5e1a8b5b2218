"""The framework's rules as pure functions: aggregation of answers and the level of a field."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.rules import aggregate_scores, derive_level_rank, median_score

SCALE = [3, 2, 1, 0]  # ja, eher ja, eher nein, nein
WELTOFFEN = [(1, Decimal("0")), (2, Decimal("1.5")), (3, Decimal("2.5"))]


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([], None),
        ([2], 2),
        ([3, 0, 2], 2),  # odd: the middle answer
        ([3, 1], 2),  # even: mean of the middles, exactly a step
        ([3, 2], 2),  # halfway between ja and eher ja: the lower step
        ([1, 0], 0),  # halfway between eher nein and nein: the lower step
        ([3, 3, 0, 0], 1),  # 1.5: the lower of eher ja / eher nein
        ([3, 3, 3, 0], 3),
    ],
)
def test_answers_aggregate_to_the_median_step(scores, expected):
    assert aggregate_scores(scores, SCALE) == expected


def test_a_median_between_uneven_steps_goes_to_the_nearest():
    # a scale 10 / 4 / 0: the median 7 lies exactly halfway between 10 and 4, so 4
    assert aggregate_scores([10, 4], [10, 4, 0]) == 4
    assert aggregate_scores([10, 4, 10, 10], [10, 4, 0]) == 10
    assert median_score([10, 0]) == Fraction(5)


@pytest.mark.parametrize(
    ("scores", "rank"),
    [
        ([], None),  # nothing rated: no level
        ([0], 1),
        ([1, 1, 2, 1], 1),  # mean 1.25
        ([1, 2], 2),  # mean exactly 1.5 meets the threshold
        ([2, 2, 0], 1),  # 1.33 (Dessau-Roßlau HF 5 as the seed reports it: level 1)
        ([2, 3, 2, 1], 2),  # 2.0 (HF 1: level 2)
        ([1, 2, 1, 2, 3], 2),  # 1.8 (HF 4: level 2)
        ([2, 2, 1, 2], 2),  # 1.75 (HF 7: level 2)
        ([2, 3], 3),  # exactly 2.5
        ([3, 2, 2, 3, 2, 2, 3, 2], 2),  # 2.375, just below
        ([3, 3], 3),
    ],
)
def test_the_level_is_the_highest_threshold_the_mean_meets(scores, rank):
    assert derive_level_rank(scores, WELTOFFEN) == rank


def test_one_step_below_a_boundary_stays_on_the_lower_level():
    thresholds = [(1, Decimal("0")), (2, Decimal("1.50"))]
    assert derive_level_rank([1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2], thresholds) == 1  # 1.4615
    assert derive_level_rank([1, 2, 2, 1], thresholds) == 2  # 1.5


def test_levels_without_a_threshold_are_never_derived():
    assert derive_level_rank([3, 3], [(1, None), (2, None), (3, None)]) is None
    assert derive_level_rank([3, 3], [(1, Decimal("0")), (2, None), (3, None)]) == 1


def test_no_level_when_no_threshold_is_met():
    assert derive_level_rank([0, 1], [(1, Decimal("1")), (2, Decimal("2"))]) is None


def test_threshold_order_in_the_data_does_not_matter():
    shuffled = [(3, Decimal("2.5")), (1, Decimal("0")), (2, Decimal("1.5"))]
    assert derive_level_rank([2, 2], shuffled) == 2


scores_on_the_scale = st.lists(st.sampled_from(SCALE), min_size=1, max_size=30)


@given(scores_on_the_scale)
def test_the_aggregate_is_a_step_between_the_lowest_and_highest_answer(scores):
    aggregate = aggregate_scores(scores, SCALE)
    assert aggregate in SCALE
    assert min(scores) <= aggregate <= max(scores)


@given(scores_on_the_scale)
def test_unanimous_answers_aggregate_to_themselves(scores):
    assert aggregate_scores([scores[0]] * len(scores), SCALE) == scores[0]


@given(scores_on_the_scale, st.sampled_from(SCALE))
def test_a_better_rating_never_lowers_the_level(scores, better):
    before = derive_level_rank(scores, WELTOFFEN)
    improved = [max(scores[0], better), *scores[1:]]
    assert (derive_level_rank(improved, WELTOFFEN) or 0) >= (before or 0)

"""The two rules of a self-assessment, as pure functions on scores.

The numbers are data on the framework: each answer step has a score (ScaleStep.score, higher is
better; "Weltoffene Kommune": ja 3, eher ja 2, eher nein 1, nein 0) and each maturity level may
have a threshold (MaturityLevel.min_score).

Aggregation, answers → a criterion's rating:
    the median of the respondents' scores (with an even number of answers, the mean of the two
    middle scores), mapped to the scale step with the nearest score; exactly halfway between two
    steps the lower one wins, so that a split vote never flatters the municipality.

Level, ratings → an action field's maturity level:
    the mean score of the field's rated criteria (unrated criteria are left out); the field
    reaches the highest level whose min_score the mean meets (mean >= min_score). A level without
    min_score is never derived (the programme sets it by hand). With no rated criterion, or no
    threshold met, the field gets no level.

Arithmetic is exact (fractions), so a mean of exactly 1.5 meets a threshold of 1.50.
"""

from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction


def median_score(scores: Sequence[int]) -> Fraction | None:
    if not scores:
        return None
    ordered = sorted(scores)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Fraction(ordered[middle])
    return Fraction(ordered[middle - 1] + ordered[middle], 2)


def nearest_step_score(value: Fraction, step_scores: Iterable[int]) -> int:
    """The step score nearest to value; on a tie the lower one."""
    candidates = sorted(set(step_scores))
    if not candidates:
        raise ValueError("The scale has no steps.")
    return min(candidates, key=lambda score: (abs(Fraction(score) - value), score))


def aggregate_scores(scores: Sequence[int], step_scores: Iterable[int]) -> int | None:
    """The score of the step that stands for all answers to one criterion (None: no answers)."""
    median = median_score(scores)
    if median is None:
        return None
    return nearest_step_score(median, step_scores)


def mean_score(scores: Sequence[int]) -> Fraction | None:
    if not scores:
        return None
    return Fraction(sum(scores), len(scores))


def derive_level_rank(
    scores: Sequence[int], thresholds: Iterable[tuple[int, Decimal | None]]
) -> int | None:
    """The rank of the level the field reaches; thresholds are (rank, min_score) per level."""
    mean = mean_score(scores)
    if mean is None:
        return None
    reached = [
        rank
        for rank, min_score in thresholds
        if min_score is not None and mean >= Fraction(min_score)
    ]
    return max(reached, default=None)

"""Answers aggregate into the assessment's ratings; ratings give the fields' levels."""

import pytest
from django.core.exceptions import ValidationError

from assessments.models import Answer, Criterion, FieldResult, Rating, Respondent
from assessments.services import AnswerInput, answers_save, assessment_evaluate
from tests.assessments.conftest import make_assessment, make_framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh(framework, dessau):
    """An assessment without results, three offices invited."""
    assessment = make_assessment(framework, dessau)
    FieldResult.objects.filter(assessment=assessment).delete()
    offices = [
        Respondent.objects.create(assessment=assessment, unit=f"Dezernat {n}") for n in "ABC"
    ]
    return assessment, offices


def answer(respondent, number, value, comment=""):
    framework = respondent.assessment.framework
    criterion = Criterion.objects.get(field__framework=framework, number=number)
    step = framework.scale.get(value=value) if value else None
    Answer.objects.create(respondent=respondent, criterion=criterion, value=step, comment=comment)


def ratings(assessment):
    return {
        r.criterion.number: (r.value.value, r.answer_count)
        for r in Rating.objects.filter(assessment=assessment).select_related("criterion", "value")
    }


def levels(assessment):
    return {
        r.field.number: (r.level.rank if r.level else None)
        for r in assessment.field_results.select_related("field", "level")
    }


def test_answers_aggregate_to_the_median_per_criterion(fresh):
    assessment, (a, b, c) = fresh
    answer(a, "1.1", "ja")
    answer(b, "1.1", "eher_nein")
    answer(c, "1.1", "eher_ja")  # median eher ja
    answer(a, "1.2", "ja")
    answer(b, "1.2", "eher_ja")  # halfway: the lower, eher ja
    answer(c, "1.2", None, comment="Weiß ich nicht")  # a comment alone does not count
    answer(a, "4.1", "nein")

    result = assessment_evaluate(assessment=assessment)

    assert ratings(assessment) == {
        "1.1": ("eher_ja", 3),
        "1.2": ("eher_ja", 2),
        "4.1": ("nein", 1),
    }
    assert result.ratings_written == 3
    assert levels(assessment) == {"1": 2, "4": 1, "5": None}


def test_an_answer_changed_later_changes_the_rating_on_the_next_evaluation(fresh):
    assessment, (a, _, _) = fresh
    answer(a, "5.1", "nein")
    assessment_evaluate(assessment=assessment)
    assert levels(assessment)["5"] == 1
    Answer.objects.filter(respondent=a).update(value=assessment.framework.scale.get(value="ja"))
    assessment_evaluate(assessment=assessment)
    assert ratings(assessment)["5.1"] == ("ja", 1)
    assert levels(assessment)["5"] == 3


def test_hand_entered_ratings_survive_and_answers_that_vanished_take_their_rating_along(fresh):
    assessment, (a, _, _) = fresh
    criteria = {
        c.number: c for c in Criterion.objects.filter(field__framework=assessment.framework)
    }
    steps = {s.value: s for s in assessment.framework.scale.all()}
    Rating.objects.create(assessment=assessment, criterion=criteria["4.2"], value=steps["ja"])
    answer(a, "4.1", "nein")
    assessment_evaluate(assessment=assessment)
    Answer.objects.all().delete()
    result = assessment_evaluate(assessment=assessment)
    assert ratings(assessment) == {"4.2": ("ja", None)}
    assert result.ratings_removed == 1


def test_levels_set_by_hand_are_kept(dessau_assessment):
    # the seed's result: HF 5 on level 1 by hand although its one rating (nein) gives 1 too;
    # set HF 1 by hand to 3 against its ratings (eher ja, eher nein → mean 1.5 → 2)
    hf1 = dessau_assessment.field_results.get(field__number="1")
    hf1.level = dessau_assessment.framework.levels.get(rank=3)
    hf1.save()
    result = assessment_evaluate(assessment=dessau_assessment)
    assert levels(dessau_assessment) == {"1": 3, "4": 2, "5": 1}
    assert result.levels_kept_by_hand == 3

    hf1.level_set_by_hand = False
    hf1.save()
    assessment_evaluate(assessment=dessau_assessment)
    assert levels(dessau_assessment)["1"] == 2


def test_without_thresholds_no_level_is_derived(dessau, framework):
    framework.levels.update(min_score=None)
    assessment = make_assessment(framework, dessau, ratings={"1.1": "ja"})
    assessment_evaluate(assessment=assessment)
    assert levels(assessment) == {"1": None, "4": None, "5": None}


def test_a_scale_with_two_equal_scores_is_refused(fresh):
    assessment, (a, _, _) = fresh
    assessment.framework.scale.filter(value="eher_ja").update(score=3)
    answer(a, "1.1", "ja")
    with pytest.raises(ValidationError, match="denselben Punktwert"):
        assessment_evaluate(assessment=assessment)
    assert not Rating.objects.filter(assessment=assessment).exists()


def test_answers_outside_the_field_or_scale_are_refused(fresh, dessau):
    assessment, (a, _, _) = fresh
    field = assessment.framework.fields.get(number="1")
    other = make_framework("anderer-rahmen")
    foreign_step = other.scale.get(value="ja")
    foreign_criterion = Criterion.objects.get(field__framework=other, number="1.1")
    own = field.criteria.first()
    with pytest.raises(ValidationError):
        answers_save(respondent=a, field=field, answers={own.pk: AnswerInput(value=foreign_step)})
    with pytest.raises(ValidationError):
        answers_save(
            respondent=a,
            field=field,
            answers={foreign_criterion.pk: AnswerInput(value=field.framework.scale.first())},
        )
    with pytest.raises(ValidationError):
        answers_save(respondent=a, field=other.fields.first(), answers={})
    assert not Answer.objects.exists()

"""Writes of the self-assessment: invitations, answers, aggregation into ratings, levels.

The rules themselves (median of answers, mean score against level thresholds) are pure functions
in assessments/rules.py; these functions load, apply and store.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessments.models import (
    Answer,
    Assessment,
    Field,
    FieldResult,
    Framework,
    Rating,
    Respondent,
    ScaleStep,
)
from assessments.rules import aggregate_scores, derive_level_rank
from assessments.tokens import hash_token, new_token

INVITATION_VALID_FOR = datetime.timedelta(days=42)


def respondent_invite(
    *, respondent: Respondent, valid_for: datetime.timedelta = INVITATION_VALID_FOR
) -> str:
    """Give the respondent a new private link and return its token, which is never stored.

    An earlier link of the respondent stops working; answers given through it are kept.
    """
    token = new_token()
    now = timezone.now()
    respondent.token_hash = hash_token(token)
    respondent.token_expires_at = now + valid_for
    respondent.invited_at = now
    respondent.save(update_fields=["token_hash", "token_expires_at", "invited_at"])
    return token


def respondent_send_invitation(
    *, respondent: Respondent, email: str, link_for: Callable[[str], str], reply_to: str = ""
) -> None:
    """Give the respondent a new private link and send it to ``email`` at once.

    The address serves this one mail and is stored nowhere; ``invited_at`` records the sending.
    The respondent's earlier link stops working (its answers are kept). ``link_for`` turns the
    token into the questionnaire's absolute address; replies go to ``reply_to`` if given. When the
    mail server cannot be reached or refuses the mail, its error (smtplib.SMTPException,
    OSError) is raised and nothing has changed: the earlier link keeps working.
    """
    try:
        with transaction.atomic():
            token = respondent_invite(respondent=respondent)
            _invitation_message(
                respondent=respondent, link=link_for(token), to=email, reply_to=reply_to
            ).send()
    except Exception:
        respondent.refresh_from_db(fields=["token_hash", "token_expires_at", "invited_at"])
        raise


def _invitation_message(
    *, respondent: Respondent, link: str, to: str, reply_to: str
) -> EmailMessage:
    """German first, English below: the questionnaire is German, and staff do not know which
    language each office reads. Plain text."""
    assessment = respondent.assessment
    with translation.override("de"):
        german = _("Einladung zum Selbstcheck „%(title)s“") % {"title": assessment.title}
    with translation.override("en"):
        english = _("Einladung zum Selbstcheck")
    body = render_to_string(
        "assessments/email/invitation.txt",
        {
            "respondent": respondent,
            "assessment": assessment,
            "link": link,
            "expires": respondent.token_expires_at,
            "replies": bool(reply_to),
        },
    )
    return EmailMessage(
        subject=" ".join(f"{german} / {english}".split()),  # a title with a line break
        body=body,
        to=[to],
        reply_to=[reply_to] if reply_to else None,
    )


@dataclass(frozen=True)
class AnswerInput:
    value: ScaleStep | None
    comment: str = ""


@transaction.atomic
def answers_save(
    *, respondent: Respondent, field: Field, answers: Mapping[int, AnswerInput]
) -> None:
    """Store the respondent's answers to one action field, keyed by criterion id.

    A criterion with neither value nor comment loses its answer. Refuses (ValidationError,
    nothing written) criteria outside the field or steps outside the respondent's framework.
    """
    framework_id = respondent.assessment.framework_id
    if field.framework_id != framework_id:
        raise ValidationError(_("Das Handlungsfeld gehört nicht zu diesem Fragebogen."))
    criterion_ids = set(field.criteria.values_list("pk", flat=True))
    if not set(answers) <= criterion_ids:
        raise ValidationError(_("Ein Kriterium gehört nicht zu diesem Handlungsfeld."))
    for answer in answers.values():
        if answer.value is not None and answer.value.framework_id != framework_id:
            raise ValidationError(_("Diese Antwort gibt es in diesem Fragebogen nicht."))

    empty = [pk for pk, answer in answers.items() if answer.value is None and not answer.comment]
    Answer.objects.filter(respondent=respondent, criterion_id__in=empty).delete()
    now = timezone.now()
    Answer.objects.bulk_create(
        [
            Answer(
                respondent=respondent,
                criterion_id=pk,
                value=answer.value,
                comment=answer.comment,
                updated_at=now,
            )
            for pk, answer in answers.items()
            if pk not in empty
        ],
        update_conflicts=True,
        unique_fields=["respondent", "criterion"],
        update_fields=["value", "comment", "updated_at"],
    )


def framework_check_scale(framework: Framework) -> dict[int, ScaleStep]:
    """The framework's steps by score; ValidationError when two steps share a score."""
    steps: dict[int, ScaleStep] = {}
    for step in framework.scale.all():
        if step.score in steps:
            raise ValidationError(
                _("Die Antwortstufen „%(a)s“ und „%(b)s“ haben denselben Punktwert.")
                % {"a": steps[step.score].label, "b": step.label}
            )
        steps[step.score] = step
    if not steps:
        raise ValidationError(_("Der Selbstcheck-Rahmen hat keine Antwortskala."))
    return steps


@dataclass(frozen=True)
class Evaluation:
    ratings_written: int
    ratings_removed: int
    levels_changed: int
    levels_kept_by_hand: int


@transaction.atomic
def assessment_evaluate(*, assessment: Assessment) -> Evaluation:
    """Aggregate the questionnaire's answers into ratings, then derive the fields' levels.

    Ratings of criteria that nobody answered are left as entered (e.g. an imported result);
    ratings that came from answers which no longer exist are removed. Levels set by hand
    (FieldResult.level_set_by_hand) are kept. Locks the assessment row (SELECT FOR UPDATE) so
    that two staff members evaluating at once write one consistent result.
    """
    Assessment.objects.select_for_update().get(pk=assessment.pk)
    written, removed = _aggregate_answers(assessment)
    changed, kept = _derive_levels(assessment)
    return Evaluation(
        ratings_written=written,
        ratings_removed=removed,
        levels_changed=changed,
        levels_kept_by_hand=kept,
    )


def _aggregate_answers(assessment: Assessment) -> tuple[int, int]:
    steps_by_score = framework_check_scale(assessment.framework)
    scores: dict[int, list[int]] = defaultdict(list)
    for criterion_id, score in Answer.objects.filter(
        respondent__assessment=assessment, value__isnull=False
    ).values_list("criterion_id", "value__score"):
        scores[criterion_id].append(score)

    ratings = [
        Rating(
            assessment=assessment,
            criterion_id=criterion_id,
            value=steps_by_score[aggregate_scores(criterion_scores, steps_by_score)],
            answer_count=len(criterion_scores),
        )
        for criterion_id, criterion_scores in scores.items()
    ]
    Rating.objects.bulk_create(
        ratings,
        update_conflicts=True,
        unique_fields=["assessment", "criterion"],
        update_fields=["value", "answer_count"],
    )
    removed, _ = (
        Rating.objects.filter(assessment=assessment, answer_count__isnull=False)
        .exclude(criterion_id__in=scores)
        .delete()
    )
    return len(ratings), removed


def _derive_levels(assessment: Assessment) -> tuple[int, int]:
    framework = assessment.framework
    thresholds = [(level.rank, level.min_score) for level in framework.levels.all()]
    levels = {level.rank: level for level in framework.levels.all()}
    scores: dict[int, list[int]] = defaultdict(list)
    for field_id, score in Rating.objects.filter(assessment=assessment).values_list(
        "criterion__field_id", "value__score"
    ):
        scores[field_id].append(score)
    results = {result.field_id: result for result in assessment.field_results.all()}

    changed = kept = 0
    for action_field in framework.fields.all():
        result = results.get(action_field.pk)
        if result is None:
            result = FieldResult(
                assessment=assessment, field=action_field, order=action_field.order
            )
        if result.level_set_by_hand:
            kept += 1
            continue
        level = levels.get(derive_level_rank(scores.get(action_field.pk, []), thresholds))
        if result.pk is None or result.level_id != (level.pk if level else None):
            result.level = level
            result.save()
            changed += 1
    return changed, kept

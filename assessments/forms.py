from collections.abc import Iterable, Mapping

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import Answer, Criterion, ScaleStep
from assessments.services import AnswerInput

COMMENT_MAX_LENGTH = 2000


class FieldAnswersForm(forms.Form):
    """One action field of the questionnaire: a choice on the scale and a comment per criterion.

    Nothing is required: a half-answered field is saved as it is, so that respondents can stop
    and come back.
    """

    def __init__(
        self,
        *args,
        criteria: Iterable[Criterion],
        steps: Iterable[ScaleStep],
        answers: Mapping[int, Answer],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        self.steps = {step.value: step for step in steps}
        choices = [(step.value, step.label) for step in self.steps.values()]
        for criterion in self.criteria:
            answer = answers.get(criterion.pk)
            self.fields[f"c{criterion.pk}"] = forms.ChoiceField(
                label=f"{criterion.number} {criterion.text}",
                choices=choices,
                widget=forms.RadioSelect,
                required=False,
                initial=answer.value.value if answer and answer.value else None,
            )
            self.fields[f"c{criterion.pk}_comment"] = forms.CharField(
                label=_("Anmerkung zu %(number)s (freiwillig)") % {"number": criterion.number},
                required=False,
                max_length=COMMENT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
                initial=answer.comment if answer else "",
            )

    def rows(self):
        """(criterion, choice field, comment field) per criterion, for the template."""
        return [
            (criterion, self[f"c{criterion.pk}"], self[f"c{criterion.pk}_comment"])
            for criterion in self.criteria
        ]

    def answers(self) -> dict[int, AnswerInput]:
        return {
            criterion.pk: AnswerInput(
                value=self.steps.get(self.cleaned_data[f"c{criterion.pk}"]),
                comment=self.cleaned_data[f"c{criterion.pk}_comment"].strip(),
            )
            for criterion in self.criteria
        }

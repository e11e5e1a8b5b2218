from collections.abc import Iterable, Mapping

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import Answer, Criterion, Respondent, ScaleStep
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


class InvitationMailForm(forms.Form):
    """An e-mail address per respondent; a respondent left empty is not invited."""

    def __init__(self, *args, respondents: Iterable[Respondent], **kwargs):
        super().__init__(*args, **kwargs)
        self.respondents = list(respondents)
        for respondent in self.respondents:
            self.fields[f"email_{respondent.pk}"] = forms.EmailField(
                label=_("E-Mail-Adresse für %(unit)s") % {"unit": respondent.unit},
                required=False,
                # Someone else's address: the browser should not offer the user's own.
                max_length=254,
                widget=forms.EmailInput(attrs={"autocomplete": "off", "size": 40}),
            )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(cleaned.values()):
            raise forms.ValidationError(_("Bitte tragen Sie mindestens eine E-Mail-Adresse ein."))
        return cleaned

    def rows(self):
        """(respondent, address field) per respondent, for the template."""
        return [(respondent, self[f"email_{respondent.pk}"]) for respondent in self.respondents]

    def addresses(self) -> list[tuple[Respondent, str]]:
        return [
            (respondent, self.cleaned_data[f"email_{respondent.pk}"])
            for respondent in self.respondents
            if self.cleaned_data[f"email_{respondent.pk}"]
        ]

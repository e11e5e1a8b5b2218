from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Poll, PollOption
from live.codes import code_feature
from live.forms import JoinForm
from polls.models import SCALE_STEPS, SCALE_STEPS_MAX, WORD_MAX_LENGTH, WORDS_DEFAULT, PollRun


class PollJoinForm(JoinForm):
    """The dot-vote's join form: one code field serves live polls and dot-votes alike."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("Code")
        self.fields["code"].help_text = _("Der Code steht auf der Leinwand, z. B. DIALOG.")


class ControlForm(forms.Form):
    ACTIONS = [
        ("start", _("Umfrage starten")),
        ("next", _("Nächste Frage")),
        ("back", _("Vorige Frage zeigen")),
        ("close", _("Frage schließen")),
        ("reopen", _("Frage wieder öffnen")),
        ("reveal", _("Ergebnis aufdecken")),
        ("hide", _("Ergebnis verbergen")),
        ("finish", _("Umfrage beenden")),
        ("go_to", _("Diese Frage zeigen")),
        ("publish", _("In die Dokumentation übernehmen")),
    ]

    action = forms.ChoiceField(choices=ACTIONS)
    question = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    overwrite = forms.BooleanField(required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") in ("go_to", "publish") and not cleaned.get("question"):
            raise forms.ValidationError(_("Bitte wählen Sie eine Frage."))
        return cleaned


class ModerationForm(forms.Form):
    ACTIONS = [
        ("release", _("Freigeben")),
        ("hide", _("Verbergen")),
        ("show", _("Wieder zeigen")),
        ("release_all", _("Alle neuen freigeben")),
    ]

    action = forms.ChoiceField(choices=ACTIONS)
    # A free text is moderated by its answer, a term of a word cloud by the term (all its
    # answers); the view checks that the one its question needs is there.
    answer = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    term = forms.CharField(required=False, max_length=3 * WORD_MAX_LENGTH, strip=False)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


OPTION_MAX_LENGTH = PollOption._meta.get_field("text").max_length


def _too_long(lines: list[str]) -> forms.ValidationError | None:
    """The options (one per line) that do not fit the database's column, named by their number."""
    numbers = [str(n) for n, line in enumerate(lines, 1) if len(line) > OPTION_MAX_LENGTH]
    if not numbers:
        return None
    return forms.ValidationError(
        _("Höchstens %(max)d Zeichen pro Zeile; zu lang: Zeile %(lines)s.")
        % {"max": OPTION_MAX_LENGTH, "lines": ", ".join(numbers)}
    )


class QuestionForm(forms.Form):
    """A new question for the run; it becomes a poll of the event's documentation."""

    question = forms.CharField(
        label=_("Frage"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    kind = forms.ChoiceField(
        label=_("Art"),
        choices=Poll.Kind.choices,
        widget=forms.RadioSelect,
        initial=Poll.Kind.SINGLE,
        help_text=_(
            "Ein Stimmungsbild bekommt fünf Stufen von „sehr gut“ bis „sehr schlecht“; "
            "Freitext-Antworten erscheinen als Liste; eine Skala zeigt die Verteilung und den "
            "Mittelwert; eine Wortwolke zeigt die genannten Begriffe, häufige größer."
        ),
    )
    options = forms.CharField(
        label=_("Antwortmöglichkeiten"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Eine pro Zeile; nur bei Einfach- und Mehrfachauswahl."),
    )
    min_choices = forms.IntegerField(
        label=_("Mindestens wählen"), min_value=0, max_value=100, initial=1, required=False
    )
    max_choices = forms.IntegerField(
        label=_("Höchstens wählen"),
        min_value=1,
        max_value=100,
        initial=2,
        required=False,
        help_text=_("Nur bei Mehrfachauswahl. „Bitte wählen Sie 2 Antworten aus“: beide 2."),
    )
    scale_steps = forms.IntegerField(
        label=_("Stufen der Skala"),
        min_value=2,
        max_value=SCALE_STEPS_MAX,
        initial=SCALE_STEPS,
        required=False,
        help_text=_("Nur bei einer Skala: von 1 bis zu dieser Zahl, z. B. 5."),
    )
    label_low = forms.CharField(
        label=_("Beschriftung bei 1"),
        max_length=Poll._meta.get_field("label_low").max_length,
        required=False,
        help_text=_("Nur bei einer Skala, z. B. „trifft gar nicht zu“."),
    )
    label_high = forms.CharField(
        label=_("Beschriftung beim höchsten Wert"),
        max_length=Poll._meta.get_field("label_high").max_length,
        required=False,
        help_text=_("Nur bei einer Skala, z. B. „trifft voll zu“."),
    )
    max_words = forms.IntegerField(
        label=_("Begriffe pro Person"),
        min_value=1,
        max_value=10,
        initial=WORDS_DEFAULT,
        required=False,
        help_text=_(
            "Nur bei einer Wortwolke: so viele Begriffe nennt jede Person höchstens "
            "(je bis zu %(n)d Zeichen)."
        )
        % {"n": WORD_MAX_LENGTH},
    )
    results_hidden = forms.BooleanField(
        label=_("Ergebnis erst nach dem Aufdecken zeigen"), required=False, initial=True
    )
    premoderated = forms.BooleanField(
        label=_("Freitexte und Begriffe erst nach Freigabe zeigen"), required=False, initial=True
    )

    # The kinds each field applies to (question-form.js shows only those); the others always.
    KINDS = {
        "options": (Poll.Kind.SINGLE, Poll.Kind.MULTIPLE),
        "min_choices": (Poll.Kind.MULTIPLE,),
        "max_choices": (Poll.Kind.MULTIPLE,),
        "scale_steps": (Poll.Kind.SCALE,),
        "label_low": (Poll.Kind.SCALE,),
        "label_high": (Poll.Kind.SCALE,),
        "max_words": (Poll.Kind.WORDS,),
        "premoderated": (Poll.Kind.TEXT, Poll.Kind.WORDS),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, kinds in self.KINDS.items():
            self.fields[name].kinds = [str(kind) for kind in kinds]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        options = _lines(cleaned.get("options") or "")
        cleaned["option_list"] = options
        if kind in (Poll.Kind.SINGLE, Poll.Kind.MULTIPLE) and len(options) < 2:
            self.add_error("options", _("Bitte geben Sie mindestens zwei Antworten an."))
        if len(options) != len(set(options)):
            self.add_error("options", _("Jede Antwort nur einmal, bitte."))
        if too_long := _too_long(options):
            self.add_error("options", too_long)
        if kind == Poll.Kind.SCALE and cleaned.get("scale_steps") is None:
            if "scale_steps" not in self.errors:
                self.add_error("scale_steps", _("Bitte geben Sie die Zahl der Stufen an."))
        if kind == Poll.Kind.WORDS and cleaned.get("max_words") is None:
            if "max_words" not in self.errors:
                self.add_error("max_words", _("Bitte geben Sie an, wie viele Begriffe."))
        if kind == Poll.Kind.MULTIPLE:
            low = cleaned.get("min_choices")
            high = cleaned.get("max_choices")
            if low is None or high is None:
                self.add_error("max_choices", _("Bitte geben Sie beide Zahlen an."))
            elif low > high:
                self.add_error("min_choices", _("Mindestens darf nicht mehr als höchstens sein."))
            elif len(options) >= 2 and high > len(options):
                self.add_error(
                    "max_choices", _("Höchstens so viele, wie es Antwortmöglichkeiten gibt.")
                )
        return cleaned


class RunCreateForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=300)
    polls = forms.ModelMultipleChoiceField(
        label=_("Fragen aus der Dokumentation"),
        queryset=Poll.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Weitere Fragen legen Sie danach in der Umfrage an."),
    )

    def __init__(self, *args, polls, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["polls"].queryset = polls


class HandCountForm(forms.Form):
    """Results counted by hand: one number per option (or mood step), or the texts."""

    method = forms.CharField(
        label=_("Erhebung"),
        max_length=200,
        required=False,
        help_text=_("Steht neben den Zahlen, z. B. „per Handzeichen“ oder „auf Papier“."),
    )
    overwrite = forms.BooleanField(
        label=_("Ja, das veröffentlichte Live-Ergebnis durch diese Zahlen ersetzen"),
        required=False,
    )

    def __init__(self, *args, poll: Poll, labels: list[str], initial_counts, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.poll = poll
        self.count_names = []
        if poll.kind == Poll.Kind.WORDS:
            self.fields["terms"] = forms.CharField(
                label=_("Begriffe"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 8}),
                help_text=_(
                    "Ein Begriff pro Zeile, die Zahl der Nennungen nach einem Doppelpunkt, "
                    "z. B. „Ehrenamt: 12“."
                ),
            )
            return
        if poll.kind == Poll.Kind.TEXT:
            self.fields["texts"] = forms.CharField(
                label=_("Antworten"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 8}),
                help_text=_("Eine Antwort pro Zeile."),
            )
            return
        for i, (label, count) in enumerate(zip(labels, initial_counts, strict=True)):
            name = f"count_{i}"
            self.count_names.append(name)
            self.fields[name] = forms.IntegerField(
                label=label,
                min_value=0,
                max_value=1_000_000,
                required=False,
                initial=count,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    def counts(self) -> list[int | None]:
        return [self.cleaned_data.get(name) for name in self.count_names]

    def clean_texts(self) -> str:
        texts = self.cleaned_data["texts"]
        if too_long := _too_long(_lines(texts)):
            raise too_long
        return texts

    def texts(self) -> list[str]:
        return _lines(self.cleaned_data.get("texts") or "")

    def clean_terms(self) -> list[tuple[str, int | None]]:
        """Lines "Ehrenamt: 12" (a line without a number: no number)."""
        terms, wrong = [], []
        for n, line in enumerate(_lines(self.cleaned_data["terms"]), 1):
            text, colon, count = line.rpartition(":")
            if not colon:
                text, count = line, ""
            text, count = text.strip(), count.strip()
            if not text or len(text) > OPTION_MAX_LENGTH:
                wrong.append(str(n))
            elif not count:
                terms.append((text, None))
            elif count.isascii() and count.isdigit() and int(count) <= 1_000_000:
                terms.append((text, int(count)))
            else:
                wrong.append(str(n))
        if wrong:
            raise forms.ValidationError(
                _("Bitte schreiben Sie „Begriff: Zahl“; nicht lesbar: Zeile %(lines)s.")
                % {"lines": ", ".join(wrong)}
            )
        return terms

    def terms(self) -> list[tuple[str, int | None]]:
        return self.cleaned_data.get("terms") or []


class PollRunAdminForm(forms.ModelForm):
    class Meta:
        model = PollRun
        fields = ["event", "title", "code"]

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        # The live features share the participants' join page: one code, one thing to join.
        feature = code_feature(code) if self.instance._state.adding else None
        if feature == "voting":
            raise forms.ValidationError(
                _("Diesen Code hat schon eine Live-Bepunktung. Bitte wählen Sie einen anderen.")
            )
        if feature not in (None, "polls"):
            raise forms.ValidationError(
                _(
                    "Diesen Code hat schon eine andere Live-Beteiligung. "
                    "Bitte wählen Sie einen anderen."
                )
            )
        return code

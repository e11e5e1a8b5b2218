"""Live poll pages.

Participants: ``GET /poll/<code>/`` (sets the participant cookie of the dot-vote; the first
answer makes the participant),
``GET /poll/<code>/question/`` (the current question alone, for the page script),
``POST /poll/<code>/answer/``.
Everyone: ``GET /poll/<code>/state.json``, the same for all: no numbers of a hidden result, no
hidden or unreleased texts.
Staff of the event's municipality: the projector, the page with its controls, moderation of
texts, new questions, publishing into the documentation, hand counts, the event's polls.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from engagement_portal.lib.qr import qr_svg
from events.models import Poll, PollOption
from live import push
from live.codes import code_from_address, join_page
from live.controls import UNKNOWN_ACTION, control_pressed, result_steps, step
from live.http import (
    CodeRefusals,
    RecentAnswers,
    conditional,
    first_visit,
    shared_page,
    wants_json,
)
from live.participants import (
    UNKNOWN_PARTICIPANT,
    participant_token,
    participant_token_hash,
    participant_token_new,
    participant_token_set,
)
from live.ratelimit import (
    code_lookup_failed,
    code_lookup_refused,
    joined_code_remember,
    lookup_failure_counted,
    lookups_over_limit_refuse,
)
from live.staff import event_for_staff, for_staff, reachable, runs
from polls import services
from polls.forms import (
    ControlForm,
    HandCountForm,
    ModerationForm,
    PollJoinForm,
    QuestionForm,
    RunCreateForm,
)
from polls.models import (
    SCALE_STEPS,
    Answer,
    CountSource,
    PollParticipant,
    PollRun,
    RunQuestion,
)
from polls.selectors import (
    moderation_texts,
    moderation_words,
    my_answer,
    question_version,
    question_view,
    run_questions,
    state_payload,
)
from polls.services import PollRefused

MAX_ID = 2**63 - 1


def _read_token(request: HttpRequest) -> str | None:
    return participant_token(request)


def _set_token(response: HttpResponse, token: str) -> None:
    # The participant's cookie of the live core, sent only to /poll/.
    participant_token_set(response, token, path=reverse("polls:join"))


def _participant_for(run: PollRun, token: str) -> PollParticipant | None:
    """The participant of this cookie token, or None before their first answer."""
    token_hash = participant_token_hash(code=run.code, token=token)
    return PollParticipant.objects.filter(run=run, token_hash=token_hash).first()


def _live_runs():
    return PollRun.objects.live()


def participant_page(request: HttpRequest, code: str) -> str | None:
    """Where a typed code of a run leads this person (live.codes.join_page)."""
    run = PollRun.objects.select_related("event").filter(code=code).first()
    return reverse("polls:participant", args=[code]) if run and reachable(request, run) else None


def _run_for_participants(request: HttpRequest, code: str) -> PollRun | None:
    """The run as a participant may reach it (``PollRun.objects.live()``); None as for an
    unknown code."""
    run = _live_runs().filter(code=code).first()
    return run if run is not None and reachable(request, run) else None


def _get_run_for_editor(request: HttpRequest, code: str) -> PollRun:
    return for_staff(request, _live_runs(), code_from_address(code))


def _get_poll_for_editor(request: HttpRequest, poll_id: int) -> Poll:
    poll = get_object_or_404(Poll.objects.select_related("event"), pk=poll_id)
    if not runs(request.user, poll.event):
        raise PermissionDenied
    return poll


# --- Participants -------------------------------------------------------------------------------


@require_GET
def join(request: HttpRequest) -> HttpResponse:
    """Where participants type the code from the projector; dot-vote codes work here too."""
    form = PollJoinForm(request.GET or None)
    if form.is_valid():
        code = form.cleaned_data["code"]
        if (wait := code_lookup_refused(request, code)) is not None:
            return _lookups_refused(request, code, wait, as_json=False)
        if (page := join_page(request, code)) is not None:
            return redirect(page)
        return _not_found(request, code, as_json=False)
    return render(request, "polls/join.html", {"form": form}, status=404 if form.errors else 200)


# Unknown codes and too many of them (live.http.CodeRefusals).
_refusals = CodeRefusals(
    join_template="polls/join.html", form_class=PollJoinForm, not_found_message=services.NOT_FOUND
)
_not_found = _refusals.not_found
_lookups_refused = _refusals.lookups_refused
_join_page_with_error = _refusals.join_page_with_error


def _question_context(run: PollRun, me: PollParticipant | None) -> dict:
    """What the participant sees of the current question: the form with their answer, and the
    result when the room may see it."""
    question = run.current_question
    context = {"run": run, "question": question, "version": question_version(question)}
    if question is None:
        return context
    poll = question.poll
    chosen, text, terms = my_answer(question, me)
    ids = list(run.questions.order_by("order", "id").values_list("id", flat=True))
    view = question_view(question, respondent_count=run.respondent_count)
    context.update(
        version=view.version,
        position=ids.index(question.pk) + 1,
        total=len(ids),
        view=view,
        chosen=chosen,
        my_text=text,
        answered=bool(chosen or text or terms),
        is_text=poll.kind == Poll.Kind.TEXT,
        multiple=poll.kind == Poll.Kind.MULTIPLE,
        text_max=services.TEXT_MAX_LENGTH,
    )
    if poll.kind == Poll.Kind.WORDS:
        # One field per term the participant may name, their terms filled in.
        filled = terms + [""] * (max(poll.max_choices, len(terms)) - len(terms))
        context.update(
            my_terms=terms,
            word_fields=list(enumerate(filled, 1)),
            word_max=services.WORD_MAX_LENGTH,
            rule=services.words_rule_text(poll.max_choices),
        )
    elif poll.kind != Poll.Kind.TEXT:
        low, high = services.choice_range(
            kind=poll.kind, min_choices=poll.min_choices, max_choices=poll.max_choices
        )
        context.update(rule=services.choice_rule_text(low, high), max_choices=high)
    return context


# The participant page of a phone on its first visit, per run, address and language, in this
# process (live.http.shared_page).
_first_pages = RecentAnswers("POLL_STATE_CACHE_MS")


@require_GET
def participant(request: HttpRequest, code: str) -> HttpResponse:
    if code != code.upper():
        return redirect("polls:participant", code_from_address(code))
    code = code_from_address(code)
    if (wait := code_lookup_refused(request, code)) is not None:
        return _lookups_refused(request, code, wait, as_json=False)
    # The page writes nothing: the token becomes a participant with its first answer
    # (services.answer_set), so the count of participants counts people who answered.
    token = _read_token(request)

    def context(token=None) -> dict | None:
        # Of a draft documentation only what the facilitator chose to show: the run's title and
        # its questions, not the event's title.
        run = _run_for_participants(request, code)
        if run is None:
            return None
        me = _participant_for(run, token) if token is not None else None
        return {**_question_context(run, me), "event_public": run.event.is_published}

    if first_visit(request):
        # The room's new phones get one page, found and rendered once per POLL_STATE_CACHE_MS.
        response = shared_page(request, _first_pages, code, "polls/participant.html", context)
    else:
        found = context(token)
        response = None if found is None else render(request, "polls/participant.html", found)
    if response is None:
        return _not_found(request, code, as_json=False)
    if token is None:
        _set_token(response, participant_token_new())
    joined_code_remember(request, response, code, path=reverse("polls:join"))
    return response


@require_GET
def question_fragment(request: HttpRequest, code: str) -> HttpResponse:
    """The current question alone, for the page script when the facilitator moves on."""
    code = code_from_address(code)
    if (wait := code_lookup_refused(request, code)) is not None:
        return _lookups_refused(request, code, wait, as_json=False)
    run = _run_for_participants(request, code)
    if run is None:
        if (wait := code_lookup_failed(request, code)) is not None:
            return _lookups_refused(request, code, wait, as_json=False)
        raise Http404
    token = _read_token(request)
    me = _participant_for(run, token) if token is not None else None
    response = render(request, "polls/_question.html", _question_context(run, me))
    response["Cache-Control"] = "private, no-cache"
    return response


# The current question as every phone that has not answered it sees it, per run, version and
# language, in this process: when the facilitator moves on or reveals the result, the room's
# phones fetch it at once, and it is rendered once per POLL_STATE_CACHE_MS, not once per phone.
# It holds nothing of a participant (the page script adds the form's CSRF token).
_shared_questions = RecentAnswers("POLL_STATE_CACHE_MS")


@require_GET
def question_shared(request: HttpRequest, code: str) -> HttpResponse:
    """The current question without a participant's answer: for a question the phone has not
    shown before, and for a result that appears (only that part is swapped)."""
    code = code_from_address(code)
    if (wait := code_lookup_refused(request, code)) is not None:
        return _lookups_refused(request, code, wait, as_json=False)
    found = _state_body(code)
    if found is None or not reachable(request, found[1]):
        if (wait := code_lookup_failed(request, code)) is not None:
            return _lookups_refused(request, code, wait, as_json=False)
        raise Http404
    run = found[1]
    # The version the phone was told (it may carry a word cloud's fingerprint): the fragment is
    # rendered after the state was, so it is as new as that version or newer.
    key = (code, json.loads(found[0])["version"], get_language())
    html = _shared_questions.get(
        key, lambda: render_to_string("polls/_question.html", _question_context(run, None))
    )
    response = HttpResponse(html)
    response["Cache-Control"] = "private, no-cache"
    return response


def _parse_answer(data) -> tuple[int, list[int], str, list[str]]:
    try:
        question_id = int(data["question"])
        option_ids = [int(value) for value in data.getlist("option")]
        # A word cloud's fields: the empty ones are terms not named.
        terms = [term for term in data.getlist("term") if term.strip()]
    except (KeyError, ValueError):
        raise PollRefused(
            _("Ungültige Anfrage: Frage und Antworten müssen Zahlen sein."), status=400
        ) from None
    if not 1 <= question_id <= MAX_ID:
        raise PollRefused(services.UNKNOWN_QUESTION, status=404)
    if not all(1 <= option <= MAX_ID for option in option_ids):
        raise PollRefused(services.UNKNOWN_OPTION, status=404)
    return question_id, option_ids, data.get("text", ""), terms


@require_POST
def answer(request: HttpRequest, code: str) -> HttpResponse:
    """Replace the participant's answer to one question (``question``; ``option`` once per
    chosen option, or ``text``). JSON in and out with ``Accept: application/json``; otherwise
    post/redirect/get with a message."""
    code = code_from_address(code)
    page = reverse("polls:participant", args=[code]) + "#frage"
    try:
        lookups_over_limit_refuse(request, code, PollRefused)
        question_id, option_ids, text, terms = _parse_answer(request.POST)
        token = _read_token(request)
        if token is None:
            run = PollRun.objects.select_related("event").filter(code=code).first()
            if run is None or not reachable(request, run):
                raise PollRefused(services.NOT_FOUND, status=404)
            raise PollRefused(UNKNOWN_PARTICIPANT, status=403)
        saved = services.answer_set(
            code=code,
            token=token,
            question_id=question_id,
            option_ids=option_ids,
            text=text,
            terms=terms,
            rate_limited=True,
        )
    except PollRefused as refusal:
        refusal = _refusal_as_seen(request, code, refusal)
        if wants_json(request):
            return refusal.as_json()
        messages.error(request, refusal.message)
        return redirect(page)
    message = _("Ihre Antwort ist gespeichert. Sie können sie ändern, solange die Frage offen ist.")
    if wants_json(request):
        body = {
            "question": saved.question_id,
            "options": saved.option_ids,
            "text": saved.text,
            "message": message,
        }
        if saved.words:
            body["terms"] = list(saved.words)
        return JsonResponse(body)
    messages.success(request, message)
    return redirect(page)


def _refusal_as_seen(request: HttpRequest, code: str, refusal: PollRefused) -> PollRefused:
    """The refusals a finished run gives (its questions are closed or were never asked) are
    "not found" to whom the run does not answer (``_reachable``).
    "Not found" counts as a failed lookup of the client (``_not_found``)."""
    if refusal.message in (services.CLOSED, services.NOT_OPEN, services.UNKNOWN_QUESTION):
        # The run as state.json has it (kept for POLL_STATE_CACHE_MS): a room answering the
        # question just closed costs no query each.
        found = _state_body(code)
        if found is None or not reachable(request, found[1]):
            refusal = PollRefused(services.NOT_FOUND, status=404)
    return lookup_failure_counted(request, code, refusal, services.NOT_FOUND)


def _etag_response(request: HttpRequest, body: bytes, content_type: str) -> HttpResponse:
    """The body, or a bodyless 304 when the client already has it (If-None-Match)."""
    return conditional(request, body, lambda: HttpResponse(body, content_type=content_type))


# The last state.json body per run code in this process, with the run it was read from: a room
# of phones polling costs one computation per POLL_STATE_CACHE_MS and process, not one per phone.
_state_bodies = RecentAnswers("POLL_STATE_CACHE_MS")


def _state_body(code: str) -> tuple[bytes, PollRun] | None:
    def compute():
        run = _live_runs().filter(code=code).first()
        if run is None:
            return None
        payload = state_payload(run)
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode(), run

    return _state_bodies.get(code, compute)


@require_GET
def state(request: HttpRequest, code: str) -> HttpResponse:
    """The current question and, when the room may see it, its result; polled by the phones and
    the projector. Identical for everyone, staff included, and so computed once for all of them
    (at most POLL_STATE_CACHE_MS old); a run that does not answer the person asking
    (``_reachable``) is not found."""
    return _refusals.shared_json(request, code, _state_body)


def _stream_lookup(request: HttpRequest, code: str) -> tuple[HttpResponse | None, bool]:
    """For a stream: the refusal to send instead (rate limited, not found), and whether the
    person asking runs this run (then they may follow it when only staff may)."""
    if (wait := code_lookup_refused(request, code)) is not None:
        return _lookups_refused(request, code, wait, as_json=True), False
    run = _live_runs().filter(code=code).first()
    if run is None or not reachable(request, run):
        return _not_found(request, code, as_json=True), False
    return None, runs(request.user, run.event)


def _stream_message(code: str, language: str) -> push.Message | None:
    """The pushed message: state.json's body, and with a new question the question as every
    phone that has not answered it sees it (``html``), so a phone shows it without asking. A
    phone hears nothing of answers coming in while the result is hidden (``public``)."""
    run = _live_runs().filter(code=code).first()
    if run is None:
        return None
    payload = state_payload(run)
    with translation.override(language):
        html = render_to_string("polls/_question.html", _question_context(run, None))

    def encoded(data) -> bytes:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()

    lean = encoded(payload)
    question = payload["question"]
    return push.Message(
        body=encoded({**payload, "html": html}),
        lean=lean,
        version=payload["version"],
        public=lean if question and not question["hidden"] else payload["version"].encode(),
        staff_only=run.is_over_in_draft,
    )


# ``GET /poll/<code>/events/``: state.json's changes pushed as Server-Sent Events, each with the
# question to show (live.push).
events = push.events_view(message=_stream_message, lookup=_stream_lookup)


# --- The projector and its controls -------------------------------------------------------------


def _controls(run: PollRun, question: RunQuestion | None, ids: list[int]) -> list[tuple]:
    """The buttons that apply now, as (action, label)."""
    position = ids.index(question.pk) if question is not None else -1
    actions = []
    if run.status == PollRun.Status.DRAFT and ids:
        actions.append("start")
    if run.status == PollRun.Status.LIVE:
        if question is not None:
            actions.append("close" if question.is_open else "reopen")
            actions.append("reveal" if question.results_hidden else "hide")
        if position < len(ids) - 1:
            actions.append("next")
        if position > 0:
            actions.append("back")
        actions.append("finish")
    labels = dict(ControlForm.ACTIONS)
    return [(action, labels[action]) for action in actions]


def _projector_context(run: PollRun) -> dict:
    question = run.current_question
    questions = list(run_questions(run))
    ids = [q.pk for q in questions]
    context = {
        "run": run,
        "question": question,
        "questions": questions,
        "version": question_version(question),
        "participants": run.participant_count,
    }
    if question is not None:
        poll = question.poll
        view = question_view(question, respondent_count=run.respondent_count)
        context.update(
            view=view,
            version=view.version,
            position=ids.index(question.pk) + 1,
            is_text=poll.kind == Poll.Kind.TEXT,
        )
        if poll.kind == Poll.Kind.WORDS:
            context["rule"] = services.words_rule_text(poll.max_choices)
        elif poll.kind != Poll.Kind.TEXT:
            low, high = services.choice_range(
                kind=poll.kind, min_choices=poll.min_choices, max_choices=poll.max_choices
            )
            context["rule"] = services.choice_rule_text(low, high)
    return context


@login_required
@require_GET
def projector(request: HttpRequest, code: str) -> HttpResponse:
    run = _get_run_for_editor(request, code)
    join_url = request.build_absolute_uri(reverse("polls:participant", args=[run.code]))
    context = {
        "join_url": join_url,
        "join_page": request.build_absolute_uri(reverse("polls:join")),
        "qr_svg": qr_svg(join_url),
        "live": run,
        # The room is invited until the first question; then it sees the question.
        "initial_view": run.projector_view
        or ("join" if run.status == PollRun.Status.DRAFT else "results"),
        **_projector_context(run),
    }
    return render(request, "polls/projector.html", context)


@login_required
@require_GET
def projector_fragment(request: HttpRequest, code: str) -> HttpResponse:
    """The projector's question alone, for its page script."""
    run = _get_run_for_editor(request, code)
    return render(request, "polls/_projector_live.html", _projector_context(run))


def _staff_context(run: PollRun) -> dict:
    context = _projector_context(run)
    ids = [q.pk for q in context["questions"]]
    context["controls"] = _controls(run, context["question"], ids)
    return context


@login_required
@require_GET
def staff(request: HttpRequest, code: str) -> HttpResponse:
    """The facilitator's page with the buttons, on a laptop or phone beside the projector: the
    projected page shows none."""
    run = _get_run_for_editor(request, code)
    return render(request, "polls/staff.html", _staff_context(run))


@login_required
@require_GET
def staff_fragment(request: HttpRequest, code: str) -> HttpResponse:
    """The staff page's question and controls alone, for its page script."""
    run = _get_run_for_editor(request, code)
    return render(request, "polls/_staff_live.html", _staff_context(run))


@login_required
@require_POST
def control(request: HttpRequest, code: str) -> HttpResponse:
    """The facilitator's buttons: start, next, back, close, reopen, reveal, hide, finish, and
    showing a chosen question."""
    run = _get_run_for_editor(request, code)

    def go_to(data: dict) -> str:
        question = get_object_or_404(run.questions, pk=data["question"])
        services.run_go_to(run=run, question=question)
        return _("Diese Frage wird jetzt gezeigt.")

    # "publish" has a page of its own (publish_question).
    steps = {
        "start": step(
            _("Die Umfrage läuft: die erste Frage ist gestellt."), services.run_start, run=run
        ),
        "next": step(_("Die nächste Frage ist gestellt."), services.run_advance, run=run),
        "back": step(_("Die vorige Frage wird wieder gezeigt."), services.run_back, run=run),
        "go_to": go_to,
        "close": step(_("Die Frage ist geschlossen."), services.question_close, run=run),
        "reopen": step(_("Die Frage ist wieder offen."), services.question_reopen, run=run),
        **result_steps(services.question_results_hidden_set, run=run),
        "finish": step(_("Die Umfrage ist beendet."), services.run_finish, run=run),
    }
    form = ControlForm(request.POST)
    return control_pressed(request, run, form, steps, staff_page="polls:staff", logged_as="poll")


# --- Moderation of free texts -------------------------------------------------------------------


MODERATED = (Poll.Kind.TEXT, Poll.Kind.WORDS)


def _moderated_question(request: HttpRequest, run: PollRun) -> RunQuestion | None:
    """The text question or word cloud to moderate: the one chosen in the address, else the
    current one."""
    texts = run.questions.select_related("poll").filter(poll__kind__in=MODERATED)
    chosen = request.GET.get("question") or request.POST.get("question")
    if chosen:
        if not (chosen.isascii() and chosen.isdigit()):  # "²" is a digit to isdigit(), not to int()
            raise Http404
        return get_object_or_404(texts, pk=chosen)
    if run.current_question and run.current_question.poll.kind in MODERATED:
        return run.current_question
    return texts.order_by("order", "id").first()


def _moderation_context(run: PollRun, question: RunQuestion | None) -> dict:
    words = question is not None and question.poll.kind == Poll.Kind.WORDS
    return {
        "run": run,
        "question": question,
        "is_words": words,
        "texts": list(moderation_texts(question)) if question and not words else [],
        "words": moderation_words(question) if words else [],
    }


@login_required
@require_http_methods(["GET", "POST"])
def moderate(request: HttpRequest, code: str) -> HttpResponse:
    """Staff look at the free texts, or the terms of a word cloud, before the room does:
    release, hide, show again. A term is moderated as a whole, with all who named it."""
    run = _get_run_for_editor(request, code)
    question = _moderated_question(request, run)
    if request.method == "POST":
        form = ModerationForm(request.POST)
        if question is None or not form.is_valid():
            messages.error(request, UNKNOWN_ACTION)
        else:
            action = form.cleaned_data["action"]
            if action == "release_all":
                released = services.texts_release_all(question=question)
                messages.success(
                    request,
                    ngettext("%(n)d Antwort freigegeben.", "%(n)d Antworten freigegeben.", released)
                    % {"n": released},
                )
            elif question.poll.kind == Poll.Kind.WORDS:
                if not form.cleaned_data["term"]:
                    messages.error(request, _("Bitte wählen Sie einen Begriff."))
                elif services.word_term_moderate(
                    question=question, term=form.cleaned_data["term"], action=action
                ):
                    messages.success(request, _("Gespeichert."))
                else:
                    messages.error(request, _("Diesen Begriff hat niemand genannt."))
            elif not form.cleaned_data["answer"]:
                messages.error(request, _("Bitte wählen Sie eine Antwort."))
            else:
                text = get_object_or_404(
                    Answer.objects.filter(question=question, term=""),
                    pk=form.cleaned_data["answer"],
                )
                services.text_answer_moderate(answer=text, action=action)
                messages.success(request, _("Gespeichert."))
            push.announce(run.code)
        target = reverse("polls:moderate", args=[run.code])
        return redirect(f"{target}?question={question.pk}" if question else target)
    context = _moderation_context(run, question)
    context["text_questions"] = [q for q in run_questions(run) if q.poll.kind in MODERATED]
    return render(request, "polls/moderate.html", context)


@login_required
@require_GET
def moderate_fragment(request: HttpRequest, code: str) -> HttpResponse:
    """The list of texts alone. The ETag comes from the data, not the markup (its CSRF tokens
    differ on every rendering), so an unchanged list costs a 304 and no rendering."""
    run = _get_run_for_editor(request, code)
    question = _moderated_question(request, run)
    if question is None:
        rows = []
    elif question.poll.kind == Poll.Kind.WORDS:
        rows = [(w.term, w.text, w.count, w.hidden, w.released) for w in moderation_words(question)]
    else:
        rows = list(moderation_texts(question).values_list("pk", "text", "hidden", "released"))
    key = json.dumps([question and question.pk, question and question.premoderated, rows])
    return conditional(
        request,
        key.encode(),
        lambda: render(request, "polls/_moderation_texts.html", _moderation_context(run, question)),
    )


# --- Setting up and documenting -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def question_new(request: HttpRequest, code: str) -> HttpResponse:
    """A new question for the run; it is also a poll of the event's documentation."""
    run = _get_run_for_editor(request, code)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.question_create(
                run=run,
                question=data["question"],
                kind=data["kind"],
                options=data["option_list"],
                min_choices=data.get("min_choices") or 0,
                max_choices=(data.get("max_words") if data["kind"] == Poll.Kind.WORDS else None)
                or data.get("max_choices")
                or 1,
                results_hidden=data["results_hidden"],
                premoderated=data["premoderated"],
                scale_steps=data.get("scale_steps") or SCALE_STEPS,
                label_low=data.get("label_low", ""),
                label_high=data.get("label_high", ""),
            )
        except PollRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Die Frage ist angelegt."))
            return redirect("polls:staff", run.code)
    return render(request, "polls/question_new.html", {"run": run, "form": form})


def _documented(poll: Poll) -> dict:
    """A poll's numbers as the documentation holds them, and where they came from."""
    options = list(poll.options.all())  # ordered by the model; prefetched on the event page
    source = getattr(poll, "count_source", None)
    return {
        "options": options,
        "has_numbers": any(option.count is not None for option in options)
        or (poll.kind in (Poll.Kind.TEXT, Poll.Kind.WORDS) and bool(options)),
        "source": source,
    }


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, code: str, question_id: int) -> HttpResponse:
    """Write a closed question's result into the documentation, after a look at both: the live
    result and what the documentation holds now. Other numbers are replaced only when confirmed."""
    run = _get_run_for_editor(request, code)
    question = get_object_or_404(run.questions.select_related("poll"), pk=question_id)
    poll = Poll.objects.select_related("count_source").get(pk=question.poll_id)
    if request.method == "POST":
        try:
            services.question_publish(
                question=question, overwrite=request.POST.get("overwrite") == "1"
            )
        except PollRefused as refusal:
            messages.error(request, refusal.message)
            return redirect("polls:publish", run.code, question.pk)
        messages.success(
            request, _("Das Ergebnis steht jetzt in der Dokumentation der Veranstaltung.")
        )
        return redirect("polls:staff", run.code)
    documented = _documented(poll)
    source = documented["source"]
    own = (
        source is not None
        and source.source == CountSource.Source.LIVE
        and source.question_id == question.pk
    )
    context = {
        "run": run,
        "question": question,
        "view": question_view(question, with_numbers=True),
        "documented": documented,
        "needs_confirmation": documented["has_numbers"] and not own,
    }
    return render(request, "polls/publish.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def hand_counts(request: HttpRequest, poll_id: int) -> HttpResponse:
    """Staff type in results counted by hand (hand signals, paper)."""
    poll = _get_poll_for_editor(request, poll_id)
    documented = _documented(Poll.objects.select_related("count_source").get(pk=poll.pk))
    labels = services.hand_count_labels(poll)
    counts = [option.count for option in documented["options"]] or [None] * len(labels)
    form = HandCountForm(
        request.POST or None,
        poll=poll,
        labels=labels,
        initial_counts=counts,
        initial={
            "method": poll.method,
            "texts": "\n".join(option.text for option in documented["options"]),
            "terms": "\n".join(
                option.text if option.count is None else f"{option.text}: {option.count}"
                for option in documented["options"]
            ),
        },
    )
    source = documented["source"]
    live_published = source is not None and source.source == CountSource.Source.LIVE
    if request.method == "POST" and form.is_valid():
        try:
            services.hand_counts_save(
                poll=poll,
                counts=form.counts(),
                texts=form.texts(),
                terms=form.terms(),
                method=form.cleaned_data["method"],
                overwrite=form.cleaned_data["overwrite"],
            )
        except PollRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Die Zahlen stehen jetzt in der Dokumentation."))
            return redirect("polls:event", poll.event.slug)
    context = {
        "poll": poll,
        "form": form,
        "count_fields": [form[name] for name in form.count_names],
        "live_published": live_published,
        "source": source,
    }
    return render(request, "polls/hand_counts.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def event_polls(request: HttpRequest, slug: str) -> HttpResponse:
    """An event's polls with the source of their numbers, its live runs, and a new run."""
    event = event_for_staff(request, slug)
    polls = event.polls.select_related("count_source").prefetch_related(
        Prefetch("options", queryset=PollOption.objects.order_by("order", "id"))
    )
    form = RunCreateForm(request.POST or None, polls=event.polls.all())
    if request.method == "POST" and form.is_valid():
        try:
            run = services.run_create(
                event=event, title=form.cleaned_data["title"], polls=form.cleaned_data["polls"]
            )
        except PollRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Die Live-Umfrage ist angelegt."))
            return redirect("polls:staff", run.code)
    context = {
        "event": event,
        "polls": [(poll, _documented(poll)) for poll in polls],
        "runs": event.poll_runs.order_by("-created_at"),
        "form": form,
    }
    return render(request, "polls/event_polls.html", context)

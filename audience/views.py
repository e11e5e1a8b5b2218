"""Audience question pages (Publikumsfragen).

Participants: ``GET /fragen/<code>/`` (sets the live core's participant cookie; the first question
or upvote makes the participant), ``POST /fragen/<code>/ask/``, ``POST /fragen/<code>/upvote/``.
Everyone: ``GET /fragen/<code>/state.json``, the same for all: released questions only, never a
pending or hidden one.
Staff of the event's municipality: the staff page with moderation and controls, the projector,
publishing into the documentation, the event's rounds.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audience import services
from audience.forms import AskForm, ControlForm, ModerationForm, RoundCreateForm, UpvoteForm
from audience.models import AudienceParticipant, AudienceQuestion, QuestionRound
from audience.selectors import (
    PROJECTOR_TOP,
    my_upvotes,
    my_waiting_questions,
    staff_questions,
    state_payload,
    visible_questions,
)
from audience.services import AudienceRefused
from engagement_portal.lib.logs import log_event
from engagement_portal.lib.qr import qr_svg
from live.codes import code_from_address, join_page
from live.controls import UNKNOWN_ACTION, control_pressed, step
from live.forms import JoinForm
from live.http import CodeRefusals, RecentAnswers, conditional, wants_json
from live.participants import (
    UNKNOWN_PARTICIPANT,
    participant_token,
    participant_token_hash,
    participant_token_new,
    participant_token_set,
)
from live.ratelimit import (
    code_lookup_refused,
    joined_code_remember,
    lookup_failure_counted,
    lookups_over_limit_refuse,
    rate_limit_allows,
)
from live.staff import event_for_staff, for_staff, reachable


def _rounds():
    return QuestionRound.objects.select_related("event", "session", "pinned")


def participant_page(request: HttpRequest, code: str) -> str | None:
    """Where a typed code of a round leads this person (live.codes.join_page)."""
    question_round = QuestionRound.objects.select_related("event").filter(code=code).first()
    if question_round is None or not reachable(request, question_round):
        return None
    return reverse("audience:participant", args=[code])


def _get_round_for_editor(request: HttpRequest, code: str) -> QuestionRound:
    return for_staff(request, _rounds(), code_from_address(code))


# --- Participants -------------------------------------------------------------------------------


class _JoinForm(JoinForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("Code")
        self.fields["code"].help_text = _("Der Code steht auf der Leinwand, z. B. PODIUM.")


@require_GET
def join(request: HttpRequest) -> HttpResponse:
    """Where participants type the code; codes of dot-votes and polls lead to theirs."""
    form = _JoinForm(request.GET or None)
    if form.is_valid():
        code = form.cleaned_data["code"]
        if (wait := code_lookup_refused(request, code)) is not None:
            return _lookups_refused(request, code, wait, as_json=False)
        if (page := join_page(request, code)) is not None:
            return redirect(page)
        return _not_found(request, code, as_json=False)
    return render(request, "audience/join.html", {"form": form}, status=404 if form.errors else 200)


# Unknown codes and too many of them (live.http.CodeRefusals).
_refusals = CodeRefusals(
    join_template="audience/join.html", form_class=_JoinForm, not_found_message=services.NOT_FOUND
)
_not_found = _refusals.not_found
_lookups_refused = _refusals.lookups_refused
_join_page_with_error = _refusals.join_page_with_error


def _participant_for(
    question_round: QuestionRound, token: str | None
) -> AudienceParticipant | None:
    if token is None:
        return None
    token_hash = participant_token_hash(code=question_round.code, token=token)
    return AudienceParticipant.objects.filter(round=question_round, token_hash=token_hash).first()


def _participant_context(
    question_round: QuestionRound, me: AudienceParticipant | None, form=None
) -> dict:
    payload = state_payload(question_round, hidden_numbers=False)
    mine = my_upvotes(question_round, me)
    return {
        "round": question_round,
        "questions": payload["questions"],
        "pinned": payload["pinned"],
        "mine": mine,
        "mine_list": ",".join(str(pk) for pk in sorted(mine)),
        "waiting": my_waiting_questions(question_round, me),
        "form": form or AskForm(),
        "event_public": question_round.event.is_published,
    }


@require_GET
def participant(request: HttpRequest, code: str) -> HttpResponse:
    if code != code.upper():
        return redirect("audience:participant", code_from_address(code))
    code = code_from_address(code)
    if (wait := code_lookup_refused(request, code)) is not None:
        return _lookups_refused(request, code, wait, as_json=False)
    question_round = _rounds().filter(code=code).first()
    if question_round is None or not reachable(request, question_round):
        return _not_found(request, code, as_json=False)
    # The page writes nothing: the token becomes a participant with its first question or vote.
    token = participant_token(request)
    response = render(
        request,
        "audience/participant.html",
        _participant_context(question_round, _participant_for(question_round, token)),
    )
    if token is None:
        participant_token_set(response, participant_token_new(), path=reverse("audience:join"))
    joined_code_remember(request, response, question_round.code, path=reverse("audience:join"))
    return response


def _refused_answer(request: HttpRequest, code: str, refusal: AudienceRefused) -> HttpResponse:
    refusal = lookup_failure_counted(request, code, refusal, services.NOT_FOUND)
    if wants_json(request):
        return refusal.as_json()
    messages.error(request, refusal.message)
    return redirect(reverse("audience:participant", args=[code]) + "#fragen")


def _round_for_write(request: HttpRequest, code: str) -> QuestionRound:
    """The round a write goes to, after the checks every write takes first: code lookups, the
    round reachable for this person."""
    lookups_over_limit_refuse(request, code, AudienceRefused)
    question_round = QuestionRound.objects.select_related("event").filter(code=code).first()
    if question_round is None or not reachable(request, question_round):
        raise AudienceRefused(services.NOT_FOUND, status=404)
    return question_round


def _writer(request: HttpRequest, code: str) -> str:
    """The participant's token for a write to a round found: the cookie, the rate limit."""
    token = participant_token(request)
    if token is None:
        raise AudienceRefused(UNKNOWN_PARTICIPANT, status=403)
    if not rate_limit_allows(participant_token_hash(code=code, token=token)):
        raise AudienceRefused(
            _("Zu viele Anfragen in kurzer Zeit. Bitte warten Sie einen Moment."), status=429
        )
    return token


def _ask_refused_page(
    request: HttpRequest, question_round: QuestionRound, refusal: AudienceRefused
) -> HttpResponse:
    """Without the page script: the participant page again, with the reason at the question's
    field and the text as it was typed (a redirect would lose it). Only for a round the request
    found and may see: a refused lookup or an unknown code is answered as everywhere."""
    form = AskForm(request.POST)
    form.is_valid()
    if not form.has_error("text"):
        form.add_error("text", str(refusal.message))
    token = participant_token(request)
    me = _participant_for(question_round, token)
    response = render(
        request,
        "audience/participant.html",
        _participant_context(question_round, me, form=form),
        status=refusal.status,
    )
    if token is None:  # as the page gives it: the next try is a participant's
        participant_token_set(response, participant_token_new(), path=reverse("audience:join"))
    return refusal.mark(response)


@require_POST
def ask(request: HttpRequest, code: str) -> HttpResponse:
    """A participant's new question (``text``). JSON with ``Accept: application/json``;
    otherwise post/redirect/get with a message."""
    code = code_from_address(code)
    found = None
    try:
        found = _round_for_write(request, code)
        token = _writer(request, code)
        form = AskForm(request.POST)
        if not form.is_valid():
            raise AudienceRefused(" ".join(form.errors.get("text", [])), status=422)
        question = services.question_ask(code=code, token=token, text=form.cleaned_data["text"])
    except AudienceRefused as refusal:
        if not wants_json(request) and found is not None:
            return _ask_refused_page(request, found, refusal)
        return _refused_answer(request, code, refusal)
    if question.status == AudienceQuestion.Status.PENDING:
        message = _("Danke! Ihre Frage erscheint, sobald die Moderation sie freigibt.")
    else:
        message = _("Danke! Ihre Frage ist jetzt in der Liste.")
    if wants_json(request):
        return JsonResponse(
            {"question": question.pk, "status": question.status, "message": message}
        )
    messages.success(request, message)
    return redirect(reverse("audience:participant", args=[code]) + "#fragen")


@require_POST
def upvote(request: HttpRequest, code: str) -> HttpResponse:
    """Give the participant's vote to a question (``upvoted=1``) or take it back (``0``)."""
    code = code_from_address(code)
    try:
        _round_for_write(request, code)
        token = _writer(request, code)
        form = UpvoteForm(request.POST)
        if not form.is_valid():
            raise AudienceRefused(_("Ungültige Anfrage."), status=400)
        saved = services.upvote_set(
            code=code,
            token=token,
            question_id=form.cleaned_data["question"],
            upvoted=form.cleaned_data["upvoted"],
        )
    except AudienceRefused as refusal:
        return _refused_answer(request, code, refusal)
    message = (
        _("Ihre Stimme ist gezählt.") if saved.upvoted else _("Ihre Stimme ist zurückgenommen.")
    )
    if wants_json(request):
        return JsonResponse(
            {
                "question": saved.question_id,
                "upvoted": saved.upvoted,
                "votes": saved.votes,
                "message": message,
            }
        )
    messages.success(request, message)
    return redirect(reverse("audience:participant", args=[code]) + f"#frage-{saved.question_id}")


# The last state.json body per code in this process, with the round it was read from: a room of
# phones polling costs one computation per POLL_STATE_CACHE_MS and process, not one per phone.
_state_bodies = RecentAnswers("POLL_STATE_CACHE_MS")


def _state_body(code: str) -> tuple[bytes, QuestionRound] | None:
    def compute():
        question_round = _rounds().filter(code=code).first()
        if question_round is None:
            return None
        body = json.dumps(state_payload(question_round), ensure_ascii=False, separators=(",", ":"))
        return body.encode(), question_round

    return _state_bodies.get(code, compute)


@require_GET
def state(request: HttpRequest, code: str) -> HttpResponse:
    """The released questions with their votes, the pinned one and the round's status; polled by
    the phones and the projector. The same for everyone, staff included."""
    return _refusals.shared_json(request, code, _state_body)


# --- Staff --------------------------------------------------------------------------------------


@login_required
@require_GET
def projector(request: HttpRequest, code: str) -> HttpResponse:
    question_round = _get_round_for_editor(request, code)
    join_url = request.build_absolute_uri(
        reverse("audience:participant", args=[question_round.code])
    )
    payload = state_payload(question_round, hidden_numbers=False)
    pinned = next((q for q in payload["questions"] if q["id"] == payload["pinned"]), None)
    others = [q for q in payload["questions"] if q["id"] != payload["pinned"]][:PROJECTOR_TOP]
    context = {
        "round": question_round,
        "live": question_round,
        "pinned": pinned,
        "questions": others,
        "top": PROJECTOR_TOP,
        "join_url": join_url,
        "join_page": request.build_absolute_uri(reverse("audience:join")),
        "qr_svg": qr_svg(join_url),
        # The room is invited until the first question is released; then it sees the questions.
        "initial_view": question_round.projector_view
        or ("results" if payload["questions"] else "join"),
    }
    return render(request, "audience/projector.html", context)


def _staff_actions(question_round: QuestionRound, question: AudienceQuestion) -> list[str]:
    """The moderation's buttons for one question, in the order they are shown."""
    Status = AudienceQuestion.Status
    if question.status == Status.PENDING:
        return ["release", "hide"]
    if question.status == Status.HIDDEN:
        return ["release"]
    return [
        "unpin" if question.pk == question_round.pinned_id else "pin",
        "unanswered" if question.answered_at else "answered",
        "hide",
    ]


def _staff_context(question_round: QuestionRound) -> dict:
    questions = list(staff_questions(question_round))
    for question in questions:
        question.staff_actions = _staff_actions(question_round, question)
    Status = AudienceQuestion.Status
    return {
        "round": question_round,
        "pending": [q for q in questions if q.status == Status.PENDING],
        "released": [q for q in questions if q.status == Status.RELEASED],
        "hidden": [q for q in questions if q.status == Status.HIDDEN],
        "controls": _controls(question_round, questions),
        "moderation": dict(ModerationForm.ACTIONS),
    }


def _controls(question_round: QuestionRound, questions) -> list[tuple[str, str]]:
    actions = []
    if question_round.status == QuestionRound.Status.DRAFT:
        actions.append("start")
    elif question_round.status == QuestionRound.Status.LIVE:
        actions.append("finish")
    else:
        actions.append("reopen")
    if any(q.status == AudienceQuestion.Status.PENDING for q in questions):
        actions.append("release_all")
    labels = dict(ControlForm.ACTIONS)
    return [(action, labels[action]) for action in actions]


@login_required
@require_GET
def staff(request: HttpRequest, code: str) -> HttpResponse:
    """The moderation's page, on a laptop or phone beside the projector."""
    question_round = _get_round_for_editor(request, code)
    return render(request, "audience/staff.html", _staff_context(question_round))


@login_required
@require_GET
def staff_fragment(request: HttpRequest, code: str) -> HttpResponse:
    """The staff page's list alone, for its page script. The ETag comes from the data, not the
    markup (its CSRF tokens differ on every rendering): an unchanged list costs a 304."""
    question_round = _get_round_for_editor(request, code)
    rows = list(
        staff_questions(question_round).values_list(
            "pk", "status", "votes", "answered_at", "documented"
        )
    )
    key = json.dumps([question_round.status, question_round.pinned_id, rows], default=str)
    return conditional(
        request,
        key.encode(),
        lambda: render(request, "audience/_staff_live.html", _staff_context(question_round)),
    )


@login_required
@require_POST
def control(request: HttpRequest, code: str) -> HttpResponse:
    """Start, finish or reopen the round; release every waiting question."""
    question_round = _get_round_for_editor(request, code)

    def release_all(_data: dict) -> str:
        released = services.questions_release_all(question_round=question_round)
        return ngettext("%(n)d Frage freigegeben.", "%(n)d Fragen freigegeben.", released) % {
            "n": released
        }

    steps = {
        "start": step(
            _("Die Fragerunde läuft: das Publikum kann jetzt fragen."),
            services.round_start,
            question_round=question_round,
        ),
        "finish": step(
            _("Die Fragerunde ist beendet."),
            services.round_finish,
            question_round=question_round,
        ),
        "reopen": step(
            _("Die Fragerunde läuft wieder."),
            services.round_reopen,
            question_round=question_round,
        ),
        "release_all": release_all,
    }
    form = ControlForm(request.POST)
    return control_pressed(
        request, question_round, form, steps, staff_page="audience:staff", logged_as="audience"
    )


@login_required
@require_POST
def moderate(request: HttpRequest, code: str) -> HttpResponse:
    """One question: release, hide, answered or not, pin or unpin."""
    question_round = _get_round_for_editor(request, code)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        messages.error(request, UNKNOWN_ACTION)
        return redirect("audience:staff", question_round.code)
    question = get_object_or_404(question_round.questions, pk=form.cleaned_data["question"])
    action = form.cleaned_data["action"]
    try:
        services.question_moderate(question=question, action=action)
    except AudienceRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Gespeichert."))
        log_event(f"audience question {action}", code=question_round.code, by=request.user)
    return redirect(reverse("audience:staff", args=[question_round.code]) + f"#frage-{question.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, code: str) -> HttpResponse:
    """Staff choose the released questions that go into the documentation, and publish them."""
    question_round = _get_round_for_editor(request, code)
    if request.method == "POST":
        chosen = request.POST.getlist("question")
        if not all(value.isascii() and value.isdigit() and len(value) < 19 for value in chosen):
            messages.error(request, _("Ungültige Anfrage."))
            return redirect("audience:publish", question_round.code)
        try:
            group = services.round_publish(question_round=question_round, question_ids=chosen)
        except AudienceRefused as refusal:
            messages.error(request, refusal.message)
            return redirect("audience:publish", question_round.code)
        if group is None:
            messages.success(request, _("Keine Fragen mehr in der Dokumentation."))
        else:
            messages.success(
                request,
                _("Die gewählten Fragen stehen jetzt in der Dokumentation der Veranstaltung."),
            )
        log_event(
            "audience publish",
            code=question_round.code,
            event=question_round.event_id,
            by=request.user,
        )
        return redirect("audience:staff", question_round.code)
    context = {
        "round": question_round,
        "questions": list(visible_questions(question_round).order_by("created_at", "id")),
        "lead": services.group_lead(question_round),
    }
    return render(request, "audience/publish.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def event_rounds(request: HttpRequest, slug: str) -> HttpResponse:
    """An event's question rounds, and a new one."""
    event = event_for_staff(request, slug)
    form = RoundCreateForm(request.POST or None, sessions=event.sessions.all())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            question_round = services.round_create(
                event=event,
                title=data["title"],
                session=data["session"],
                premoderated=data["premoderated"],
                documented_as=data["documented_as"],
            )
        except AudienceRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Die Fragerunde ist angelegt."))
            return redirect("audience:staff", question_round.code)
    context = {
        "event": event,
        "rounds": event.question_rounds.order_by("-created_at"),
        "form": form,
    }
    return render(request, "audience/event_rounds.html", context)

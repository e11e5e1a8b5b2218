"""Live dot-voting pages.

Participants: ``GET /vote/<code>/`` (sets the participant cookie; the first dot makes the
participant), ``POST /vote/<code>/ballot/``.
Everyone: ``GET /vote/<code>/results.json`` (numbers only when visible or for the vote's staff).
Staff of the event's municipality: the projector, the page with its controls, the paper counts.
"""

import json

import reversion
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from engagement_portal.lib.qr import qr_svg
from events.history import documentation_revision, note_change
from live import changes, push
from live.codes import code_from_address, join_page
from live.controls import control_pressed, result_steps, step
from live.forms import JoinForm
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
    code_lookup_refused,
    joined_code_remember,
    lookup_failure_counted,
    lookups_over_limit_refuse,
)
from live.staff import for_staff, reachable, runs
from voting import services
from voting.forms import ControlForm, PaperCountForm
from voting.models import DotVote, PaperCount, Participant
from voting.selectors import (
    dots_placed,
    item_tallies,
    items_with_my_dots,
    results_payload,
    vote_totals,
)
from voting.services import VoteRefused

MAX_ID = 2**63 - 1


def _read_token(request: HttpRequest) -> str | None:
    return participant_token(request)


def _participant_for(vote: DotVote, token: str) -> Participant | None:
    """The participant of this cookie token, or None before their first dot."""
    token_hash = participant_token_hash(code=vote.code, token=token)
    return Participant.objects.filter(vote=vote, token_hash=token_hash).first()


def participant_page(request: HttpRequest, code: str) -> str | None:
    """Where a typed code of a vote leads this person (live.codes.join_page)."""
    vote = _vote_for_participants(request, code)
    return reverse("voting:participant", args=[code]) if vote is not None else None


def _vote_for_participants(request: HttpRequest, code: str) -> DotVote | None:
    """The vote as a participant may reach it, with its event; None as for an unknown code."""
    vote = DotVote.objects.select_related("event").filter(code=code).first()
    return vote if vote is not None and reachable(request, vote) else None


def _get_vote_for_editor(request: HttpRequest, code: str) -> DotVote:
    return for_staff(
        request,
        DotVote.objects.select_related("event", "event__municipality"),
        code_from_address(code),
    )


def _ranking_context(vote: DotVote) -> dict:
    """The ranked items that have dots; those without are only counted, to keep a long list of
    recommendations readable on a projector. The first row's total is the longest bar."""
    tallies = list(item_tallies(vote))
    ranked = [item for item in tallies if item.dots or item.paper]
    return {
        "tallies": ranked,
        "unranked": len(tallies) - len(ranked),
        "top_total": ranked[0].dots + ranked[0].paper if ranked else 0,
    }


@require_GET
def join(request: HttpRequest) -> HttpResponse:
    """Where participants type the code from the projector; a poll's code leads to the poll."""
    form = JoinForm(request.GET or None)
    if form.is_valid():
        code = form.cleaned_data["code"]
        # An unknown code goes to the vote's page, which answers "not found" and counts it.
        return redirect(join_page(request, code) or reverse("voting:participant", args=[code]))
    return render(request, "voting/join.html", {"form": form})


# The participant page of a phone on its first visit, per vote, address and language, in this
# process (live.http.shared_page), until staff change what it shows (live.changes).
_first_pages = RecentAnswers("VOTE_RESULTS_CACHE_MS", follows=(changes.STATE,))


@require_GET
def participant(request: HttpRequest, code: str) -> HttpResponse:
    if code != code.upper():
        return redirect("voting:participant", code_from_address(code))
    code = code_from_address(code)
    if (wait := code_lookup_refused(request, code)) is not None:
        return _lookups_refused(request, code, wait, as_json=False)
    # The page writes nothing: the token is only a cookie until its first dot makes it a
    # participant (services.ballot_set), so the count of participants counts people who voted.
    token = _read_token(request)
    new_token = token is None
    if new_token:
        token = participant_token_new()

    def context(token=None) -> dict | None:
        # Of a draft documentation only what the facilitator chose to show: the vote's title
        # and its items, not the event's title nor the recommendations' action fields.
        vote = _vote_for_participants(request, code)
        if vote is None:
            return None
        context = {"vote": vote, "event_public": vote.event.is_published}
        if not vote.is_published:
            me = _participant_for(vote, token) if token is not None else None
            context["items"] = items_with_my_dots(vote, me)
            context["remaining"] = vote.dots_per_participant - (dots_placed(me) if me else 0)
        if vote.status in (DotVote.Status.CLOSED, DotVote.Status.PUBLISHED) and not (
            vote.results_hidden
        ):
            context.update(_ranking_context(vote))
            context["totals"] = vote_totals(vote)
        return context

    if first_visit(request):
        # The room's new phones get one page, found and rendered once per VOTE_RESULTS_CACHE_MS.
        response = shared_page(request, _first_pages, code, "voting/participant.html", context)
    else:
        found = context(None if new_token else token)
        response = None if found is None else render(request, "voting/participant.html", found)
    if response is None:
        return _not_found(request, code, as_json=False)
    if new_token:
        participant_token_set(response, token, path=reverse("voting:join"))
    joined_code_remember(request, response, code, path=reverse("voting:join"))
    return response


# Unknown codes and too many of them (live.http.CodeRefusals).
_refusals = CodeRefusals(
    join_template="voting/join.html", form_class=JoinForm, not_found_message=services.NOT_FOUND
)
_not_found = _refusals.not_found
_lookups_refused = _refusals.lookups_refused
_join_page_with_error = _refusals.join_page_with_error


def _parse_ballot(data) -> tuple[int, int]:
    try:
        item_id, dots = int(data["item"]), int(data["dots"])
    except (KeyError, ValueError):
        raise VoteRefused(
            _("Ungültige Anfrage: Eintrag und Punktzahl müssen Zahlen sein."), status=400
        ) from None
    if not 1 <= item_id <= MAX_ID:
        raise VoteRefused(services.UNKNOWN_ITEM, status=404)
    return item_id, dots


@require_POST
def ballot(request: HttpRequest, code: str) -> HttpResponse:
    """Set the dots on one item (``item``, ``dots`` = the new number). JSON in and out with
    ``Accept: application/json``; otherwise post/redirect/get with a message."""
    code = code_from_address(code)
    item_id = None
    try:
        lookups_over_limit_refuse(request, code, VoteRefused)
        item_id, dots = _parse_ballot(request.POST)
        token = _read_token(request)
        if token is None:
            if _vote_for_participants(request, code) is None:
                raise VoteRefused(services.NOT_FOUND, status=404)
            raise VoteRefused(UNKNOWN_PARTICIPANT, status=403)
        result = services.ballot_set(
            code=code, token=token, item_id=item_id, dots=dots, rate_limited=True
        )
    except VoteRefused as refusal:
        refusal = _refusal_as_seen(request, code, refusal)
        if wants_json(request):
            return refusal.as_json()
        # Tagged with its item, the page shows it in that item's row (voting/participant.html).
        on_item = item_id is not None and refusal.status != 404
        messages.error(request, refusal.message, extra_tags=f"item-{item_id}" if on_item else "")
        return _back_to_item(code, item_id)
    if wants_json(request):
        return JsonResponse(
            {"item": result.item_id, "dots": result.dots, "remaining": result.remaining}
        )
    messages.success(
        request,
        ngettext(
            "Gespeichert: %(dots)d Punkt auf diesem Eintrag, noch %(remaining)d übrig.",
            "Gespeichert: %(dots)d Punkte auf diesem Eintrag, noch %(remaining)d übrig.",
            result.dots,
        )
        % {"dots": result.dots, "remaining": result.remaining},
        extra_tags=f"item-{item_id}",
    )
    return _back_to_item(code, item_id)


def _refusal_as_seen(request: HttpRequest, code: str, refusal: VoteRefused) -> VoteRefused:
    """ "Closed" is "not found" to whom the vote does not answer (``live.staff.reachable``). A
    vote that is over refuses every ballot so (its status is checked first), and only then costs
    this query.
    "Not found" counts as a failed lookup of the client (``_not_found``)."""
    if refusal.message == services.CLOSED and _vote_for_participants(request, code) is None:
        refusal = VoteRefused(services.NOT_FOUND, status=404)
    return lookup_failure_counted(request, code, refusal, services.NOT_FOUND)


def _back_to_item(code: str, item_id: int | None) -> HttpResponse:
    """Post/redirect/get for the form without JavaScript: back to the item just changed."""
    page = reverse("voting:participant", args=[code])
    return redirect(f"{page}#item-{item_id}" if item_id is not None else page)


# The vote of a code and its ranking's JSON (with and without numbers) in this process, until a
# ballot or staff change it (live.changes): a projector and a room of phones polling cost one
# computation per change, and a poll that finds nothing new at most two small queries per
# VOTE_RESULTS_CACHE_MS and process and the ETag's comparison.
_results = RecentAnswers("VOTE_RESULTS_CACHE_MS", follows=(changes.STATE, changes.NUMBERS))


def _results_of(code: str) -> tuple[DotVote, dict[bool, bytes]] | None:
    def compute():
        vote = DotVote.objects.select_related("event").filter(code=code).first()
        return (vote, {}) if vote is not None else None

    return _results.get(code, compute)


@require_GET
def results(request: HttpRequest, code: str) -> HttpResponse:
    """The ranking as JSON, with an ETag: a poll that finds nothing new gets a bodyless 304."""
    code = code_from_address(code)
    if (wait := code_lookup_refused(request, code)) is not None:
        return _lookups_refused(request, code, wait, as_json=True)
    found = _results_of(code)
    if found is None or not reachable(request, found[0]):
        return _not_found(request, code, as_json=True)
    vote, bodies = found
    with_numbers = not vote.results_hidden or runs(request.user, vote.event)
    if with_numbers not in bodies:
        payload = results_payload(vote, with_numbers=with_numbers)
        bodies[with_numbers] = json.dumps(
            payload, ensure_ascii=False, separators=(",", ":")
        ).encode()
    body = bodies[with_numbers]
    return conditional(request, body, lambda: HttpResponse(body, content_type="application/json"))


# --- What a phone follows: whether the vote is open and its result visible ----------------------


def _state_body(vote: DotVote) -> bytes:
    state = {"status": vote.status, "hidden": vote.results_hidden}
    return json.dumps(state, separators=(",", ":")).encode()


# The state.json of a code in this process with the vote it was read from, until staff change
# it (live.changes): a room of phones polling (where there is no stream) costs one query per
# period and process.
_states = RecentAnswers("VOTE_RESULTS_CACHE_MS", follows=(changes.STATE,))


def _state_of(code: str) -> tuple[bytes, DotVote] | None:
    def compute():
        vote = DotVote.objects.select_related("event").filter(code=code).first()
        return None if vote is None else (_state_body(vote), vote)

    return _states.get(code, compute)


@require_GET
def state(request: HttpRequest, code: str) -> HttpResponse:
    """``GET /vote/<code>/state.json``: the vote's status and whether its result is hidden, the
    same for everyone. A phone's page follows it (pushed on the stream where there is one, else
    polled) and says when the vote closes, opens or shows its result."""
    return _refusals.shared_json(request, code, _state_of)


def _stream_lookup(request: HttpRequest, code: str) -> tuple[HttpResponse | None, bool]:
    """For a stream: the refusal to send instead, and whether the person runs this vote."""
    if (wait := code_lookup_refused(request, code)) is not None:
        return _lookups_refused(request, code, wait, as_json=True), False
    vote = _vote_for_participants(request, code)
    if vote is None:
        return _not_found(request, code, as_json=True), False
    return None, runs(request.user, vote.event)


def _stream_message(code: str, language: str) -> push.Message | None:
    """The pushed message: state.json's body, for phones and staff alike."""
    vote = DotVote.objects.select_related("event").filter(code=code).first()
    if vote is None:
        return None
    body = _state_body(vote)
    return push.Message(
        body=body, lean=body, version=vote.status, public=body, staff_only=vote.is_over_in_draft
    )


# ``GET /vote/<code>/events/``: state.json's changes pushed as Server-Sent Events (live.push).
events = push.events_view(message=_stream_message, lookup=_stream_lookup)


# (action, statuses it applies in, shown only while the result is hidden / visible / either)
CONTROLS = [
    ("open", ["draft", "closed"], None),
    ("close", ["open"], None),
    ("reveal", ["draft", "open", "closed"], True),
    ("hide", ["draft", "open", "closed"], False),
    ("publish", ["closed"], None),
    ("reopen", ["published"], None),
]


def _controls(vote: DotVote) -> list[dict]:
    labels = dict(ControlForm.ACTIONS)
    return [
        {
            "action": action,
            "label": labels[action],
            "when": " ".join(statuses),
            "when_hidden": "" if hidden is None else str(hidden).lower(),
            "visible": vote.status in statuses
            and (hidden is None or hidden == vote.results_hidden),
        }
        for action, statuses, hidden in CONTROLS
    ]


@login_required
@require_GET
def projector(request: HttpRequest, code: str) -> HttpResponse:
    vote = _get_vote_for_editor(request, code)
    join_url = request.build_absolute_uri(reverse("voting:participant", args=[vote.code]))
    context = {
        "live": vote,
        "vote": vote,
        "join_url": join_url,
        "join_page": request.build_absolute_uri(reverse("voting:join")),
        "qr_svg": qr_svg(join_url),
        **(_ranking_context(vote) if not vote.results_hidden else {}),
        "totals": vote_totals(vote),
        # The room is invited while the vote is prepared or open; afterwards it sees the result.
        "initial_view": vote.projector_view
        or ("join" if vote.status in ("draft", "open") else "results"),
        # The page script fills copies of this row; the markup exists once, in the include.
        "empty_row": {"id": "", "title": "", "dots": 0, "paper": 0, "voters": 0},
    }
    return render(request, "voting/projector.html", context)


@login_required
@require_GET
def staff(request: HttpRequest, code: str) -> HttpResponse:
    """The facilitator's page with the buttons, on a laptop or phone beside the projector: the
    projected page shows none."""
    vote = _get_vote_for_editor(request, code)
    context = {"vote": vote, "totals": vote_totals(vote), "controls": _controls(vote)}
    return render(request, "voting/staff.html", context)


@login_required
@require_POST
def control(request: HttpRequest, code: str) -> HttpResponse:
    """The facilitator's buttons: open, close, reveal, hide, reset (confirmed), publish, reopen."""
    vote = _get_vote_for_editor(request, code)

    def reset(_data: dict) -> str:
        deleted = services.dot_vote_reset(vote=vote)
        return ngettext(
            "Zurückgesetzt: %(n)d Punkt gelöscht.",
            "Zurückgesetzt: %(n)d Punkte gelöscht.",
            deleted,
        ) % {"n": deleted}

    steps = {
        "open": step(_("Die Abstimmung ist offen."), services.dot_vote_open, vote=vote),
        "close": step(_("Die Abstimmung ist geschlossen."), services.dot_vote_close, vote=vote),
        **result_steps(services.dot_vote_results_hidden_set, vote=vote),
        "reset": reset,
        "publish": step(
            _("Veröffentlicht: Das Ergebnis steht in der Priorisierung der Veranstaltung."),
            services.dot_vote_publish,
            vote=vote,
        ),
        "reopen": step(
            _("Die Veröffentlichung ist zurückgenommen."), services.dot_vote_reopen, vote=vote
        ),
    }
    form = ControlForm(request.POST)
    return control_pressed(
        request, vote, form, steps, staff_page="voting:staff", logged_as="dot-vote"
    )


def _note_paper_counts(vote: DotVote, items: list, counts: dict[int, int]) -> None:
    """The paper counts that changed, in the event's history (the service writes them in bulk,
    past the history's signals)."""
    changed = [item for item in items if counts.get(item.id, item.paper) != item.paper]
    for paper_count in PaperCount.objects.filter(item__in=changed):
        reversion.add_to_revision(paper_count)
    field = str(PaperCount._meta.get_field("dots").verbose_name)
    message = [
        {
            "changed": {
                "name": str(PaperCount._meta.verbose_name),
                "object": item.title,
                "fields": [field],
            }
        }
        for item in changed
    ]
    if message:
        note_change("change", vote, message)


@login_required
@require_http_methods(["GET", "POST"])
def paper(request: HttpRequest, code: str) -> HttpResponse:
    """Staff type in the dots of a paper vote; they add up with the live dots."""
    vote = _get_vote_for_editor(request, code)
    items = list(item_tallies(vote).order_by("order", "id"))
    form = PaperCountForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            with documentation_revision(request.user):
                services.paper_counts_save(vote=vote, counts=form.counts())
                _note_paper_counts(vote, items, form.counts())
        except VoteRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Die Papierpunkte sind gespeichert."))
            return redirect("voting:staff", vote.code)
    rows = [(item, form[f"item_{item.id}"]) for item in items]
    return render(request, "voting/paper.html", {"vote": vote, "form": form, "rows": rows})

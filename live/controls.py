"""The facilitator's buttons, written once for the live features: a staff page posts an action,
the feature's step for it runs and says what it did, or its refusal is shown; either way the
facilitator is back on the staff page."""

from collections.abc import Callable, Mapping

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from engagement_portal.lib.logs import log_event
from live.refusals import LiveRefused

UNKNOWN_ACTION = _("Unbekannte Aktion.")

# A button's step: gets the form's cleaned data, does the change, returns what it did.
Step = Callable[[dict], str]


def step(message: str, service: Callable, **arguments) -> Step:
    """The step that calls ``service(**arguments)`` and then says ``message``."""

    def run(_data: dict) -> str:
        service(**arguments)
        return message

    return run


def result_steps(service: Callable, **arguments) -> dict[str, Step]:
    """The buttons "reveal" and "hide" of a result: ``service(**arguments, hidden=...)``."""
    return {
        "reveal": step(_("Das Ergebnis ist aufgedeckt."), service, hidden=False, **arguments),
        "hide": step(_("Das Ergebnis ist verborgen."), service, hidden=True, **arguments),
    }


def control_pressed(
    request: HttpRequest,
    live,
    form: forms.Form,
    steps: Mapping[str, Step],
    *,
    staff_page: str,
    logged_as: str,
) -> HttpResponse:
    """Runs the step of the action ``form`` names on ``live`` (a dot-vote, a poll's run, a
    question round) and shows its message on the staff page (the URL name ``staff_page``). A
    refusal (``LiveRefused``) is shown instead, and an action without a step is unknown; neither
    is logged. A step's ``Http404`` (a question of another run) is the answer as it is."""
    back = redirect(staff_page, live.code)
    if not form.is_valid():
        for error in form.non_field_errors() or [UNKNOWN_ACTION]:
            messages.error(request, error)
        return back
    action = form.cleaned_data["action"]
    if action not in steps:
        messages.error(request, UNKNOWN_ACTION)
        return back
    try:
        done = steps[action](form.cleaned_data)
    except LiveRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, done)
        log_event(f"{logged_as} {action}", code=live.code, event=live.event_id, by=request.user)
    return back

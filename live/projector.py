"""The projector's view chosen by staff from any device, written once for both features: the
staff page posts here, the projected page reads the choice from the state it follows (the
dot-vote's results.json, the poll's state.json and its push) and applies it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engagement_portal.lib.logs import log_event
from live import push
from live.models import Projected
from live.staff import for_staff


def projector_view_set(*, live: Projected, view: str) -> None:
    """Store the staff's choice; the projector applies it on its next look at the state."""
    if view not in Projected.View.values:
        raise ValueError(view)
    live.projector_view = view
    live.projector_view_at = timezone.now()
    type(live).objects.filter(pk=live.pk).update(
        projector_view=live.projector_view, projector_view_at=live.projector_view_at
    )
    push.announce(live.code)


def projector_view_switch(model: type[Projected], staff_page: str):
    """``POST <code>/projector/view/`` with ``view`` (join or results) for ``model``'s staff:
    back to their staff page ``staff_page`` (a URL name) with what happened."""

    @login_required
    @require_POST
    def switch(request, code: str):
        live = for_staff(request, model.objects.select_related("event"), code.upper())
        view = request.POST.get("view", "")
        if view in Projected.View.values:
            projector_view_set(live=live, view=view)
            messages.success(
                request,
                _("Der Beamer zeigt jetzt: %(view)s.") % {"view": Projected.View(view).label},
            )
            log_event("projector view", code=live.code, event=live.event_id, by=request.user)
        else:
            messages.error(request, _("Unbekannte Ansicht."))
        return redirect(staff_page, live.code)

    return switch

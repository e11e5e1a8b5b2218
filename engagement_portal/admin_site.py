"""The admin site: the start page leads with the staff's main task, documenting an event."""

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.urls import reverse

# Apps in the order of the work: the documentation first, then what it refers to; the rest
# (reference data, accounts, the operator's pages) alphabetically after them.
APP_ORDER = ["events", "uploads", "recommendations", "stakeholders", "voting", "polls"]
# Within an app, these models first (the rest alphabetically, as Django sorts them).
MODEL_ORDER = {"events": ["Event", "Session"]}


def _position(order: list[str], name: str) -> tuple[int, int]:
    return (order.index(name), 0) if name in order else (len(order), 0)


class PortalAdminSite(admin.AdminSite):
    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        app_list.sort(key=lambda app: _position(APP_ORDER, app["app_label"]))
        for app in app_list:
            order = MODEL_ORDER.get(app["app_label"], [])
            app["models"].sort(key=lambda model: _position(order, model["object_name"]))
        return app_list

    def index(self, request, extra_context=None):
        context = {"main_task": self._main_task(request), **(extra_context or {})}
        return super().index(request, context)

    def _main_task(self, request) -> dict | None:
        """A new documentation (its form opens the editor), the last ones changed, the list and
        the import, for those who may add one."""
        event_admin = self._registry.get(apps.get_model("events", "Event"))
        if event_admin is None or not event_admin.has_add_permission(request):
            return None
        from authoring.forms import NewDocumentationForm

        Event = apps.get_model("events", "Event")
        recent = Event.objects.for_editor(request.user).order_by("-updated_at")[:5]
        return {
            "changelist": reverse(f"{self.name}:events_event_changelist"),
            "add": reverse(f"{self.name}:events_event_add"),
            "import": reverse(f"{self.name}:events_event_import"),
            "create": reverse("authoring:create"),
            "form": NewDocumentationForm(user=request.user),
            "recent": [(event, reverse("authoring:editor", args=[event.pk])) for event in recent],
        }


class PortalAdminConfig(AdminConfig):
    default_site = "engagement_portal.admin_site.PortalAdminSite"

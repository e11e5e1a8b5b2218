"""The operator's pages and the accessibility feedback: superusers only. An editor of a
municipality neither sees nor changes them (they speak for the operator of the whole portal)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from legal.forms import LegalPageForm
from legal.models import AccessibilityFeedback, LegalPage


class SuperusersOnly(admin.ModelAdmin):
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


@admin.register(LegalPage)
class LegalPageAdmin(SuperusersOnly):
    form = LegalPageForm
    list_display = ["kind", "written_de", "written_en", "updated_at"]

    @admin.display(boolean=True, description=_("Deutscher Text geschrieben"))
    def written_de(self, obj: LegalPage) -> bool:
        return bool(obj.text("de"))

    @admin.display(boolean=True, description=_("Englischer Text geschrieben"))
    def written_en(self, obj: LegalPage) -> bool:
        return bool(obj.text("en"))

    def has_add_permission(self, request):
        # One row per page; "add" only while a page has none.
        missing = set(LegalPage.Kind.values) - set(LegalPage.objects.values_list("kind", flat=True))
        return super().has_add_permission(request) and bool(missing)

    def get_fields(self, request, obj=None):
        fields = ["kind", "body_de", "body_en"]
        if obj is None or obj.kind == LegalPage.Kind.SIGN_LANGUAGE:
            fields.append("video_url")
        return fields

    def get_readonly_fields(self, request, obj=None):
        return ["kind"] if obj is not None else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None:
            taken = set(LegalPage.objects.values_list("kind", flat=True))
            form.base_fields["kind"].choices = [
                (value, label) for value, label in LegalPage.Kind.choices if value not in taken
            ]
        return form


@admin.register(AccessibilityFeedback)
class AccessibilityFeedbackAdmin(SuperusersOnly):
    list_display = ["created_at", "short_message", "page", "has_email", "mailed_at", "handled"]
    list_filter = ["handled", "created_at"]
    list_editable = ["handled"]
    search_fields = ["message", "page", "name", "email"]
    fields = ["created_at", "message", "name", "email", "page", "language", "mailed_at", "handled"]
    readonly_fields = [
        "created_at", "message", "name", "email", "page", "language", "mailed_at",
    ]  # fmt: skip

    @admin.display(description=_("Nachricht"))
    def short_message(self, obj: AccessibilityFeedback) -> str:
        return obj.message if len(obj.message) <= 100 else obj.message[:99] + "…"

    @admin.display(boolean=True, description=_("Antwort erbeten"))
    def has_email(self, obj: AccessibilityFeedback) -> bool:
        return bool(obj.email)

    def has_add_permission(self, request):
        return False

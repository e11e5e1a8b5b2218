from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stakeholders.models import (
    EditorMembership,
    Municipality,
    Network,
    Organisation,
    Person,
    PracticeExample,
)
from stakeholders.scoping import SCOPED_TARGETS, Scope, ScopedAdmin, SuperuserOnlyAdmin


@admin.register(Network)
class NetworkAdmin(SuperuserOnlyAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Municipality)
class MunicipalityAdmin(ScopedAdmin):
    scope_field = ""
    list_display = ["name", "kind", "state"]
    list_filter = ["kind", "state", "networks"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["networks"]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdmin):
    list_display = ["name", "sector", "municipality"]
    list_filter = ["sector", "municipality"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


@admin.register(Person)
class PersonAdmin(ScopedAdmin):
    list_display = ["name", "function", "organisation", "municipality", "publish_name"]
    list_filter = ["publish_name", "municipality"]
    search_fields = ["name", "function", "organisation__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organisation"]
    actions = ["withdraw_consent"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation", "municipality")

    @admin.action(description=_("Einwilligung widerrufen (Namen überall ausblenden)"))
    def withdraw_consent(self, request, queryset):
        count = queryset.update(publish_name=False)
        self.message_user(request, _("Namen von %d Personen ausgeblendet.") % count)


@admin.register(PracticeExample)
class PracticeExampleAdmin(ScopedAdmin):
    # An example presented at an event belongs to that event's documentation (its host edits it),
    # whichever town it comes from; an example without an event belongs to its town.
    scope_field = SCOPED_TARGETS["stakeholders.practiceexample"]
    list_display = ["title", "municipality", "event", "context"]
    list_filter = ["municipality", "context"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["contact_person", "organisation", "event"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "municipality":
            field.queryset = Municipality.objects.all()  # where it is from: any town
        return field

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        scope = Scope(request.user)

        class OwnedExampleForm(form):
            def clean(self):
                cleaned = super().clean()
                municipality = cleaned.get("municipality")
                if cleaned.get("event") is None and not scope.may_own(
                    municipality.pk if municipality else None
                ):
                    raise ValidationError(
                        _(
                            "Ein Praxisbeispiel ohne Veranstaltung gehört seiner Kommune: "
                            "bitte eine Veranstaltung oder Ihre Kommune wählen."
                        )
                    )
                return cleaned

        return OwnedExampleForm


@admin.register(EditorMembership)
class EditorMembershipAdmin(SuperuserOnlyAdmin):
    list_display = ["user", "municipality"]
    list_filter = ["municipality"]
    autocomplete_fields = ["user", "municipality"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

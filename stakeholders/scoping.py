"""What a staff user may write and refer to: the one definition every write path uses.

Editors are staff users with one or more EditorMemberships; they see, change and refer to only
the objects of their municipalities. Superusers see everything. ``SCOPED_TARGETS`` names, per
model, the path from the model to the municipality that owns its objects; an object whose path
ends in no municipality (a person or organisation without a town) is shared, like the models in
``SHARED_MODELS``. Editors may refer to shared reference data (networks, frameworks), but only
superusers write it; shared objects of scoped models are superuser-only altogether, as in the
admin, whose querysets and choices follow the same table (``ScopedAdmin``, ``ScopedFieldsMixin``).
The documentation import applies the same rules (events.documentation_scope), the documentation
editor through ``Event.objects.for_editor``, and the live staff pages through ``live.staff``.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.forms.models import _get_foreign_key

from stakeholders.models import Municipality

# Foreign keys to these models offer only the editor's objects; the value is the scope path.
# "a__municipality|municipality": the owner is a's municipality, or, where a is empty, the
# object's own municipality.
SCOPED_TARGETS: dict[str, str] = {
    "stakeholders.municipality": "",
    "stakeholders.organisation": "municipality",
    "stakeholders.person": "municipality",
    # Presented at an event: part of that event's documentation, whichever town it is from.
    "stakeholders.practiceexample": "event__municipality|municipality",
    "events.event": "municipality",
    "events.session": "event__municipality",
    "recommendations.strategy": "municipality",
    "recommendations.recommendation": "strategy__municipality",
    "recommendations.actionfield": "strategy__municipality",
    "assessments.assessment": "municipality",
    # Photos and files of an event's documentation (uploads/), placed in its outline.
    "uploads.photo": "event__municipality",
    "uploads.attachment": "event__municipality",
}

# Reference data several municipalities share: every editor may refer to it, superusers write it.
SHARED_MODELS: frozenset[str] = frozenset({"stakeholders.network", "assessments.framework"})


def editor_municipality_ids(user) -> list[int]:
    """The ids of the municipalities the user edits, read once per request."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_editor_municipality_ids", None)
    if cached is None:
        cached = list(user.editor_memberships.values_list("municipality_id", flat=True))
        user._editor_municipality_ids = cached
    return cached


def owner_condition(scope_field: str, ids) -> models.Q:
    """Objects whose owning municipality (see SCOPED_TARGETS) is one of ``ids``."""
    if not scope_field:
        return models.Q(pk__in=ids)
    first, _, fallback = scope_field.partition("|")
    condition = models.Q(**{f"{first}__in": ids})
    if fallback:
        via = first.split("__")[0]
        condition |= models.Q(**{f"{via}__isnull": True, f"{fallback}__in": ids})
    return condition


def scope_queryset(queryset: models.QuerySet, user, scope_field: str) -> models.QuerySet:
    if user.is_superuser:
        return queryset
    return queryset.filter(owner_condition(scope_field, editor_municipality_ids(user)))


def scope_path(model) -> str:
    """The path from ``model`` to its owning municipality (KeyError for unscoped models)."""
    return SCOPED_TARGETS[model._meta.label_lower]


def owner_ids(model, **lookup) -> dict:
    """``{key: municipality id or None}`` of the objects matching ``lookup``, keyed by the
    lookup's single field: ``owner_ids(Person, slug__in=[…])`` gives ``{slug: id}``."""
    [(name, _values)] = lookup.items()
    key = name.removesuffix("__in")
    paths = [f"{path}__id" if path else "id" for path in scope_path(model).split("|")]
    rows = model._default_manager.filter(**lookup).values_list(key, *paths)
    return {row[0]: next((owner for owner in row[1:] if owner is not None), None) for row in rows}


class Scope:
    """One user's rights, read once: which municipalities' objects they may write and use.

    ``may_own(municipality_id)``: objects of that municipality (None: shared) may be created,
    changed and referred to. ``may_refer_shared(model)``: shared reference data of that model may
    be referred to (never written). Superusers may do everything.
    """

    def __init__(self, user):
        self.user = user
        self.everything = bool(user.is_superuser)
        self.municipality_ids = frozenset(editor_municipality_ids(user))

    def may_own(self, municipality_id: int | None) -> bool:
        return self.everything or municipality_id in self.municipality_ids

    def may_write_shared(self) -> bool:
        return self.everything

    @staticmethod
    def may_refer_shared(model) -> bool:
        return model._meta.label_lower in SHARED_MODELS

    def queryset(self, queryset: models.QuerySet) -> models.QuerySet:
        """The objects of ``queryset`` this user may write and refer to."""
        return scope_queryset(queryset, self.user, scope_path(queryset.model))


def is_editor(user) -> bool:
    return bool(
        user.is_active and user.is_staff and (user.is_superuser or editor_municipality_ids(user))
    )


class ScopedFieldsMixin:
    """Limits foreign-key and many-to-many choices to the editor's municipalities.

    A value the edited object already holds stays a valid choice (a keynote speaker without a
    municipality that a superuser linked): the editor can save the object unchanged, but cannot
    link such a record anew. The documentation import keeps references by the same rule.
    """

    def _limit(self, db_field, request, kwargs):
        target = db_field.related_model._meta.label_lower
        if target in SCOPED_TARGETS and not request.user.is_superuser:
            queryset = kwargs.get("queryset") or db_field.related_model._default_manager.all()
            allowed = scope_queryset(queryset, request.user, SCOPED_TARGETS[target])
            kept = self._kept(db_field, request)
            if kept is not None:
                allowed = (allowed | queryset.filter(pk__in=kept)).distinct()
            kwargs["queryset"] = allowed
        return kwargs

    def _kept(self, db_field, request):
        """The values of ``db_field`` that the object on this admin page already holds."""
        object_id = getattr(request.resolver_match, "kwargs", {}).get("object_id")
        try:
            object_id = int(object_id)
        except (TypeError, ValueError):
            return None
        if isinstance(self, admin.options.InlineModelAdmin):
            parent = _get_foreign_key(self.parent_model, self.model, fk_name=self.fk_name)
            rows = self.model._default_manager.filter(**{parent.name: object_id})
        else:
            rows = self.model._default_manager.filter(pk=object_id)
        return rows.exclude(**{f"{db_field.name}__isnull": True}).values(db_field.name)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(
            db_field, request, **self._limit(db_field, request, kwargs)
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return super().formfield_for_manytomany(
            db_field, request, **self._limit(db_field, request, kwargs)
        )


class ScopedInline(ScopedFieldsMixin):
    def has_view_permission(self, request, obj=None):
        return is_editor(request.user)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


class ScopedAdmin(ScopedFieldsMixin, admin.ModelAdmin):
    scope_field: str = "municipality"

    def get_queryset(self, request):
        return scope_queryset(super().get_queryset(request), request.user, self.scope_field)

    def get_list_filter(self, request):
        """Editors' filters offer only values their own objects have, never other towns'."""
        filters = super().get_list_filter(request)
        if request.user.is_superuser:
            return filters
        return [
            (name, admin.RelatedOnlyFieldListFilter) if self._is_relation(name) else name
            for name in filters
        ]

    def _is_relation(self, name) -> bool:
        if not isinstance(name, str):
            return False
        model = self.model
        field = None
        for part in name.split("__"):
            field = model._meta.get_field(part)
            model = field.related_model
            if model is None:
                return False
        return field is not None and field.is_relation

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and not request.user.is_superuser:
            # The object exists but belongs to another municipality: refuse, don't pretend.
            field = from_field or self.model._meta.pk.name
            try:
                exists = self.model._default_manager.filter(**{field: object_id}).exists()
            except (ValueError, TypeError):
                exists = False
            if exists:
                raise PermissionDenied
        return obj

    def _in_scope(self, request, obj) -> bool:
        if request.user.is_superuser or obj is None:
            return True
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_module_permission(self, request):
        return is_editor(request.user)

    def has_view_permission(self, request, obj=None):
        return is_editor(request.user) and self._in_scope(request, obj)

    def has_add_permission(self, request):
        return is_editor(request.user)

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def _owner_field(self) -> str | None:
        """The model's own field pointing at the municipality, if the scope is direct."""
        field = self.scope_field
        return field if field and "__" not in field and "|" not in field else None

    def _hides_owner(self, request) -> bool:
        """An editor of exactly one municipality never chooses it: it is set on save."""
        return bool(
            self._owner_field()
            and not request.user.is_superuser
            and len(editor_municipality_ids(request.user)) == 1
        )

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        if self._hides_owner(request):
            exclude.append(self._owner_field())
        return exclude

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._hides_owner(request):
            return fieldsets
        owner = self._owner_field()
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != owner]})
            for name, options in fieldsets
        ]

    def save_model(self, request, obj, form, change):
        owner = self._owner_field()
        if owner and not request.user.is_superuser and getattr(obj, f"{owner}_id") is None:
            ids = editor_municipality_ids(request.user)
            setattr(obj, owner, Municipality.objects.get(pk=ids[0]))
        super().save_model(request, obj, form, change)


class SuperuserOnlyAdmin(admin.ModelAdmin):
    """Shared reference data (networks, frameworks): editors may look, superusers change."""

    def has_module_permission(self, request):
        return is_editor(request.user)

    def has_view_permission(self, request, obj=None):
        return is_editor(request.user)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

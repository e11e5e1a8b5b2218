"""Admin pages that belong to no single ModelAdmin."""

from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse


def view_on_site(request: HttpRequest, content_type_id: int, object_id: str) -> HttpResponse:
    """The admin's "view on site" redirect, answered only for objects the user may view in the
    admin; 404 for everything else.

    Django's own (contenttypes' ``shortcut``) redirects any staff user to the page of any object
    of any model: with sequential ids that told every editor other towns' draft slugs and live
    join codes. Here the model's registered ModelAdmin decides with its scoped queryset and
    ``has_view_permission``; a model without one has no "view on site" link and gets 404.
    """
    content_type = ContentType.objects.filter(pk=content_type_id).first()
    model = content_type.model_class() if content_type else None
    if model is None:
        raise Http404
    try:
        model_admin = admin.site.get_model_admin(model)
    except NotRegistered:
        raise Http404 from None
    try:
        obj = model_admin.get_queryset(request).filter(pk=unquote(object_id)).first()
    except (ValueError, TypeError, ValidationError):
        obj = None
    if obj is None or not model_admin.has_view_permission(request, obj):
        raise Http404
    return shortcut(request, content_type_id, object_id)

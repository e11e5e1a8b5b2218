"""The media view: every photo and file is served here, never directly by the storage.

A published event's media are public and may be cached (``MEDIA_CACHE_SECONDS``); a draft's are
404 for everyone but the staff who edit the event, and never cached. The file is streamed from
the storage, the file system or the private S3 bucket alike, so the page's Content-Security-Policy
stays "self" and no address of the bucket ever reaches a browser.
"""

import posixpath
from typing import TYPE_CHECKING
from uuid import UUID

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags
from django.views.decorators.http import require_safe

from stakeholders.scoping import editor_municipality_ids, is_editor
from uploads.models import Attachment, Photo
from uploads.processing import PHOTO_CONTENT_TYPES

if TYPE_CHECKING:
    from events.models import Event


def _is_public(request: HttpRequest, event: "Event") -> bool:
    """True for a published event's media; False for a draft's, which only its editors see;
    Http404 for everyone else (as the draft's page)."""
    if event.is_published:
        return True
    user = request.user
    if is_editor(user) and (
        user.is_superuser or event.municipality_id in editor_municipality_ids(user)
    ):
        return False
    raise Http404


def _send(
    request: HttpRequest,
    name: str,
    content_type: str,
    *,
    public: bool,
    download_as: str | None = None,
) -> HttpResponse:
    # The name holds a random key and is never written twice: it is its own version.
    etag = f'"{name.replace("/", "-")}"'
    if public and etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
    else:
        try:
            file = default_storage.open(name, "rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            file,
            content_type=content_type,
            as_attachment=download_as is not None,
            filename=download_as or "",
        )
    if public:
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=settings.MEDIA_CACHE_SECONDS)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response


@require_safe
def photo_file(request: HttpRequest, key: UUID, name: str) -> HttpResponse:
    photo = get_object_or_404(Photo.objects.select_related("event"), key=key)
    stored = next((n for n in photo.stored_names() if posixpath.basename(n) == name), None)
    if stored is None:
        raise Http404
    public = _is_public(request, photo.event)
    extension = posixpath.splitext(stored)[1].lstrip(".")
    return _send(request, stored, PHOTO_CONTENT_TYPES[extension], public=public)


@require_safe
def attachment_file(request: HttpRequest, key: UUID, name: str) -> HttpResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("event"), key=key)
    if posixpath.basename(attachment.file.name) != name:
        raise Http404
    public = _is_public(request, attachment.event)
    # A PDF opens in the browser's viewer; other files are downloaded.
    inline = attachment.content_type == Attachment.ContentType.PDF
    return _send(
        request,
        attachment.file.name,
        attachment.content_type,
        public=public,
        download_as=None if inline else name,
    )

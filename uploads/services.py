"""Writing photos and files: checked, cleaned, stored through the storage API, then saved.

The admin's forms and the documentation import call these; both give a ``ValidationError`` with
German messages for bad input, and nothing is stored then.
"""

import logging
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.text import slugify

from uploads.models import Attachment, Photo, photo_path
from uploads.processing import (
    CheckedAttachment,
    ProcessedPhoto,
    check_attachment,
    process_photo,
)

if TYPE_CHECKING:
    from events.models import Event

log = logging.getLogger("portal.uploads")


def photo_create(
    *,
    event: "Event",
    file,
    alt_text: str,
    caption: str = "",
    credit: str = "",
    consent_note: str = "",
    session=None,
    order: int = 0,
) -> Photo:
    """Check the image ``file`` (any file object), remove its metadata, make its sizes, store
    them and save the photo. Raises ValidationError for a bad image or a missing alt text."""
    photo = Photo(
        event=event,
        alt_text=alt_text.strip(),
        caption=caption.strip(),
        credit=credit.strip(),
        consent_note=consent_note.strip(),
        session=session,
        order=order,
    )
    # The cheap checks first: no image is decoded for a photo without its alternative text.
    photo.full_clean(exclude=["image"])
    return photo_store(photo=photo, processed=process_photo(file))


def photo_store(*, photo: Photo, processed: ProcessedPhoto) -> Photo:
    """Store an unsaved ``photo``'s processed image and sizes, then save it. If saving fails,
    the files just stored are deleted again."""
    photo.width, photo.height = processed.width, processed.height
    photo.full_clean(exclude=["image"])
    stored: list[str] = []
    try:
        photo.image.save(f"original.{processed.extension}", ContentFile(processed.data), save=False)
        stored.append(photo.image.name)
        sizes = []
        for size in processed.sizes:
            name = default_storage.save(
                photo_path(photo, f"{size.width}.webp"), ContentFile(size.data)
            )
            stored.append(name)
            sizes.append({"width": size.width, "height": size.height, "name": name})
        photo.sizes = sizes
        photo.save()
    except BaseException:
        _delete(stored)
        raise
    log.info("photo stored event=%s photo=%s sizes=%d", photo.event_id, photo.pk, len(sizes))
    return photo


def attachment_create(*, event: "Event", file, title: str, order: int = 0) -> Attachment:
    """Check ``file`` (any file object: PDF, slides, documents), store it and save the
    attachment. Raises ValidationError for a refused file or a missing title."""
    attachment = Attachment(event=event, title=title.strip(), order=order)
    attachment.full_clean(exclude=["file", "content_type"])
    return attachment_store(attachment=attachment, checked=check_attachment(file))


def attachment_store(*, attachment: Attachment, checked: CheckedAttachment) -> Attachment:
    """Store an unsaved ``attachment``'s checked file, then save it (the file is deleted again if
    saving fails)."""
    attachment.content_type = checked.content_type
    attachment.size = checked.size
    attachment.full_clean(exclude=["file"])
    try:
        attachment.file.save(
            f"{_file_stem(attachment.title)}.{checked.extension}",
            ContentFile(checked.data),
            save=False,
        )
        attachment.save()
    except BaseException:
        _delete(attachment.stored_names())
        raise
    log.info("attachment stored event=%s attachment=%s", attachment.event_id, attachment.pk)
    return attachment


def _file_stem(title: str) -> str:
    """A file name from the title, so a download is named as the city called it."""
    return slugify(title)[:80] or "datei"


def delete_stored_files(sender, instance, **kwargs) -> None:
    """post_delete receiver (uploads.apps): the object's files are deleted once the deletion is
    committed; a rolled-back deletion keeps them."""
    names = instance.stored_names()
    if names:
        transaction.on_commit(lambda: _delete(names), robust=True)


def files_delete(names: list[str]) -> None:
    """Delete stored files now (the documentation import's, when its transaction failed)."""
    _delete(names)


def _delete(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except Exception:
            # A file that cannot be deleted now is an orphan, not a failed request.
            log.exception("media file not deleted: %s", name)

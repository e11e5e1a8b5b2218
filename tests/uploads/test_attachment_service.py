"""attachment_create: PDF, slides and documents recognised by their content, within the limit."""

import pytest
from django.core.exceptions import ValidationError

from tests.uploads.conftest import (
    image_bytes,
    make_attachment,
    office_bytes,
    opendocument_bytes,
    pdf_bytes,
    stored_files,
    upload,
)
from uploads.models import Attachment
from uploads.services import attachment_create

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "data, content_type, extension",
    [
        (pdf_bytes(), "application/pdf", "pdf"),
        (
            office_bytes("ppt"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "pptx",
        ),
        (
            office_bytes("word"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
        (opendocument_bytes(), "application/vnd.oasis.opendocument.presentation", "odp"),
    ],
)
def test_an_allowed_file_is_stored_with_its_type_and_size(
    hagen_world, media_root, data, content_type, extension
):
    # The name says nothing: every file is uploaded as "anlage.bin".
    attachment = attachment_create(
        event=hagen_world["event"],
        file=upload("anlage.bin", data),
        title="Anlage 2: Präsentation der Arbeitsgruppe",
    )
    assert attachment.content_type == content_type
    assert attachment.size == len(data)
    assert attachment.file.name == (
        f"files/{attachment.key}/anlage-2-prasentation-der-arbeitsgruppe.{extension}"
    )
    assert (media_root / attachment.file.name).read_bytes() == data


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("folien.pdf", b"<html><script>alert(1)</script></html>", "Erlaubt sind PDF"),
        ("folien.pdf", image_bytes("PNG", (10, 10)), "Erlaubt sind PDF"),
        ("archiv.pptx", b"PK\x03\x04" + b"\0" * 100, "Erlaubt sind PDF"),
        ("makros.pptx", office_bytes("ppt", macros=True), "Makros"),
        ("tabelle.ods", opendocument_bytes("application/x-unbekannt"), "Erlaubt sind PDF"),
        ("programm.exe", b"MZ\x90\x00" + b"\0" * 100, "Erlaubt sind PDF"),
    ],
)
def test_a_file_of_another_kind_is_refused_and_nothing_is_stored(
    hagen_world, media_root, name, data, message
):
    with pytest.raises(ValidationError) as refused:
        attachment_create(event=hagen_world["event"], file=upload(name, data), title="Anlage")
    assert message in refused.value.messages[0]
    assert not Attachment.objects.exists()
    assert stored_files(media_root) == []


def test_a_file_over_the_limit_is_refused(hagen_world, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(ValidationError) as refused:
        make_attachment(hagen_world["event"])
    assert "zu groß" in refused.value.messages[0]


def test_a_file_without_title_is_refused(hagen_world, media_root):
    with pytest.raises(ValidationError) as refused:
        make_attachment(hagen_world["event"], title="")
    assert "title" in refused.value.message_dict
    assert stored_files(media_root) == []

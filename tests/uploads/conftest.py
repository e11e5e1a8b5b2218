"""Files to upload, made with Pillow and zipfile, and media in a folder of the test's own."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from uploads.services import attachment_create, photo_create

# EXIF tags (Pillow's ExifTags): the camera, the orientation, the GPS block.
MAKE, MODEL, ORIENTATION, GPS_IFD = 0x010F, 0x0110, 0x0112, 0x8825
CAMERA_MODEL = "Testkamera X100"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media_root) -> list[str]:
    if not media_root.exists():
        return []
    return sorted(
        p.relative_to(media_root).as_posix() for p in media_root.rglob("*") if p.is_file()
    )


def gps_exif(*, orientation: int = 1) -> Image.Exif:
    """EXIF as a phone writes it: camera, orientation and where the photo was taken."""
    exif = Image.Exif()
    exif[MAKE] = "Testhersteller"
    exif[MODEL] = CAMERA_MODEL
    exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"  # GPSLatitudeRef
    gps[2] = (51.0, 21.0, 36.5)  # GPSLatitude: Hagen
    gps[3] = "E"
    gps[4] = (7.0, 28.0, 12.25)
    return exif


def image_bytes(
    image_format: str = "JPEG",
    size: tuple[int, int] = (1200, 800),
    *,
    exif: Image.Exif | None = None,
    mode: str = "RGB",
    two_halves: bool = False,
) -> bytes:
    """An image; with two_halves its left half is red and its right half blue."""
    image = Image.new(mode, size, (200, 80, 40) if mode == "RGB" else None)
    if two_halves:
        image.paste((0, 0, 255), (size[0] // 2, 0, size[0], size[1]))
        image.paste((255, 0, 0), (0, 0, size[0] // 2, size[1]))
    out = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    if image_format == "JPEG":
        options["comment"] = f"Aufgenommen mit {CAMERA_MODEL}"
    image.save(out, image_format, **options)
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims width x height pixels in a few bytes: a decompression bomb's header."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
        + chunk(b"IEND", b"")
    )


def pdf_bytes() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )


def office_bytes(folder: str = "ppt", *, macros: bool = False) -> bytes:
    """An Office Open XML file's skeleton (pptx with folder ppt, docx with word, xlsx with xl)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr(f"{folder}/presentation.xml", "<p/>")
        if macros:
            archive.writestr(f"{folder}/vbaProject.bin", b"\0" * 10)
    return out.getvalue()


def opendocument_bytes(mimetype: str = "application/vnd.oasis.opendocument.presentation") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def make_photo(event, **fields):
    data = fields.pop("data", None) or image_bytes("JPEG", (1200, 800), exif=gps_exif())
    return photo_create(
        event=event,
        file=upload("foto.jpg", data, "image/jpeg"),
        alt_text=fields.pop("alt_text", "Podium mit drei Personen vor einer Leinwand"),
        **fields,
    )


def make_attachment(event, **fields):
    return attachment_create(
        event=event,
        file=upload("folien.pdf", fields.pop("data", None) or pdf_bytes(), "application/pdf"),
        title=fields.pop("title", "Folien des Impulsvortrags"),
        **fields,
    )

"""Checks and processing of uploaded photos and files, before anything is stored.

Photos: JPEG, PNG or WebP as Pillow reads them (the name says nothing), within
``PHOTO_MAX_BYTES`` and ``PHOTO_MAX_PIXELS``; the size in pixels is read from the header and
checked before the image is decoded, so a decompression bomb costs nothing. The image is decoded,
turned upright by its EXIF orientation, converted to sRGB where it carries a colour profile, and
encoded anew without any metadata (EXIF with GPS and camera, XMP, comments, text chunks). The
sizes for the page are made from it as WebP.

Files: PDF, PowerPoint, Word and Excel (Office Open XML) and OpenDocument, recognised by their
content, within ``ATTACHMENT_MAX_BYTES``; Office files with macros are refused.

Every refusal is a ``ValidationError`` with a German message for the person who uploaded.
"""

import io
import warnings
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from uploads.models import Attachment

# Widths of the sizes made for the page: phones, tablets and small screens, wide screens (and
# print). An image narrower than a width gets no size wider than itself.
WIDTHS = (480, 960, 1600)
WEBP_QUALITY = 80
# Pillow's format name: (file extension, content type).
PHOTO_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
PHOTO_CONTENT_TYPES = {
    extension: content_type for extension, content_type in PHOTO_FORMATS.values()
}


@dataclass
class Size:
    width: int
    height: int
    data: bytes


@dataclass
class ProcessedPhoto:
    """A checked image, encoded anew without metadata, and its sizes for the page."""

    extension: str
    width: int
    height: int
    data: bytes
    sizes: list[Size] = field(default_factory=list)


@dataclass
class CheckedAttachment:
    content_type: str
    extension: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)


def read_limited(file, limit: int, message: str) -> bytes:
    """The content of ``file`` (any file object; read from its start), or ``message`` as a
    ValidationError when it has more than ``limit`` bytes. Never reads more than limit + 1."""
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise ValidationError(message, code="too_large")
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(message, code="too_large")
    if not data:
        raise ValidationError(_("Die Datei ist leer."), code="empty")
    return data


def process_photo(file) -> ProcessedPhoto:
    """Check an uploaded image and encode it anew with its sizes (see the module's docstring)."""
    data = read_limited(
        file,
        settings.PHOTO_MAX_BYTES,
        _("Das Bild ist zu groß: höchstens %(limit)s.")
        % {"limit": filesizeformat(settings.PHOTO_MAX_BYTES)},
    )
    image = _open_image(data)
    # A camera's JPEG with further pictures in it (Multi-Picture Format) is a JPEG.
    extension = PHOTO_FORMATS["JPEG" if image.format == "MPO" else image.format][0]
    image = _upright_srgb(image)
    full = _encode(image, image_format=extension, quality=90)
    sizes = []
    source = image
    for width in reversed(_widths(image.width)):
        # Each size from the next wider one: as sharp, and a fraction of the time.
        height = max(1, round(image.height * width / image.width))
        if width != source.width:
            source = source.resize((width, height), Image.Resampling.LANCZOS)
        sizes.append(Size(width, height, _encode(source, image_format="webp")))
    return ProcessedPhoto(
        extension=extension,
        width=image.width,
        height=image.height,
        data=full,
        sizes=sizes[::-1],
    )


def _open_image(data: bytes) -> Image.Image:
    too_many_pixels = _("Das Bild hat zu viele Pixel: höchstens %(limit)s Megapixel.") % {
        "limit": f"{settings.PHOTO_MAX_PIXELS / 1_000_000:g}"
    }
    not_an_image = _(
        "Die Datei ist kein Bild im Format JPEG, PNG oder WebP (geprüft wird der Inhalt, "
        "nicht der Name)."
    )
    with warnings.catch_warnings():
        # Pillow warns above its own pixel limit and refuses at twice that; ours is lower.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(PHOTO_FORMATS))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(too_many_pixels, code="too_many_pixels") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise ValidationError(not_an_image, code="not_an_image") from None
        if image.width * image.height > settings.PHOTO_MAX_PIXELS:
            raise ValidationError(too_many_pixels, code="too_many_pixels")
        try:
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(too_many_pixels, code="too_many_pixels") from None
        except (OSError, SyntaxError, ValueError, EOFError):
            raise ValidationError(
                _("Das Bild ist beschädigt oder unvollständig."), code="damaged"
            ) from None
    return image


def _upright_srgb(image: Image.Image) -> Image.Image:
    """The image turned as its camera meant it, in sRGB (or grey), RGB(A) or L, no metadata."""
    icc_profile = image.info.get("icc_profile")
    upright = ImageOps.exif_transpose(image) or image
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    )
    mode = "RGBA" if has_alpha else ("L" if upright.mode in ("L", "1", "I;16", "I") else "RGB")
    if icc_profile and upright.mode in ("RGB", "RGBA", "CMYK"):
        try:
            upright = ImageCms.profileToProfile(
                upright,
                ImageCms.ImageCmsProfile(io.BytesIO(icc_profile)),
                ImageCms.createProfile("sRGB"),
                outputMode="RGBA" if upright.mode == "RGBA" else "RGB",
            )
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # A broken profile: the colours as they are.
    if upright.mode != mode:
        try:
            upright = upright.convert(mode)
        except ValueError:
            raise ValidationError(
                _("Das Bild hat ein Farbformat, das nicht unterstützt wird."), code="mode"
            ) from None
    # Nothing of the original's metadata travels into a new file: Pillow would copy a comment,
    # XMP or EXIF from info when encoding.
    upright.info = {}
    return upright


def _widths(width: int) -> list[int]:
    """The sizes' widths for an image ``width`` pixels wide, narrowest first."""
    widths = [w for w in WIDTHS if w < width]
    widest = min(width, WIDTHS[-1])
    return widths if widest in widths else [*widths, widest]


def _encode(image: Image.Image, *, image_format: str, quality: int = WEBP_QUALITY) -> bytes:
    out = io.BytesIO()
    if image_format == "jpg":
        image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    elif image_format == "png":
        image.save(out, "PNG")
    else:
        if image.mode == "L":
            image = image.convert("RGB")
        image.save(out, "WEBP", quality=quality, method=4)
    return out.getvalue()


# Office Open XML: the folder inside the ZIP that tells the kind of document.
OOXML_FOLDERS = {
    "ppt/": Attachment.ContentType.PPTX,
    "word/": Attachment.ContentType.DOCX,
    "xl/": Attachment.ContentType.XLSX,
}
EXTENSIONS = {
    Attachment.ContentType.PDF: "pdf",
    Attachment.ContentType.PPTX: "pptx",
    Attachment.ContentType.DOCX: "docx",
    Attachment.ContentType.XLSX: "xlsx",
    Attachment.ContentType.ODP: "odp",
    Attachment.ContentType.ODT: "odt",
    Attachment.ContentType.ODS: "ods",
}


def check_attachment(file) -> CheckedAttachment:
    """Check an uploaded file: an allowed kind by its content, within the size limit."""
    data = read_limited(
        file,
        settings.ATTACHMENT_MAX_BYTES,
        _("Die Datei ist zu groß: höchstens %(limit)s.")
        % {"limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)},
    )
    content_type = _attachment_type(data)
    return CheckedAttachment(
        content_type=content_type, extension=EXTENSIONS[content_type], data=data
    )


def _attachment_type(data: bytes) -> str:
    refused = ValidationError(
        _(
            "Erlaubt sind PDF, PowerPoint, Word, Excel und OpenDocument-Dateien "
            "(geprüft wird der Inhalt, nicht der Name)."
        ),
        code="file_type",
    )
    if data.startswith(b"%PDF-"):
        return Attachment.ContentType.PDF
    if not data.startswith(b"PK\x03\x04"):
        raise refused
    # Only the ZIP's table of contents and one tiny entry are read, nothing is unpacked.
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            mimetype = b""
            if "mimetype" in names and archive.getinfo("mimetype").file_size <= 100:
                mimetype = archive.read("mimetype").strip()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        raise refused from None
    if any(name.lower().endswith("vbaproject.bin") for name in names) or any(
        name.startswith("Basic/") for name in names
    ):
        raise ValidationError(_("Dateien mit Makros werden nicht angenommen."), code="macros")
    if mimetype:
        for content_type in (
            Attachment.ContentType.ODP,
            Attachment.ContentType.ODT,
            Attachment.ContentType.ODS,
        ):
            if mimetype == content_type.value.encode():
                return content_type
        raise refused
    if "[Content_Types].xml" in names:
        for folder, content_type in OOXML_FOLDERS.items():
            if any(name.startswith(folder) for name in names):
                return content_type
    raise refused

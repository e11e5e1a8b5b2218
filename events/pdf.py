"""The documentation as a print-ready PDF: A4, cover, contents with page numbers, tagged (PDF/UA-1).

The PDF is made on the server with WeasyPrint from the same part templates as the page
(``events/event_pdf.html`` wraps them; ``static/css/pdf.css`` sets the pages). Photos are read
through Django's storage, never over HTTP, and only those of the documentation itself.

Rendering a large documentation takes seconds, so each PDF is kept in the storage (the file
system or the S3 bucket, shared by all app servers) under a fingerprint of what it shows: a hash
of the HTML it is made from, of the stylesheet and of WeasyPrint's version. Any change that the
PDF would show (a text, a name, a photo, a translation, a template) gives new HTML and so a new
PDF; an unchanged documentation costs the page's queries and one look into the storage.
"""

import hashlib
import logging
import mimetypes
import posixpath
import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from PIL import ImageFile
from weasyprint.urls import URLFetcher, URLFetcherResponse

from events.selectors import Documentation

# Importing WeasyPrint lets Pillow accept truncated images in the whole process
# (weasyprint/images.py). Every stored photo is whole; the upload's check of a damaged photo
# relies on Pillow's default, so it is restored.
ImageFile.LOAD_TRUNCATED_IMAGES = False

logger = logging.getLogger(__name__)

STYLESHEET = "css/pdf.css"
CACHE_FOLDER = "pdf"
STATIC_PATH = "/" + settings.STATIC_URL.lstrip("/")


@dataclass
class Pdf:
    data: bytes
    fingerprint: str
    rendered: bool  # False: taken from the cache


def _static_file(name: str) -> bytes:
    """A static file (a part's stylesheet): the collected one, or from its app in development."""
    try:
        with staticfiles_storage.open(name, "rb") as file:
            return file.read()
    except FileNotFoundError:
        found = finders.find(name)
        if found is None:
            raise
        with open(found, "rb") as file:
            return file.read()


@cache
def _stylesheet() -> str:
    with open(finders.find(STYLESHEET), encoding="utf-8") as file:
        return file.read()


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_label_css() -> str:
    """CSS content for "Seite 3 von 12" in the current language, from one translatable text."""
    tokens = []
    for piece in re.split(r"(%\((?:page|pages)\)s)", _("Seite %(page)s von %(pages)s")):
        if piece == "%(page)s":
            tokens.append("counter(page)")
        elif piece == "%(pages)s":
            tokens.append("counter(pages)")
        elif piece:
            tokens.append(_css_string(piece))
    return " ".join(tokens)


def _photo_files(doc: Documentation) -> dict[str, str]:
    """The address of each stored size of the documentation's photos -> its name in the storage."""
    return {
        photo.url_of(size["name"]): size["name"] for photo in doc.photos for size in photo.sizes
    }


class StorageFetcher(URLFetcher):
    """Gives WeasyPrint the documentation's photos from Django's storage and nothing else: no
    request leaves the server, and no file outside the documentation is read."""

    def __init__(self, files: dict[str, str]):
        super().__init__(allowed_protocols=())
        self.files = files

    def fetch(self, url, headers=None):
        path = urlsplit(url).path
        name = self.files.get(path)
        if name is not None:
            with default_storage.open(name, "rb") as file:
                body = file.read()
        elif path.startswith(STATIC_PATH) and ".." not in path:
            name = path.removeprefix(STATIC_PATH)
            body = _static_file(name)
        else:
            raise ValueError(f"not a file of this documentation: {url}")
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def pdf_html(request: HttpRequest, doc: Documentation) -> str:
    """The HTML the PDF is made from: cover, contents, the outline's chapters, imprint."""
    event = doc.event
    cover = next((photo for photo in doc.photos if photo.sizes), None)
    return render_to_string(
        "events/event_pdf.html",
        {
            "doc": doc,
            "cover_photo": cover,
            "page_label": mark_safe(page_label_css()),
            "page_url": request.build_absolute_uri(reverse("events:detail", args=[event.slug])),
            "imprint_url": request.build_absolute_uri(reverse("legal:imprint")),
        },
        request=request,
    )


def fingerprint(html: str, base_url: str) -> str:
    digest = hashlib.sha256()
    for piece in (weasyprint.__version__, _stylesheet(), base_url, html):
        digest.update(piece.encode())
        digest.update(b"\x00")
    return digest.hexdigest()[:32]


def render_pdf(html: str, *, base_url: str, files: dict[str, str]) -> bytes:
    document = weasyprint.HTML(
        string=html, base_url=base_url, url_fetcher=StorageFetcher(files)
    ).render(stylesheets=[weasyprint.CSS(string=_stylesheet())])
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)


def documentation_pdf(request: HttpRequest, doc: Documentation) -> Pdf:
    """The documentation's PDF from the storage, rendered and stored only if what it shows has
    changed. Older PDFs of the documentation in the same language are deleted then."""
    html = pdf_html(request, doc)
    base_url = request.build_absolute_uri("/")
    key = fingerprint(html, base_url)
    folder = f"{CACHE_FOLDER}/{doc.event.pk}/{get_language() or 'de'}"
    name = f"{folder}/{key}.pdf"
    try:
        with default_storage.open(name, "rb") as file:
            return Pdf(data=file.read(), fingerprint=key, rendered=False)
    except FileNotFoundError:
        pass

    data = render_pdf(html, base_url=base_url, files=_photo_files(doc))
    stored = default_storage.save(name, ContentFile(data))
    if stored != name:  # another server stored the same PDF meanwhile
        default_storage.delete(stored)
    _delete_older(folder, keep=posixpath.basename(name))
    logger.info("pdf rendered event=%s bytes=%d", doc.event.slug, len(data))
    return Pdf(data=data, fingerprint=key, rendered=True)


def _delete_older(folder: str, *, keep: str) -> None:
    try:
        _folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for file in files:
        if file != keep:
            default_storage.delete(f"{folder}/{file}")


def delete_cached_pdfs(sender, instance, **kwargs) -> None:
    """post_delete receiver for events (events.apps): a deleted documentation's PDFs go with it,
    once the deletion is committed, as its photos do."""
    folder = f"{CACHE_FOLDER}/{instance.pk}"
    transaction.on_commit(lambda: _delete_folder(folder), robust=True)


def _delete_folder(folder: str) -> None:
    try:
        languages, _files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for language in languages:
        _delete_older(f"{folder}/{language}", keep="")

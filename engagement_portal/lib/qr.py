"""QR codes for the projector pages of live dot-votes and polls."""

import segno
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


def qr_svg(url: str) -> SafeString:
    """An inline SVG of the URL's QR code, named for screen readers."""
    title = _("QR-Code für %(url)s") % {"url": url}
    svg = segno.make(url, error="m").svg_inline(
        scale=10, border=2, omitsize=True, svgclass="qr", title=title
    )
    # segno writes the markup itself and escapes the title.
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308

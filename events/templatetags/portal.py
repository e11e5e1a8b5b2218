from urllib.parse import urlsplit

from django import template

register = template.Library()


@register.filter
def as_url(address: str) -> str:
    """A safe link target for an address as documentations print it.

    "www.bonn.de" becomes "https://www.bonn.de"; http and https addresses stay; anything with
    another scheme (javascript:, data:) gives "" so that no link is made.
    """
    address = (address or "").strip()
    if not address:
        return ""
    if "://" not in address and ":" not in address.split("/", 1)[0]:
        address = f"https://{address}"
    return address if urlsplit(address).scheme in {"http", "https"} else ""

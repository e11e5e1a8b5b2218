"""The language of a request comes from its address alone (urls.py: German without a prefix,
English under /en/)."""

from django.middleware.locale import LocaleMiddleware
from django.utils.cache import cc_delim_re


class AddressLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware without ``Vary: Accept-Language``.

    With ``prefix_default_language=False`` Django activates the default language (German) on
    every address without a prefix, whatever Accept-Language or a cookie say, yet still marks
    those answers as varying by Accept-Language. A shared cache would then keep one copy per
    browser language of the same German page; the address is the whole key.
    """

    def process_response(self, request, response):
        before = _vary(response)
        response = super().process_response(request, response)
        if "accept-language" not in before and "accept-language" in _vary(response):
            kept = [
                value
                for value in cc_delim_re.split(response["Vary"])
                if value.strip().lower() != "accept-language"
            ]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response


def _vary(response) -> set[str]:
    if not response.has_header("Vary"):
        return set()
    return {value.strip().lower() for value in cc_delim_re.split(response["Vary"])}

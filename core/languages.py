"""The public side in English at / and in Welsh at /cy/ (Welsh Language Standards).

The language is decided by the address alone: no prefix is English, `/cy/` is Welsh. Neither
a cookie nor the browser's Accept-Language changes it, so a page is the same for everyone who
asks for that address, and the page cache (core/page_cache.py, keyed on the language by
Django's cache middleware) can hand it to anyone. The admin and the staff pages have no
prefix and stay in English.

A prefix that names a language the portal does not offer (/fr/..., /en/..., /en-gb/...) is
sent, on what would otherwise be a 404, to the same address in English: never a 404 or a 500.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.http import HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.urls import get_script_prefix, translate_url
from django.utils import translation

WELSH = "cy"
ENGLISH = "en"
# What each language is called in itself, and its BCP 47 tag for lang and hreflang.
_NAMES = {"en-gb": "English", "cy": "Cymraeg"}
_TAGS = {"en-gb": "en-GB", "cy": "cy"}
# A language tag as it may start a path: "fr", "en-gb", "pt_BR", "zh-hans", "es-419".
_LANGUAGE_SHAPED = re.compile(r"^[a-z]{2,3}(?:-(?:[a-z]{2}|[a-z]{4}|[0-9]{3}))?$")
# The page's alternates, worked out once a request (the head and the body both show them).
_REQUEST_ALTERNATES = "_language_alternates"


def language_code(language: str | None = None) -> str:
    """The short code a submission records: "cy" for Welsh, else "en"."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return WELSH if language.split("-")[0].lower() == WELSH else ENGLISH


def html_lang(language: str | None = None) -> str:
    """The `lang` attribute for a page in this language (the active one by default)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return _TAGS.get(language.lower(), _TAGS[settings.LANGUAGE_CODE])


@dataclass(frozen=True, slots=True)
class Alternate:
    code: str
    tag: str
    name: str
    url: str
    current: bool


def alternates(request: HttpRequest | None) -> list[Alternate]:
    """The same page in each language the portal offers, the active one marked current.

    Paths only, never the query string: it may hold what someone typed (search)."""
    if request is None:
        return []
    current = translation.get_language() or settings.LANGUAGE_CODE
    kept = getattr(request, _REQUEST_ALTERNATES, None)
    if kept is not None and kept[0] == current:
        return kept[1]
    found = _alternates(request.path, current)
    setattr(request, _REQUEST_ALTERNATES, (current, found))
    return found


def _alternates(path: str, current: str) -> list[Alternate]:
    found = []
    for code, _name in settings.LANGUAGES:
        url = path if code == current else translate_url(path, code)
        found.append(
            Alternate(
                code=code,
                tag=_TAGS.get(code, code),
                name=_NAMES.get(code, _name),
                url=url,
                current=code == current,
            )
        )
    # An address outside the public side (the admin, the sitemap) is the same in every
    # language: nothing to offer.
    if len({alternate.url for alternate in found}) < 2:
        return []
    return found


def _unknown_language_prefix(path: str) -> str | None:
    """The rest of the path when its first segment names a language not offered as a prefix,
    e.g. /fr/x/ -> /x/; None otherwise."""
    segment, _slash, rest = path.lstrip("/").partition("/")
    lowered = segment.lower().replace("_", "-")
    if segment == WELSH or not _LANGUAGE_SHAPED.match(lowered):
        return None
    base, _dash, subtag = lowered.partition("-")
    # A language Django knows, alone or with a region (en-gb, fr-ca), or a script it knows
    # by name (zh-hans, sr-latn): never a page's slug such as "no-such-page".
    if lowered in LANG_INFO or (base in LANG_INFO and (not subtag or len(subtag) != 4)):
        return "/" + rest
    return None


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware for i18n_patterns without a prefix for English, except that:

    - an English page does not vary on Accept-Language (the address decides the language),
      so the page cache keeps one copy of it, not one per browser language;
    - a 404 under a prefix naming a language that is not offered redirects to English.
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if response.status_code == 404:
            rest = _unknown_language_prefix(request.path_info)
            if rest is not None:
                return HttpResponseRedirect(get_script_prefix()[:-1] + rest)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response

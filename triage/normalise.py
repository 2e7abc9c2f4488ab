"""Normalised and phonetic keys for names, postcodes and identifiers.

Matching looks candidates up by these keys in the database (all indexed), so the same
function must make the key when a nominal is stored and when a submission is matched.
"""

import re
import unicodedata
from typing import Any

import jellyfish

from core import postcodes

from .constants import IdentifierKind

_NOT_LETTERS = re.compile(r"[^a-z ]+")
_SPACES = re.compile(r"\s+")
_NOT_ALNUM = re.compile(r"[^A-Z0-9]+")


def name(value: str) -> str:
    """'  Seán  O'Brien-Smith ' -> 'sean obriensmith'."""
    text = unicodedata.normalize("NFKD", value or "").encode("ascii", "ignore").decode()
    text = text.lower().replace("'", "").replace("-", "")
    return _SPACES.sub(" ", _NOT_LETTERS.sub(" ", text)).strip()


def phonetic(value: str) -> str:
    """A sound-alike key for one normalised word (Metaphone), '' for nothing."""
    return jellyfish.metaphone(value)[:20] if value else ""


def name_parts(value: str) -> tuple[str, str]:
    """(given, family) from a full name: the first word and the last word."""
    words = name(value).split()
    if not words:
        return "", ""
    if len(words) == 1:
        return "", words[0]
    return words[0], words[-1]


def postcode(value: str) -> str:
    """'nr1 3qu' -> 'NR13QU' (no space); a bare district is kept ('nr1' -> 'NR1'); '' if it
    looks like neither."""
    return postcodes.normalise(value) or postcodes.district(value)


def district(value: str) -> str:
    """The outward part of a postcode ('NR1 3QU' -> 'NR1'); a bare district is kept."""
    return postcodes.district(value)


def identifier(kind: str, value: str) -> str:
    if kind == IdentifierKind.VEHICLE:
        return _NOT_ALNUM.sub("", (value or "").upper())
    if kind == IdentifierKind.PHONE:
        digits = re.sub(r"\D", "", value or "")
        if digits.startswith("44"):
            digits = "0" + digits[2:]
        return digits
    return (value or "").strip().lower().lstrip("@")


def name_keys_fill(row: Any) -> None:
    given, family = name_parts(row.full_name)
    row.normalised = name(row.full_name)
    row.family_key = phonetic(family)
    row.given_key = phonetic(given)


def address_keys_fill(row: Any) -> None:
    row.postcode = postcode(row.postcode) or (row.postcode or "").upper().strip()
    row.district = district(row.postcode)


def identifier_keys_fill(row: Any) -> None:
    row.normalised = identifier(row.kind, row.value)

"""UK postcodes: one pattern, and everything the apps read from it.

A postcode is an outward code (area letters, then the district: "LS1", "SW1A", "NR24")
and an inward code (a digit and two letters: "4AP"). People type them in any case, with or
without the space, inside addresses and free text ("14 Alder Close, nr2 4pd").

Three forms are used:

- as shown to people and stored in a submission's summary: "LS1 4AP" (`find_postcode`);
- as a key to look up and compare: "LS14AP", no space (`normalise`, `find_postcodes`);
- the district alone, the outward code: "LS1" (`district`, `find_districts`).
"""

import re

OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
INWARD = r"[0-9][A-Z]{2}"

# A postcode anywhere in a piece of text, with or without the space.
POSTCODE = re.compile(rf"\b({OUTWARD})\s*({INWARD})\b", re.IGNORECASE)
# A postcode or a bare district once spaces and punctuation are gone ("NR24PD", "NR2").
_COMPACT = re.compile(rf"({OUTWARD})({INWARD})?")
# A district on its own in free text: area letters, then the district's digits.
_DISTRICT_IN_TEXT = re.compile(r"\b([A-Z]{1,2})([0-9][A-Z0-9]?)\b")
_NOT_ALNUM = re.compile(r"[^A-Z0-9]+")

# The postcode areas of the United Kingdom (and the Crown dependencies): a district found in
# free text must start with one of them, so road names such as "A1" or "A47" are not taken.
_AREAS = """AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT
    DY E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD
    LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK
    SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO
    ZE"""
POSTCODE_AREAS = frozenset(_AREAS.split())


def _compact(value: str | None) -> str:
    return _NOT_ALNUM.sub("", (value or "").upper())


def find_postcode(*texts: str | None) -> str | None:
    """The first UK postcode in the texts given, as "LS1 4AP", or None.

    >>> find_postcode(None, "12 High St, leeds ls14ap")
    'LS1 4AP'
    """
    for text in texts:
        if text and (match := POSTCODE.search(text)):
            return f"{match.group(1)} {match.group(2)}".upper()
    return None


def find_postcodes(text: str | None) -> list[str]:
    """Every UK postcode in a text, normalised ("NR24PD"), in the order written.

    >>> find_postcodes("NR2 4PD, then nr3 1aa")
    ['NR24PD', 'NR31AA']
    """
    return [(outward + inward).upper() for outward, inward in POSTCODE.findall(text or "")]


def find_districts(text: str | None) -> list[str]:
    """Districts written on their own in a text ("somewhere in nr2" gives ["NR2"]).

    The districts of whole postcodes in the text are not included (`district` gives those),
    and a district must start with a UK postcode area, so "the A47" is not one.
    """
    rest = POSTCODE.sub(" ", (text or "").upper())
    return [
        area + number for area, number in _DISTRICT_IN_TEXT.findall(rest) if area in POSTCODE_AREAS
    ]


def is_only_postcode(text: str | None) -> bool:
    """Whether the text is a postcode and nothing else ("ls1 4ap", not "Leeds LS1 4AP")."""
    return bool(text) and POSTCODE.fullmatch(text.strip()) is not None


def normalise(value: str | None) -> str:
    """A whole postcode without its space, upper case ("nr2 4pd" -> "NR24PD"); "" if the
    value is not a postcode (a bare district included)."""
    text = _compact(value)
    match = _COMPACT.fullmatch(text)
    return text if match and match.group(2) else ""


def district(value: str | None) -> str:
    """The district (outward code) of a postcode, or a bare district as given:
    "NR2 4PD" -> "NR2", "nr2" -> "NR2"; "" if the value is neither."""
    match = _COMPACT.fullmatch(_compact(value))
    return match.group(1) if match else ""

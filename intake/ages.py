"""Ages as people write them: "70", "about 70", "in her sixties", "40 to 45", "under 18",
and the same in Welsh: "70 oed", "tua 70", "yn ei chwedegau", "rhwng 40 a 45", "dan 18".

`parse_age(text)` reads one answer to "Age, or rough age" and gives the range of whole years
it stands for, or raises `ValidationError` with a GOV.UK-style message. It never raises
anything else, whatever the text. The ranges:

    70, seventy, 70 years old, aged 70         70..70
    about / around / roughly / approx(imately) / circa / c. / ~ / maybe / probably 70,
    70ish, 70-ish, 70 or so, 70?               65..75 (20 and over: 5 years either side;
                                                under 20: 2 either side, so "about 4" is 2..6)
    nearly / almost 70                         67..69
    60s, 60's, in his 60s, in her sixties      60..69 (any decade from the 20s to the 110s)
    early 60s / mid 60s / late 60s             60..63 / 63..67 / 67..69
    sixty-something                            60..69
    40-odd                                     41..49
    teens, teenager, in their teens            13..19 (early 13..15, mid 15..17, late 17..19)
    40-45, 40 to 45, between 40 and 45, 40 or 45, 60s or 70s
                                               the lowest to the highest year of both parts
                                               (45-40 is read as 40..45)
    over / older than / at least / above 60, 60+, 60 or over
                                               60..100 (to 10 years above when that is
                                                higher, never above 120)
    under / younger than / below 18            0..17
    18 months, 6 weeks                         whole years: 1..1, 0..0
    baby                                       0..1

The same answers written in Welsh give the same ranges (digits only: Welsh number words are
not read):

    70 oed, 70 mlwydd oed, mae hi'n 70 oed     70..70
    tua / oddeutu / rhyw / o gwmpas 70, 70 yn fras, efallai 70
                                               65..75, as "about 70"
    bron 70, bron yn 70                        67..69
    60au, yn ei 60au, yn eu 60au, yn ei chwedegau
                                               60..69 (ugeiniau, tridegau, pedwardegau or
                                                deugeiniau, pumdegau, chwedegau or
                                                trigeiniau, saithdegau, wythdegau, nawdegau,
                                                mutated too: "ei thridegau", "ei hwythdegau")
    dechrau'r 60au / canol y 60au / diwedd y 60au, yn nechrau ei 60au, yn ei 60au cynnar
                                               60..63 / 63..67 / 67..69
    arddegau, yn ei arddegau, yn ei harddegau  13..19 (dechrau'r / canol yr / diwedd yr
                                                arddegau as early, mid and late teens)
    rhwng 40 a 45, 40 i 45, 40 neu 45, o 40 i 45, 60au neu 70au
                                               as "between 40 and 45", "40 to 45", ...
    dros / hŷn na / o leiaf / mwy na 60, 60 neu hŷn, 60 a throsodd, 60 neu fwy
                                               60..100, as "over 60"
    o dan / dan / iau na / llai na 18, 18 neu iau
                                               0..17
    18 mis, 6 wythnos                          1..1, 0..0
    babi, baban, newydd-anedig                 0..1

Every age is between 0 and 120. A range given as two ages (or two decades) must span 30 years
or less. Number words ("forty-five", "a hundred") are read as numbers. Text with no age in
it is refused.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

LOWEST = 0
HIGHEST = 120
WIDEST = 30
OVER_UP_TO = 100
# Longer text than this is not an age: refused before any pattern is tried.
LONGEST = 200


@dataclass(frozen=True)
class AgeRange:
    """The whole years a written age stands for, with the words as written."""

    low: int
    high: int
    text: str

    @property
    def is_exact(self) -> bool:
        return self.low == self.high

    @property
    def midpoint(self) -> int:
        """The middle of the range in whole years, halves rounded up (60..69 gives 65)."""
        return (self.low + self.high + 1) // 2


# Whole sentences for each `whose` the forms use, so each can be translated as a sentence.
# The numbers are filled in when the message is shown (`ValidationError` params).
MESSAGES = {
    "your": {
        "invalid": _("Enter your age as a number or a rough age, like 34 or about 70"),
        "min_value": _("Your age must be %(lowest)s or more"),
        "max_value": _("Your age must be %(highest)s or less"),
        "too_wide": _("Your age range must be %(widest)s years or less, like 40 to 45"),
    },
    "their": {
        "invalid": _("Enter their age as a number or a rough age, like 34 or about 70"),
        "min_value": _("Their age must be %(lowest)s or more"),
        "max_value": _("Their age must be %(highest)s or less"),
        "too_wide": _("Their age range must be %(widest)s years or less, like 40 to 45"),
    },
    "the child's": {
        "invalid": _("Enter the child's age as a number or a rough age, like 9 or about 4"),
        "min_value": _("The child's age must be %(lowest)s or more"),
        "max_value": _("The child's age must be %(highest)s or less"),
        "too_wide": _("The child's age range must be %(widest)s years or less, like 40 to 45"),
    },
}
PARAMS = {"lowest": LOWEST, "highest": HIGHEST, "widest": WIDEST}


def _capital(whose: str) -> str:
    return f"{whose[:1].upper()}{whose[1:]}"


def _messages(whose: str) -> Mapping[str, str]:
    """The messages naming `whose` age it is: translated for the values in `MESSAGES`; any
    other value gets the same English sentences, untranslated."""
    if whose in MESSAGES:
        return MESSAGES[whose]
    whose = whose.replace("%", "%%")
    return {
        "invalid": f"Enter {whose} age as a number or a rough age, like 34 or about 70",
        "min_value": f"{_capital(whose)} age must be %(lowest)s or more",
        "max_value": f"{_capital(whose)} age must be %(highest)s or less",
        "too_wide": f"{_capital(whose)} age range must be %(widest)s years or less, like 40 to 45",
    }


def _error(messages: Mapping[str, str], code: str) -> ValidationError:
    return ValidationError(messages[code], code=code, params=PARAMS)


class _TooHigh(Exception):
    pass


# --- Normalising: one spelling for each way of writing the same thing ----------------------

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
DECADE_WORDS = {
    "twenties": 20,
    "thirties": 30,
    "forties": 40,
    "fourties": 40,
    "fifties": 50,
    "sixties": 60,
    "seventies": 70,
    "eighties": 80,
    "nineties": 90,
}

_A = re.ASCII
DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d]")
QUOTES = re.compile("[\u2018\u2019\u02bc\u0060\u00b4]")
DECADE_WORD = re.compile(r"\b(" + "|".join(DECADE_WORDS) + r")\b", _A)
TENS_WORD = re.compile(
    r"\b(" + "|".join(TENS) + r")(?:(?:\s+|\s*-\s*)(" + "|".join(list(UNITS)[1:10]) + r"))?\b",
    _A,
)
# "70yrs", "18months", "c70": a number and a word run together.
RUN_TOGETHER = re.compile(r"(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)", _A)
UNIT_WORD = re.compile(r"\b(" + "|".join(UNITS) + r")\b", _A)
HUNDRED = re.compile(r"\b(?:(?:a|one)\s+)?hundred\b", _A)
# Words around an age that say nothing about it.
FILLER = re.compile(
    r"\b(?:years?\s+of\s+age|years?\s+old|yrs?\s+old|years?|yrs?|y\s*/\s*o|y\.o\.?|yo|old"
    r"|the\s+age\s+of|aged|age|is|are|was)\b"
    r"|^(?:he's|she's|they're|he|she|they|i\s+think|i'd\s+say|i\s+guess|guess)\b"
    r"|\bin\s+(?:his|her|their|the|its)\b|^in\b",
    _A,
)


# Welsh, read into the English spellings above, so the patterns below serve both languages.
# The text is lower case with straight apostrophes, and numbers split from words ("60au" is
# "60 au"). In order: words that say nothing, then the units, decades and teens, then the
# words around them. Mutated spellings are listed with the plain ones ("ei thridegau", "yn
# nechrau'r", "dwy flwydd").
CY_DECADE_WORDS = {
    "ugeiniau": 20,
    "hugeiniau": 20,
    "tridegau": 30,
    "dridegau": 30,
    "thridegau": 30,
    "pedwardegau": 40,
    "bedwardegau": 40,
    "phedwardegau": 40,
    "deugeiniau": 40,
    "ddeugeiniau": 40,
    "pumdegau": 50,
    "bumdegau": 50,
    "phumdegau": 50,
    "chwedegau": 60,
    "trigeiniau": 60,
    "drigeiniau": 60,
    "thrigeiniau": 60,
    "saithdegau": 70,
    "wythdegau": 80,
    "hwythdegau": 80,
    "nawdegau": 90,
}
_CY_OR = r"\s+(?:neu|ac?)\s+"
_CY_AFTER_AN_AGE = r"(?:(?<=\d)|(?<=\ds))"
_CY_START_OF = r"(?:'r|'i|\s+(?:y|yr|ei|eu))?(?=\s|$)"
WELSH = [
    (r"^(?:maen\s+nhw|mae\s+(?:e|o|fe|fo|hi)|mae)(?:'n\b|\s+yn\b)?", " "),
    (r"\b(?:[bmf]lwydd(?:yn)?|[bmf]lynedd|[bmf]lynyddoedd|oed|oedran)\b", " "),
    (r"\b(?:newydd[\s-]*anedig\s+)?[bf]ab(?:i|an)(?:\s+bach)?(?:\s+newydd[\s-]*anedig)?\b", "baby"),
    (r"\bnewydd[\s-]*anedig\b", "newborn"),
    (r"\b(?:mis|fis|misoedd)\b", "months"),
    (r"\bwythnos(?:au)?\b", "weeks"),
    (r"\b(?:[dn]iwrnod(?:au)?|dydd(?:iau)?)\b", "days"),
    (
        r"\b(tri|dri|thri|pedwar|bedwar|phedwar|pum|bum|phum|chwe|saith|wyth|hwyth|naw)"
        r"[\s-]+degau\b",
        r"\1degau",
    ),
    (r"\b(" + "|".join(CY_DECADE_WORDS) + r")\b", lambda m: f"{CY_DECADE_WORDS[m.group(1)]}s"),
    (r"(\d+)\s*'?\s*au\b", r"\1s"),
    (r"\bh?arddeg(?:au|wr|wraig|wyr)\b", "teens"),
    (r"\b(\d+s|teens)\s+cynnar\b", r"early \1"),
    (r"\b(\d+s|teens)\s+hwyr\b", r"late \1"),
    (r"\b(?:(?:ar|yn)\s+)?(?:d?dechrau|nechrau)" + _CY_START_OF, "early "),
    (r"\b(?:(?:yng|ar)\s+)?(?:canol|ganol|nghanol|ynghanol)" + _CY_START_OF, "mid "),
    (r"\b(?:(?:ar|yn)\s+)?(?:d?diwedd|niwedd)" + _CY_START_OF, "late "),
    (r"\bbron(?:\s+iawn)?(?:\s+[a\u00e2]\s+bod)?(?:\s+yn)?\b", "nearly"),
    (r"\byn\s+(?:ei|eu|y|yr)\b", "in their"),
    (r"\b(?:rhywle\s+(?:tua|oddeutu|o\s+gwmpas)|tua|oddeutu|o\s+gwmpas|rhyw)\b", "about"),
    (r"\brhywbeth\s+fel\b", "something like"),
    (r"\byn\s+fras\b|\b[fm]wy\s+neu\s+lai\b", "roughly"),
    (r"\befallai\b", "maybe"),
    (r"\bmwy\s+na\s+thebyg\b|\bsi[w\u0175]r\s+o\s+fod\b", "probably"),
    (_CY_OR + r"(?:h[y\u0177]n|[dt]h?rosodd|[fm]wy)\b|\s+i\s+fyny\b", " or over"),
    (_CY_OR + r"(?:iau|ieuengach|ifancach|iengach|llai|lai)\b", " or under"),
    (r"\b(?:dros|tros)\b", "over"),
    (r"\bh[y\u0177]n\s+nag?\b", "older than"),
    (r"\bo\s+leiaf\b", "at least"),
    (r"\bmwy\s+nag?\b", "more than"),
    (r"\b(?:o\s+)?dan\b|\bislaw\b", "under"),
    (r"\b(?:iau|ieuengach|ifancach|iengach)\s+nag?\b", "younger than"),
    (r"\bllai\s+nag?\b", "less than"),
    (r"^rhwng\b", "between"),
    (r"^o\s+(?=\d)", "from "),
    (_CY_AFTER_AN_AGE + r"\s+ac?\s+(?=\d)", " and "),
    (_CY_AFTER_AN_AGE + r"\s+(?:i|hyd(?:\s+at)?)\s+(?=\d)", " to "),
    (r"\bneu\b", "or"),
    (r"^yn\b|\b(?:ei|eu)\b", " "),
]
WELSH_PATTERNS = [(re.compile(pattern, _A), replacement) for pattern, replacement in WELSH]


def _welsh(text: str) -> str:
    for pattern, replacement in WELSH_PATTERNS:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())


def _normalise(text: str) -> str:
    text = DASHES.sub("-", QUOTES.sub("'", text.lower()))
    text = text.replace("\u00bd", " and a half")
    text = _welsh(" ".join(RUN_TOGETHER.sub(" ", text).split()))
    text = DECADE_WORD.sub(lambda m: f"{DECADE_WORDS[m.group(1)]}s", text)
    text = TENS_WORD.sub(
        lambda m: str(TENS[m.group(1)] + (UNITS[m.group(2)] if m.group(2) else 0)), text
    )
    text = HUNDRED.sub("100", text)
    text = UNIT_WORD.sub(lambda m: str(UNITS[m.group(1)]), text)
    text = FILLER.sub(" ", text)
    text = " ".join(text.split())
    return text.strip(" .,;:!")


# --- One part of an answer: "about 70", "late 60s", "over 60", "teens" -----------------------

APPROX = "approx"
NEARLY = "nearly"
OVER = "over"
UNDER = "under"

PREFIXES = [
    (re.compile(r"^(?:an?|just|aged?)\b\s*", _A), None),
    (
        re.compile(
            r"^(?:around\s+about|about|around|roughly|approximately|approx\b\.?|appx\b\.?"
            r"|circa|ca\b\.?|c\b\.?|c(?=\d)|~|maybe|probably|possibly|perhaps|say"
            r"|something\s+like|near\s+enough|give\s+or\s+take)\s*",
            _A,
        ),
        APPROX,
    ),
    (re.compile(r"^(?:nearly|almost|not\s+quite)\b\s*", _A), NEARLY),
    (
        re.compile(r"^(?:over|above|older\s+than|more\s+than|at\s+least|aged\s+over|>=?)\s*", _A),
        OVER,
    ),
    (re.compile(r"^(?:under|below|younger\s+than|less\s+than|<)\s*", _A), UNDER),
]
SUFFIXES = [
    (
        re.compile(
            r"(?:\s*-?\s*ish|\s+or\s+so|\s+or\s+thereabouts|\s+give\s+or\s+take|\s*\?+"
            r"|\s+at\s+a\s+guess|\s+maybe|\s+probably|\s+roughly|\s+approx\.?)$",
            _A,
        ),
        APPROX,
    ),
    (
        re.compile(r"(?:\s*\+|\s+plus|\s+(?:or|and)\s+(?:over|older|above|more|up|upwards))$", _A),
        OVER,
    ),
    (re.compile(r"\s+(?:or|and)\s+(?:under|younger|below|less)$", _A), UNDER),
]

NUMBER = re.compile(r"(\d+)(?:\.\d*)?(?:\s+and\s+a\s+half)?", _A)
DECADE = re.compile(r"(?:(early|mid|late)\s*-?\s*)?(\d+)\s*'?\s*s", _A)
SOMETHING = re.compile(r"(\d+)\s*-?\s*something", _A)
ODD = re.compile(r"(\d+)\s*-?\s*odd", _A)
TEENS = re.compile(r"(?:(early|mid|late)\s*-?\s*)?(?:teens?|teenager|teenaged|teenage)", _A)
MONTHS = re.compile(r"(\d+)\s*(months?|mths?|mos?|weeks?|wks?|days?)", _A)
BABY = re.compile(r"(?:new\s*born\s*)?(?:baby|infant)|newborn", _A)

PARTS_OF_A_DECADE = {None: (0, 9), "early": (0, 3), "mid": (3, 7), "late": (7, 9)}
PARTS_OF_THE_TEENS = {None: (13, 19), "early": (13, 15), "mid": (15, 17), "late": (17, 19)}


def _number(digits: str) -> int:
    digits = digits.lstrip("0") or "0"
    if len(digits) > 3 or int(digits) > HIGHEST:
        raise _TooHigh
    return int(digits)


def _decade(digits: str) -> int | None:
    value = _number(digits)
    return value if value % 10 == 0 and value >= 20 else None


def _strip_modifiers(text: str) -> tuple[str, set[str]]:
    kinds: set[str] = set()
    for _attempt in range(6):
        for pattern, kind in PREFIXES:
            if match := pattern.match(text):
                text = text[match.end() :]
                if kind:
                    kinds.add(kind)
                break
        else:
            break
    for _attempt in range(6):
        for pattern, kind in SUFFIXES:
            if match := pattern.search(text):
                text = text[: match.start()]
                kinds.add(kind)
                break
        else:
            break
    return text.strip(), kinds


def _core(text: str) -> tuple[int, int, bool] | None:
    """The years a bare age stands for, and whether it was one number."""
    if match := NUMBER.fullmatch(text):
        value = _number(match.group(1))
        return value, value, True
    if match := DECADE.fullmatch(text):
        start = _decade(match.group(2))
        if start is None:
            return None
        first, last = PARTS_OF_A_DECADE[match.group(1)]
        return start + first, min(start + last, HIGHEST), False
    if match := SOMETHING.fullmatch(text):
        start = _decade(match.group(1))
        return None if start is None else (start, min(start + 9, HIGHEST), False)
    if match := ODD.fullmatch(text):
        start = _decade(match.group(1))
        return None if start is None else (start + 1, min(start + 9, HIGHEST), False)
    if match := TEENS.fullmatch(text):
        return (*PARTS_OF_THE_TEENS[match.group(1)], False)
    if match := MONTHS.fullmatch(text):
        digits = match.group(1).lstrip("0") or "0"
        if len(digits) > 6:
            raise _TooHigh
        count = int(digits)
        unit = match.group(2)[0]
        years = count // 12 if unit == "m" else count // 52 if unit == "w" else count // 365
        if years > HIGHEST:
            raise _TooHigh
        return years, years, False
    if BABY.fullmatch(text):
        return 0, 1, False
    return None


def _part(text: str) -> tuple[int, int] | None:
    """The years one part of an answer stands for, or None if it is not an age."""
    text, kinds = _strip_modifiers(text)
    core = _core(text)
    if core is None or len(kinds) > 1:
        return None
    low, high, is_number = core
    if not kinds:
        return low, high
    if not is_number:
        # "about 60s" or "over teens": the part is rough already; "over" needs a number.
        return (low, high) if kinds == {APPROX} else None
    value = low
    if APPROX in kinds:
        margin = 5 if value >= 20 else 2
        return max(LOWEST, value - margin), min(HIGHEST, value + margin)
    if NEARLY in kinds:
        return (max(LOWEST, value - 3), value - 1) if value > LOWEST else None
    if OVER in kinds:
        if value >= HIGHEST:
            raise _TooHigh
        return value, min(HIGHEST, max(value + 10, OVER_UP_TO))
    # UNDER
    return (LOWEST, value - 1) if value > LOWEST else None


# --- The whole answer: one part, or two joined as a range ------------------------------------

BETWEEN = re.compile(r"^(?:between|from|aged\s+between)\s+", _A)
JOINS = re.compile(r"\s*-+\s*|\s*/\s*|\s*\.\.+\s*|\s+(?:to|or|and|-)\s+", _A)
NEGATIVE = re.compile(r"^-\s*\d+$", _A)


def _range(text: str) -> tuple[int, int, bool] | None:
    """(low, high, was_two_parts), or None if the text is not an age."""
    between = BETWEEN.match(text)
    if not between and (whole := _part(text)) is not None:
        return (*whole, False)
    rest = text[between.end() :] if between else text
    rest, kinds = _strip_modifiers(rest) if not between else (rest, set())
    if kinds - {APPROX}:
        return None
    for join in JOINS.finditer(rest):
        left, right = rest[: join.start()], rest[join.end() :]
        if not left or not right:
            continue
        first, second = _part(left), _part(right)
        if first is not None and second is not None:
            return min(first[0], second[0]), max(first[1], second[1]), True
    return None


def parse_age(text: str, *, whose: str = "their") -> AgeRange:
    """The range of whole years `text` stands for (see the module docstring for each form).

    `whose` names the person in messages: "Enter the child's age as a number...". Raises
    `ValidationError` (code "invalid", "min_value", "max_value" or "too_wide") and nothing
    else.
    """
    messages = _messages(whose)
    written = " ".join(text.split()) if isinstance(text, str) else ""
    if not written or len(written) > LONGEST:
        raise _error(messages, "invalid")
    normal = _normalise(written)
    if NEGATIVE.match(normal):
        raise _error(messages, "min_value")
    try:
        found = _range(normal)
    except _TooHigh as error:
        raise _error(messages, "max_value") from error
    if found is None:
        raise _error(messages, "invalid")
    low, high, two_parts = found
    if two_parts and high - low > WIDEST:
        raise _error(messages, "too_wide")
    return AgeRange(low=low, high=high, text=written)


def age_from_answer(value: object) -> AgeRange | None:
    """The age in a stored answer: text as typed, or a whole number from older answers.

    Never raises: anything that is not a readable age gives None.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return AgeRange(low=value, high=value, text=str(value)) if 0 <= value <= HIGHEST else None
    if isinstance(value, str):
        try:
            return parse_age(value)
        except ValidationError:
            return None
    return None

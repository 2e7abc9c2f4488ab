"""Candidate nominals for the subject of a submission, each with a score and its reasons.

Matching never discloses anything by itself: it suggests, staff confirm or reject, and the
decision is recorded (services.case_match_confirm / case_match_reject).

Speed: candidates are found in SQL through indexed keys (phonetic family name with the
phonetic keys of the given name and its nicknames, normalised full name, date of birth,
postcode, postcode district, normalised vehicle, phone and username), at most MAX_CANDIDATES
of them per key, and only those are scored in Python. Nothing scans every nominal.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connections
from django.db.models import Q
from django.utils import timezone
from rapidfuzz import fuzz

from core.postcodes import find_districts, find_postcodes

from . import nicknames, normalise
from .constants import IdentifierKind, Sex
from .models import Nominal, NominalAddress, NominalIdentifier, NominalName

MAX_CANDIDATES = 200
MIN_SCORE = 25
MAX_RESULTS = 5

# Points for each kind of evidence; a total is capped at 100.
POINTS = {
    "name_exact": 40,
    "name_fuzzy": 30,
    "name_nickname": 30,
    "name_phonetic": 25,
    "family_phonetic": 10,
    "dob": 30,
    "age": 10,
    "postcode": 20,
    "district": 5,
    IdentifierKind.VEHICLE: 35,
    IdentifierKind.PHONE: 35,
    IdentifierKind.USERNAME: 35,
}
FUZZY_THRESHOLD = 85
# A nominal recorded with the other sex than the subject's keeps this percentage of its points
# (of at most 100): always below MIN_SCORE, so never strong and ranked below every candidate
# whose sex agrees or is not known, yet still suggested (a description or a record may be wrong).
SEX_DIFFERS_KEEPS_PERCENT = MIN_SCORE - 1
# An age given as a range is evidence when the nominal's age is within it, widened by this.
AGE_SLACK = 2
# Current and older number plate formats, found inside text such as "Blue Ford Focus AB12 CDE",
# with any spacing ("kx 19 plm").
_PLATE = re.compile(
    r"\b([A-Z]{2} *[0-9]{2} *[A-Z]{3}|[A-Z] *[0-9]{1,3} *[A-Z]{3}|[A-Z]{3} *[0-9]{1,3} *[A-Z])\b"
)


@dataclass
class Candidate:
    nominal_id: int
    score: int
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Subject:
    """The subject's details as lookup keys. Built from answers["subject"]; keys may be missing."""

    names: tuple[tuple[str, str], ...]  # (as given, normalised)
    date_of_birth: date | None
    age: int | None
    postcodes: tuple[str, ...]  # full postcodes, normalised without a space
    identifiers: tuple[tuple[str, str, str], ...]  # (kind, as given, normalised)
    # (youngest, oldest) as the person put it ("about 70", "in his 40s"), or (age, age).
    age_range: tuple[int, int] | None = None
    age_text: str | None = None
    # Postcode districts: those of the full postcodes, and any given on their own ("NR2").
    districts: tuple[str, ...] = ()
    sex: str | None = None  # Sex value; None when not known

    @property
    def is_empty(self) -> bool:
        return not (
            self.names or self.date_of_birth or self.postcodes or self.districts or self.identifiers
        )


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        return []
    return [item.strip() for item in value if isinstance(item, str) and item.strip()]


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _age(value: Any) -> int | None:
    return (
        value
        if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 130
        else None
    )


def _range_end(value: Any) -> int | None:
    return (
        value
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 130
        else None
    )


def _age_range(raw: dict) -> tuple[int, int] | None:
    """(low, high) from "age_range" (docs/intake.md: "under 18" is [0, 17]; an end may be
    null, then the other is the age), else from the single "age" of older submissions; None
    when neither is a plausible age."""
    value = raw.get("age_range")
    if isinstance(value, list | tuple) and len(value) == 2:
        ends = [_range_end(end) for end in value]
        known = [end for end in ends if end is not None]
        if known and all(
            end is not None or given is None for end, given in zip(ends, value, strict=True)
        ):
            return (min(known), max(known))
    age = _age(raw.get("age"))
    return (age, age) if age is not None else None


def _sex(value: Any) -> str | None:
    """The subject's sex, "male" or "female"; None for "Not known", nothing or anything else."""
    value = value.strip().lower() if isinstance(value, str) else None
    return value if value in Sex.values else None


def _places(text: str) -> tuple[set[str], set[str]]:
    """(full postcodes, districts) written in a text: "14 Alder Close NR2 4PD" gives both,
    "somewhere in nr2" only the district."""
    found = set(find_postcodes(text))
    districts = {normalise.district(code) for code in found} | set(find_districts(text))
    return found, districts - {""}


def subject_from_answers(answers: dict[str, Any] | None) -> Subject:
    answers = answers if isinstance(answers, dict) else {}
    raw = answers.get("subject") or {}
    if not isinstance(raw, dict):
        raw = {}
    names = [
        (given, normalise.name(given))
        for given in _strings(raw.get("names")) + _strings(raw.get("aliases"))
    ]
    postcodes: set[str] = set()
    districts: set[str] = set()
    for text in _strings(raw.get("postcode")) + _strings(raw.get("addresses")):
        found_postcodes, found_districts = _places(text)
        postcodes |= found_postcodes
        districts |= found_districts
    # Where a concern happened is often near where the subject lives: its district only.
    place = answers.get("place")
    if isinstance(place, dict):
        for text in _strings(place.get("postcode")) + _strings(place.get("text")):
            districts |= _places(text)[1]
    identifiers = []
    for text in _strings(raw.get("vehicles")):
        plates = {
            normalise.identifier(IdentifierKind.VEHICLE, p) for p in _PLATE.findall(text.upper())
        }
        plates.add(normalise.identifier(IdentifierKind.VEHICLE, text))
        identifiers += [(IdentifierKind.VEHICLE, text, plate) for plate in plates if plate]
    for kind, key in ((IdentifierKind.PHONE, "phones"), (IdentifierKind.USERNAME, "usernames")):
        for text in _strings(raw.get(key)):
            if normalised := normalise.identifier(kind, text):
                identifiers.append((kind, text, normalised))
    age_range = _age_range(raw)
    age_text = _strings(raw.get("age_text"))
    if age_range is None:
        age_text = []
    elif not age_text:
        low, high = age_range
        age_text = [str(low) if low == high else f"{low} to {high}"]
    return Subject(
        names=tuple((given, norm) for given, norm in names if norm),
        date_of_birth=_date(raw.get("date_of_birth")),
        age=_age(raw.get("age")),
        postcodes=tuple(sorted(postcodes)),
        identifiers=tuple(identifiers),
        age_range=age_range,
        age_text=age_text[0][:60] if age_text else None,
        districts=tuple(sorted(districts)),
        sex=_sex(raw.get("sex")),
    )


def _candidate_ids(subject: Subject) -> set[int]:
    """Nominals sharing any indexed key with the subject, at most MAX_CANDIDATES per key, in
    one round trip (a UNION of one indexed lookup per kind of key)."""
    lookups = []
    # A common family name sounds like thousands of nominals: with a given name, look up the
    # pair of sound-alike keys (one index, few rows); the family name alone only without one.
    name_filter = Q()
    full_names = set()
    family_keys: set[str] = set()
    all_given_keys: set[str] = set()
    # A given name also stands for its nicknames ("Laurie" for Lawrence), whatever they sound
    # like: their sound-alike keys join the pair's.
    for _given, norm in subject.names:
        given, family = normalise.name_parts(norm)
        family_key = normalise.phonetic(family)
        given_keys = {normalise.phonetic(word) for word in nicknames.given_name_variants(given)}
        given_keys.discard("")
        full_names.add(norm)
        family_keys.add(family_key)
        all_given_keys |= given_keys
        if family_key and given_keys:
            name_filter |= Q(family_key=family_key, given_key__in=sorted(given_keys))
        elif family_key:
            name_filter |= Q(family_key=family_key)
    if full_names:
        name_filter |= Q(normalised__in=full_names)
        lookups.append(NominalName.objects.filter(name_filter).values_list("nominal_id"))
    if subject.date_of_birth:
        lookups.append(
            Nominal.objects.filter(date_of_birth=subject.date_of_birth).values_list("id")
        )
    if subject.postcodes:
        lookups.append(
            NominalAddress.objects.filter(postcode__in=subject.postcodes).values_list("nominal_id")
        )
    # A district given on its own ("somewhere in NR2") holds thousands of nominals: with a
    # name, only those whose family name or given name (or a nickname of it) sounds alike.
    lone_districts = set(subject.districts) - {normalise.district(p) for p in subject.postcodes}
    if lone_districts:
        in_district = NominalAddress.objects.filter(district__in=sorted(lone_districts))
        family_keys.discard("")
        if family_keys or all_given_keys:
            in_district = in_district.filter(
                Q(nominal__names__family_key__in=sorted(family_keys))
                | Q(nominal__names__given_key__in=sorted(all_given_keys))
            )
        lookups.append(in_district.values_list("nominal_id").distinct())
    for kind in IdentifierKind:
        values = {norm for k, _text, norm in subject.identifiers if k == kind}
        if values:
            lookups.append(
                NominalIdentifier.objects.filter(kind=kind, normalised__in=values).values_list(
                    "nominal_id"
                )
            )
    if not lookups:
        return set()
    limited = [lookup.order_by()[:MAX_CANDIDATES] for lookup in lookups]
    if (
        len(limited) > 1
        and connections[limited[0].db].features.supports_slicing_ordering_in_compound
    ):
        limited = [limited[0].union(*limited[1:], all=True)]
    # (SQLite cannot limit each part of a UNION: there, one query per kind of key.)
    return {nominal_id for lookup in limited for (nominal_id,) in lookup}


def _age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


@dataclass(frozen=True)
class _Name:
    full_name: str
    is_alias: bool
    normalised: str
    family_key: str
    given_key: str


@dataclass(frozen=True)
class _Address:
    postcode: str
    district: str


@dataclass(frozen=True)
class _Identifier:
    kind: str
    normalised: str


@dataclass
class _Keys:
    """What scoring reads of one nominal: its stored keys, and nothing else."""

    pk: int
    date_of_birth: date | None
    sex: str  # blank when not recorded
    names: list[_Name] = field(default_factory=list)
    addresses: list[_Address] = field(default_factory=list)
    identifiers: list[_Identifier] = field(default_factory=list)


def _keys_for(ids: list[int]) -> list[_Keys]:
    """The candidates' keys in four narrow queries, as plain tuples: building full model
    instances (and their child-relation managers) for every candidate was most of the
    cost of matching."""
    keys = {
        pk: _Keys(pk=pk, date_of_birth=born, sex=sex)
        for pk, born, sex in Nominal.objects.filter(pk__in=ids).values_list(
            "pk", "date_of_birth", "sex"
        )
    }
    for nominal_id, *row in NominalName.objects.filter(nominal_id__in=ids).values_list(
        "nominal_id", "full_name", "is_alias", "normalised", "family_key", "given_key"
    ):
        keys[nominal_id].names.append(_Name(*row))
    for nominal_id, *row in NominalAddress.objects.filter(nominal_id__in=ids).values_list(
        "nominal_id", "postcode", "district"
    ):
        keys[nominal_id].addresses.append(_Address(*row))
    for nominal_id, *row in NominalIdentifier.objects.filter(nominal_id__in=ids).values_list(
        "nominal_id", "kind", "normalised"
    ):
        keys[nominal_id].identifiers.append(_Identifier(*row))
    return list(keys.values())


def _score(nominal: _Keys, subject: Subject, today: date) -> Candidate:
    candidate = Candidate(nominal_id=nominal.pk, score=0)
    name_points, name_reason = 0, ""
    for given, norm in subject.names:
        s_given, s_family = normalise.name_parts(norm)
        s_family_key = normalise.phonetic(s_family)
        s_given_keys = nicknames.given_name_keys(s_given)
        for known in nominal.names:
            label = "alias" if known.is_alias else "name"
            k_given, k_family = normalise.name_parts(known.normalised)
            if norm == known.normalised:
                points, reason = (
                    POINTS["name_exact"],
                    f'{label} "{known.full_name}" matches "{given}"',
                )
            elif fuzz.token_sort_ratio(norm, known.normalised) >= FUZZY_THRESHOLD:
                points = POINTS["name_fuzzy"]
                reason = f'{label} "{known.full_name}" is close to "{given}"'
            elif (
                s_given_keys
                and (k_family == s_family or known.family_key == s_family_key)
                and s_given_keys & nicknames.given_name_keys(k_given)
            ):
                points = POINTS["name_nickname"]
                reason = f'{label} "{known.full_name}" matches "{given}" (nickname)'
            elif (
                known.family_key == s_family_key
                and known.given_key
                and known.given_key == normalise.phonetic(s_given)
            ):
                points = POINTS["name_phonetic"]
                reason = f'{label} "{known.full_name}" sounds like "{given}"'
            elif known.family_key and known.family_key == s_family_key:
                points = POINTS["family_phonetic"]
                reason = f'family name in {label} "{known.full_name}" sounds like "{given}"'
            else:
                continue
            if points > name_points:
                name_points, name_reason = points, reason
    if name_points:
        candidate.score += name_points
        candidate.reasons.append(name_reason[0].upper() + name_reason[1:] + f" (+{name_points})")

    if nominal.date_of_birth and subject.date_of_birth == nominal.date_of_birth:
        candidate.score += POINTS["dob"]
        candidate.reasons.append(f"Same date of birth (+{POINTS['dob']})")
    elif nominal.date_of_birth and subject.age_range is not None:
        age = _age_on(nominal.date_of_birth, today)
        low, high = subject.age_range
        if low - AGE_SLACK <= age <= high + AGE_SLACK:
            candidate.score += POINTS["age"]
            candidate.reasons.append(f'Age {age} fits "{subject.age_text}" (+{POINTS["age"]})')

    addresses = nominal.addresses
    if subject.postcodes and any(a.postcode in subject.postcodes for a in addresses):
        candidate.score += POINTS["postcode"]
        candidate.reasons.append(f"An address has the same postcode (+{POINTS['postcode']})")
    elif subject.districts and any(a.district in subject.districts for a in addresses):
        candidate.score += POINTS["district"]
        candidate.reasons.append(
            f"An address is in the same postcode district (+{POINTS['district']})"
        )

    known_ids = {(i.kind, i.normalised): i for i in nominal.identifiers}
    seen = set()
    for kind, text, norm in subject.identifiers:
        if (kind, norm) in known_ids and kind not in seen:
            seen.add(kind)
            label = IdentifierKind(kind).label.lower()
            candidate.score += POINTS[kind]
            candidate.reasons.append(f'Same {label} as "{text}" (+{POINTS[kind]})')
    candidate.score = min(candidate.score, 100)
    return candidate


def _weigh_sex(candidate: Candidate, recorded: str, described: str | None) -> Candidate:
    """A nominal recorded with the other sex than the subject's loses points (see
    SEX_DIFFERS_KEEPS_PERCENT). Agreement adds nothing: half of everyone shares it."""
    if recorded and described and recorded != described:
        kept = candidate.score * SEX_DIFFERS_KEEPS_PERCENT // 100
        candidate.reasons.append(
            f"Recorded as {Sex(recorded).label.lower()}, described as "
            f"{Sex(described).label.lower()} (-{candidate.score - kept})"
        )
        candidate.score = kept
    return candidate


def candidates_for(*, subject: Subject, limit: int = MAX_RESULTS) -> list[Candidate]:
    """The best-scoring nominals for a subject, best first."""
    if subject.is_empty:
        return []
    ids = _candidate_ids(subject)
    if not ids:
        return []
    today = timezone.localdate()
    scored = []
    for keys in _keys_for(list(ids)[: MAX_CANDIDATES * 4]):
        candidate = _score(keys, subject, today)
        # The evidence must reach MIN_SCORE before the sex is weighed.
        if candidate.score >= MIN_SCORE:
            scored.append(_weigh_sex(candidate, keys.sex, subject.sex))
    scored.sort(key=lambda c: (-c.score, c.nominal_id))
    return scored[:limit]

"""Find a case by what a caller would say about it, though its answers are encrypted.

A blind index (`CaseSearchToken`): for each case, a keyed hash of every normalised fact a
member of staff might search by. The query is cut and hashed the same way, so the database
compares hashes and never sees a name, and nothing in the table can be read back without
SEARCH_INDEX_KEY.

Facts, each hashed with its kind so that a postcode never meets a surname:
- names of the subject (names and aliases), the applicant, the person at risk and the
  confirmed nominal: each word ("nm"), its sound (Metaphone, "ph", so "Smyth" finds
  "Smith"), and the canonical forms of a given name ("nk", so "Bill" finds "William");
- postcodes ("pc", "NR24PD") and their districts ("pcd", "NR2");
- vehicle registrations ("veh", any spacing), phone numbers ("tel", +44 as 0), online
  usernames ("user", without "@", lower case);
- the reference ("ref"): whole, and each block and run of blocks ("4F7K", "CR4F7K").

A query matches a case when every word of it matches one of the case's facts, or the whole
query does (a postcode or registration typed with a space). Results are always narrowed to
the cases the user may see (access.cases_visible_to) by the caller.
"""

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Case as DbCase
from django.db.models import F, Max, QuerySet, When

from core.postcodes import find_postcodes

from . import nicknames, normalise
from .constants import IdentifierKind
from .matching import _PLATE
from .models import Case, CaseSearchToken, Nominal, NominalName

# A query longer than this is cut: nobody types more to find a case, and each word costs a
# subquery.
MAX_QUERY_WORDS = 6
MAX_QUERY_LENGTH = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# A word of a name: letters, perhaps joined by an apostrophe or a hyphen (O'Brien, Smith-Jones).
_NAME_WORD = re.compile(r"^[^\W\d_]+(?:['\u2019-][^\W\d_]+)*$")

Fact = tuple[str, str]


def find_plates(text: str) -> list[str]:
    return _PLATE.findall((text or "").upper())


@lru_cache(maxsize=4)
def _key(secret: str) -> bytes:
    if not secret:
        raise ImproperlyConfigured("SEARCH_INDEX_KEY is not set")
    return hashlib.sha256(secret.encode()).digest()


def digest(kind: str, value: str) -> int:
    """The keyed hash of one fact, as a signed 64-bit integer (a compact, fast index key)."""
    mac = hmac.new(_key(settings.SEARCH_INDEX_KEY), f"{kind}:{value}".encode(), hashlib.sha256)
    return int.from_bytes(mac.digest()[:8], "big", signed=True)


def query_fingerprint(query: str) -> str:
    """A keyed hash of a whole query, for the audit trail: the same search can be told apart
    from another without the words ever being stored."""
    text = " ".join(_clean(query).lower().split())
    mac = hmac.new(_key(settings.SEARCH_INDEX_KEY), f"query:{text}".encode(), hashlib.sha256)
    return mac.hexdigest()[:16]


def _clean(text: str) -> str:
    return _CONTROL.sub(" ", unicodedata.normalize("NFKC", text or ""))[:MAX_QUERY_LENGTH]


# --- Facts of one thing ---------------------------------------------------------------------


def name_facts(text: str) -> set[Fact]:
    facts = set()
    for word in normalise.name(text).split():
        facts.add(("nm", word))
        if sound := normalise.phonetic(word):
            facts.add(("ph", sound))
        facts.update(("nk", key) for key in nicknames.given_name_keys(word))
    return facts


def postcode_facts(text: str) -> set[Fact]:
    """Every postcode in a text, and its district; a bare district on its own."""
    facts = set()
    for code in find_postcodes(text):
        facts.add(("pc", code))
        facts.add(("pcd", normalise.district(code)))
    if not facts and (district := normalise.district((text or "").strip())):
        facts.add(("pcd", district))
    return facts


def vehicle_facts(text: str) -> set[Fact]:
    plates = {normalise.identifier(IdentifierKind.VEHICLE, plate) for plate in find_plates(text)}
    plates.add(normalise.identifier(IdentifierKind.VEHICLE, text))
    return {("veh", plate) for plate in plates if len(plate) >= 2}


def phone_facts(text: str) -> set[Fact]:
    number = normalise.identifier(IdentifierKind.PHONE, text)
    return {("tel", number)} if len(number) >= 6 else set()


def username_facts(text: str) -> set[Fact]:
    name = normalise.identifier(IdentifierKind.USERNAME, text)
    return {("user", name)} if name else set()


def reference_facts(reference: str) -> set[Fact]:
    """A reference, whole and each block and run of blocks, so part of it finds the case. The
    scheme's letters alone ("CR") are in every case of the scheme, so they are not a fact."""
    blocks = [block for block in re.split(r"[^A-Z0-9]+", (reference or "").upper()) if block]
    runs = {
        "".join(blocks[start:end])
        for start in range(len(blocks))
        for end in range(start + 1, len(blocks) + 1)
    }
    if len(blocks) > 1:
        runs.discard(blocks[0])
    return {("ref", run) for run in runs}


# --- Facts of a case ------------------------------------------------------------------------


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list | tuple):
        return [item for item in value if isinstance(item, str) and item.strip()]
    return []


def _section(answers: dict[str, Any], key: str) -> dict[str, Any]:
    value = answers.get(key)
    return value if isinstance(value, dict) else {}


def answers_facts(answers: dict[str, Any] | None) -> set[Fact]:
    """What the summary of a submission (docs/intake.md) or a Right to Know case says."""
    answers = answers if isinstance(answers, dict) else {}
    subject = _section(answers, "subject")
    applicant = _section(answers, "applicant")
    person_at_risk = _section(answers, "person_at_risk")
    contact = _section(answers, "contact")
    place = _section(answers, "place")
    facts: set[Fact] = set()
    for name in (
        _strings(subject.get("names"))
        + _strings(subject.get("aliases"))
        + _strings(applicant.get("name"))
        + _strings(person_at_risk.get("name"))
        + _strings(contact.get("name"))
    ):
        facts |= name_facts(name)
    for text in (
        _strings(subject.get("postcode"))
        + _strings(subject.get("addresses"))
        + _strings(place.get("postcode"))
        + _strings(place.get("text"))
        + _strings(applicant.get("postcode"))
        + _strings(person_at_risk.get("postcode"))
        + _strings(person_at_risk.get("address"))
    ):
        facts |= postcode_facts(text)
    for text in _strings(subject.get("vehicles")):
        facts |= vehicle_facts(text)
    for text in _strings(subject.get("phones")) + _strings(contact.get("phone")):
        facts |= phone_facts(text)
    for text in _strings(subject.get("usernames")):
        facts |= username_facts(text)
    return facts


def case_facts(case: Case) -> set[Fact]:
    """Everything a case may be found by: its reference, what was sent (and sent later), and
    the names of its confirmed nominal."""
    facts = reference_facts(case.reference)
    if case.personal_data_deleted_at is not None:
        return facts
    submission = case.submission if case.submission_id else None
    facts |= answers_facts(submission.answers if submission else case.details)
    if submission is not None:
        for follow_up in submission.follow_ups.all():
            # Free text: only what has an unmistakable shape, a postcode or a number plate.
            facts |= {fact for fact in postcode_facts(follow_up.text) if fact[0] == "pc"}
            for plate in find_plates(follow_up.text):
                facts |= vehicle_facts(plate)
    if case.nominal_id:
        for full_name in NominalName.objects.filter(nominal_id=case.nominal_id).values_list(
            "full_name", flat=True
        ):
            facts |= name_facts(full_name)
    return facts


_ENTRIES_UNWRITTEN = "_search_entries_unwritten"


def case_opening(case: Case) -> None:
    """A case just created, whose entries case_index will write with its place: a save of it
    before then has no entries to bring up to date."""
    setattr(case, _ENTRIES_UNWRITTEN, True)


def case_index(*, case_id: Any, case: Case | None = None) -> int:
    """(Re)write one case's entries: when it opens and whenever it gains information.

    `case`, as the caller has just saved it, saves reading it again (its submission's answers
    decrypted a second time among it); one marked by case_opening has no entries to clear."""
    if case is None:
        case = Case.objects.select_related("submission", "team", "nominal").get(pk=case_id)
    digests = {digest(kind, value) for kind, value in case_facts(case)}
    place = _place_of_loaded(case) or _place_of(case.pk)
    # The delete and the insert stand or fall together; inside a caller's transaction (a
    # case opened or changed) that transaction holds them, without a savepoint of their own.
    with transaction.atomic(savepoint=False):
        if not vars(case).pop(_ENTRIES_UNWRITTEN, False):
            CaseSearchToken.objects.filter(case_id=case.pk).delete()
        CaseSearchToken.objects.bulk_create(
            CaseSearchToken(case_id=case.pk, digest=value, **place) for value in digests
        )
    return len(digests)


# --- The case's place, copied onto its entries ----------------------------------------------

# What of a case its entries copy (CaseSearchToken.case_*): the facts access.py decides by,
# and the queue's order. A save of a case naming none of these leaves the entries alone.
PLACE_FIELDS = frozenset(
    {"team", "team_id", "assigned_to", "assigned_to_id", "nominal", "nominal_id"}
    | {"due_at", "opened_at"}
)


def _place_of(case_id: Any) -> dict[str, Any]:
    row = (
        Case.objects.filter(pk=case_id)
        .values_list(
            "team_id",
            "team__unit_id",
            "assigned_to_id",
            "nominal__offender_manager_id",
            "due_at",
            "opened_at",
        )
        .first()
    )
    team, unit, assigned_to, offender_manager, due_at, opened_at = row or (None,) * 6
    return {
        "case_team_id": team,
        "case_unit_id": unit,
        "case_assigned_to_id": assigned_to,
        "case_offender_manager_id": offender_manager,
        "case_due_at": due_at,
        "case_opened_at": opened_at,
    }


def _place_of_loaded(case: Case) -> dict[str, Any] | None:
    """The place of a case from what is in memory, when its team and nominal are (as they
    are after routing and matching); None when they would have to be read."""
    team_loaded = case.team_id is None or Case.team.is_cached(case)
    nominal_loaded = case.nominal_id is None or Case.nominal.is_cached(case)
    if not (team_loaded and nominal_loaded) or case.opened_at is None:
        return None
    return {
        "case_team_id": case.team_id,
        "case_unit_id": case.team.unit_id if case.team_id else None,
        "case_assigned_to_id": case.assigned_to_id,
        "case_offender_manager_id": case.nominal.offender_manager_id if case.nominal_id else None,
        "case_due_at": case.due_at,
        "case_opened_at": case.opened_at,
    }


def entries_place(*, case_id: Any, case: Case | None = None) -> int:
    """Bring a case's entries' copy of its place up to date; only entries that differ are
    written. Returns how many were. `case`, just saved, saves reading it again."""
    place = (_place_of_loaded(case) if case is not None else None) or _place_of(case_id)
    return CaseSearchToken.objects.filter(case_id=case_id).exclude(**place).update(**place)


def entries_place_for_nominal(*, nominal_id: Any, offender_manager_id: Any) -> int:
    """A nominal given to another offender manager: the entries of its cases follow."""
    return (
        CaseSearchToken.objects.filter(
            case_id__in=Case.objects.filter(nominal_id=nominal_id).values("pk")
        )
        .exclude(case_offender_manager_id=offender_manager_id)
        .update(case_offender_manager_id=offender_manager_id)
    )


def entries_place_for_team(*, team_id: Any, unit_id: Any) -> int:
    """A team moved to another unit: the entries of its cases follow."""
    return (
        CaseSearchToken.objects.filter(
            case_id__in=Case.objects.filter(team_id=team_id).values("pk")
        )
        .exclude(case_unit_id=unit_id)
        .update(case_unit_id=unit_id)
    )


def on_case_saved(sender, instance: Case, created: bool, update_fields=None, **kwargs) -> None:
    if created or kwargs.get("raw") or getattr(instance, _ENTRIES_UNWRITTEN, False):
        return  # a new case has no entries yet; case_index writes them with their place
    if update_fields is not None and not PLACE_FIELDS & set(update_fields):
        return
    entries_place(case_id=instance.pk, case=instance)


def on_nominal_saved(sender, instance: Nominal, created: bool, **kwargs) -> None:
    if created or kwargs.get("raw"):
        return
    entries_place_for_nominal(
        nominal_id=instance.pk, offender_manager_id=instance.offender_manager_id
    )


def on_nominal_deleted(sender, instance: Nominal, **kwargs) -> None:
    # Its cases lose it (SET_NULL, by an UPDATE that sends no signal), and with it its manager.
    entries_place_for_nominal(nominal_id=instance.pk, offender_manager_id=None)


def on_team_saved(sender, instance, created: bool, **kwargs) -> None:
    if created or kwargs.get("raw"):
        return
    entries_place_for_team(team_id=instance.pk, unit_id=instance.unit_id)


def index_rebuild(*, batch_size: int = 500) -> Iterator[int]:
    """Every case again, after the key has changed; yields a running count."""
    done = 0
    ids = Case.objects.order_by("pk").values_list("pk", flat=True)
    last = None
    while True:
        page = list((ids.filter(pk__gt=last) if last else ids)[:batch_size])
        if not page:
            return
        with transaction.atomic():
            for case_id in page:
                case_index(case_id=case_id)
        done += len(page)
        last = page[-1]
        yield done


# --- The query ------------------------------------------------------------------------------


def _typed_reference(text: str) -> set[Fact]:
    """What was typed, as one reference or part of one ("cr-4f7k", "4F7K9Q2M"): never cut
    into blocks, or "CR" would find every concern report."""
    typed = re.sub(r"[^A-Z0-9]", "", text.upper())
    return {("ref", typed)} if len(typed) >= 4 else set()


def _typed_postcode(text: str) -> set[Fact]:
    """A whole postcode finds that postcode only; a district alone, its district."""
    facts = postcode_facts(text)
    whole = {fact for fact in facts if fact[0] == "pc"}
    return whole or facts


def _word_facts(word: str) -> set[Fact]:
    """What one word of a query may be, by its shape: a name only when it is letters, a
    registration or phone number only when it has digits. A reference such as CR-4F7K-9Q2M
    read as names ("cr", "fk") would find nearly every case."""
    facts = username_facts(word) | _typed_reference(word) | _typed_postcode(word)
    if _NAME_WORD.match(word):
        facts |= name_facts(word)
    if any(character.isdigit() for character in word):
        facts |= vehicle_facts(word) | phone_facts(word)
    return facts


def _whole_facts(text: str) -> set[Fact]:
    """What the whole query may be when typed with spaces: a postcode, a registration, a
    phone number or a reference."""
    facts = _typed_postcode(text) | _typed_reference(text)
    if any(character.isdigit() for character in text):
        facts |= vehicle_facts(text) | phone_facts(text)
    return facts


def _digests(facts: Iterable[Fact]) -> list[int]:
    return sorted({digest(kind, value) for kind, value in facts})


def _query_words(query: str) -> tuple[str, list[str]]:
    text = _clean(query).strip()
    return text, text.split()[:MAX_QUERY_WORDS]


def _found(
    text: str, words: list[str], cases_with: Callable[[Iterable[Fact]], QuerySet]
) -> QuerySet:
    """One query for the cases of a query of words: those with a fact of every word
    (INTERSECT), or with the whole query as one fact (UNION). `cases_with` gives the rows
    of the cases with any of some facts; cases_matching and case_ids_found differ only there,
    so they find the same cases."""
    found = None
    for word in words:
        having = cases_with(_word_facts(word))
        found = having if found is None else found.intersection(having)
    if len(words) > 1 and (whole := _whole_facts(text)):
        found = found.union(cases_with(whole))
    return found


def cases_matching(cases: QuerySet[Case], query: str) -> QuerySet[Case]:
    """The cases among `cases` that the query finds; none for a query with nothing in it.

    The ids are found in the index alone, in one subquery (_found), so the database reads
    only the cases found: an OR of separate subqueries would make it scan every case.
    """
    text, words = _query_words(query)
    if not words:
        return cases.none()

    def case_ids_with(facts: Iterable[Fact]) -> QuerySet:
        return CaseSearchToken.objects.filter(digest__in=_digests(facts)).values_list(
            "case_id", flat=True
        )

    return cases.filter(pk__in=_found(text, words, case_ids_with))


def case_ids_found(entries: QuerySet[CaseSearchToken], query: str, *, most: int) -> list[Any]:
    """The ids of the first `most` cases the query finds among `entries` (the search entries
    the user may see: access.search_entries_visible_to), in the queue's own order (next
    deadline first, then the oldest). The same cases as cases_matching, found from the
    entries' index alone: a common surname matches thousands of cases, and looking each one
    up to ask whether the user may see it costs more than the whole page.

    Each entry carries its case's place, so each word's cases are read from the index as
    (case, due, opened) and the words' sets are intersected (INTERSECT, which PostgreSQL
    hashes from the smaller set and probes with the larger), then joined by the whole query's
    cases (UNION). Grouping every entry by case instead costs a group for every case of the
    commonest word: a nickname such as "Lisa" stands for seven given names and 150,000
    entries of a million cases, most of which no other word of the query shares.
    """
    text, words = _query_words(query)
    if not words:
        return []
    columns = ("case_id", "case_due_at", "case_opened_at")
    order = (
        F("case_due_at").asc(nulls_last=True),
        F("case_opened_at").asc(nulls_last=True),
        "case_id",
    )
    if len(words) == 1:
        # Grouped, with the word's mark as a HAVING: PostgreSQL then expects few cases, hashes
        # them and sorts only the first page's worth (with DISTINCT it underestimates a common
        # name's entries, 5,302 for 17,683, and sorts every one). Only the ids come back:
        # reading 1,001 pairs of timestamps into Python costs more than the query.
        digests = _digests(_word_facts(words[0]))
        mark = Max(DbCase(When(digest__in=digests, then=1), default=0))
        single = entries.filter(digest__in=digests).values(*columns).annotate(mark=mark)
        return list(single.filter(mark=1).order_by(*order).values_list("case_id", flat=True)[:most])

    def places_with(facts: Iterable[Fact]) -> QuerySet:
        return entries.filter(digest__in=_digests(facts)).values_list(*columns)

    found = _found(text, words, places_with).order_by(*order)[:most]
    # A case is one row: its entries' copies of its place are written together.
    return list(dict.fromkeys(case_id for case_id, _due, _opened in found))

"""How often matching finds the right nominal for a report, and how often it wrongly finds one.

    .venv/bin/python -m bench.recall [--nominals 5000] [--seed 5]     (or `make recall`)
        [--sex-given 0.8] [--sex-wrong 0.02]

With a fixed seed, it writes a register of fictional nominals (names from triage/demo.py),
then describes nominals of the register the way members of the public do, each with one
kind of noise (a typing slip, a nickname, an age guessed as a range instead of a date of
birth, only the postcode district, only a vehicle, details dropped or swapped), most of them
with the subject's sex (a few wrongly), and describes as many people who are not in the
register (plausible ones: some share a common family name or a district with a nominal).
Each description goes through `matching.subject_from_answers` and `matching.candidates_for`,
as a report does.

It reports recall@1 (the right nominal ranked first), recall@5, and how many people not in
the register got a strong match (score >= STRONG_MATCH_SCORE), overall, by kind of noise and
by what was said of the sex.
Run as a command, it works in a throwaway test database (as the test suite does): the
database named by DATABASE_URL is not touched.
"""

import argparse
import os
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

DESCRIPTIONS = 500
# Given names of people in England and Wales missing from the demo's (mostly American) list,
# so that British diminutives ("Daz", "Shaz", "Tel", "Mo") are tried too.
BRITISH_GIVEN = [
    "Darren",
    "Barry",
    "Karen",
    "Sharon",
    "Derek",
    "Mohammed",
    "Margaret",
    "Elizabeth",
    "Trevor",
    "Nigel",
    "Colin",
    "Wayne",
    "Tracey",
    "Stuart",
    "Gareth",
    "Kathleen",
    "Deborah",
    "Christine",
]
BRITISH_FEMALE_GIVEN = frozenset(
    {"Karen", "Sharon", "Margaret", "Elizabeth", "Tracey", "Kathleen", "Deborah", "Christine"}
)
# The public forms ask the subject's sex (Male, Female, Not known). The share of descriptions
# that give it, and the share of those that get it wrong (a misreading, a slip of the mouse).
SEX_GIVEN = 0.8
SEX_WRONG = 0.02
# Family names absent from the register, for people who are not in it.
OTHER_FAMILY = [
    "Quartermaine",
    "Ashdown",
    "Pemberton",
    "Okonkwo",
    "Fairbairn",
    "Lindqvist",
    "Hargreaves",
    "Tregothnan",
    "Mbeki",
    "Czajkowski",
    "Dunmore",
    "Oyelaran",
    "Featherstone",
    "Rafferty",
    "Szabo",
    "Wolstenholme",
]
OTHER_AREAS = ("DE", "LE", "NG", "SK", "WF", "YO")
PLATE_LETTERS = "ABCDEFGHJKLMNPRSTVWXY"
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
KINDS = (
    "typo",
    "nickname",
    "age_range",
    "partial_postcode",
    "vehicle_only",
    "dropped",
    "swapped",
)


@dataclass(frozen=True)
class Person:
    """A nominal of the register as generated (the register holds the same, as models)."""

    reference: str
    given: str
    family: str
    aliases: tuple[str, ...]
    date_of_birth: date
    postcode: str
    vehicle: str
    phone: str
    username: str
    sex: str = ""

    @property
    def district(self) -> str:
        return self.postcode.split()[0]


@dataclass(frozen=True)
class Description:
    kind: str  # one of KINDS, or "stranger"
    answers: dict
    reference: str | None  # the nominal described, None for someone not in the register
    sex_given: str = "not given"  # "right", "wrong" or "not given"


@dataclass(frozen=True)
class Outcome:
    kind: str
    rank: int | None  # 1 = ranked first; None = not among the five suggested
    top_score: int
    sex_given: str = "not given"


def _districts() -> list[str]:
    from bench.dataset import POSTCODE_AREAS

    return [f"{area}{number}" for area in POSTCODE_AREAS for number in (1, 2, 3)]


def _postcode(rng: random.Random, district: str) -> str:
    inward = "".join(rng.choice(INWARD_LETTERS) for _ in range(2))
    return f"{district} {rng.randint(1, 9)}{inward}"


def _plate(rng: random.Random) -> str:
    letters = "".join(rng.choice(PLATE_LETTERS) for _ in range(5))
    return f"{letters[:2]}{rng.randint(10, 24)} {letters[2:]}"


def _phone(rng: random.Random) -> str:
    return f"07700 {rng.randint(0, 999999):06d}"


def _sex_of(given: str) -> str:
    from triage.constants import Sex
    from triage.demo import sex_for_given

    return Sex.FEMALE if given in BRITISH_FEMALE_GIVEN else sex_for_given(given)


def people(count: int, *, seed: int) -> list[Person]:
    from triage.demo import FAMILY, GIVEN

    rng = random.Random(seed)
    given_names = list(GIVEN) + BRITISH_GIVEN
    districts = _districts()
    today = date.today()
    result = []
    for index in range(count):
        given, family = rng.choice(given_names), rng.choice(FAMILY)
        aliases = []
        if rng.random() < 0.3:
            aliases.append(f"{rng.choice(given_names)} {family}")
        result.append(
            Person(
                reference=f"R-{index:06d}",
                given=given,
                family=family,
                aliases=tuple(aliases),
                date_of_birth=today - timedelta(days=rng.randint(18 * 365, 75 * 365)),
                postcode=_postcode(rng, rng.choice(districts)),
                vehicle=_plate(rng) if rng.random() < 0.5 else "",
                phone=_phone(rng) if rng.random() < 0.5 else "",
                username=f"{given.lower()}{rng.randint(1, 9999)}" if rng.random() < 0.3 else "",
                sex=_sex_of(given),
            )
        )
    return result


def register_load(register: list[Person]) -> None:
    """The register as nominals, through the same key functions as an import."""
    from triage import normalise
    from triage.constants import IdentifierKind, NominalCategory, RiskLevel
    from triage.models import Nominal, NominalAddress, NominalIdentifier, NominalName

    nominals = [
        Nominal(
            force_reference=person.reference,
            given_name=person.given,
            family_name=person.family,
            date_of_birth=person.date_of_birth,
            sex=person.sex,
            category=NominalCategory.values[0],
            risk_level=RiskLevel.values[0],
        )
        for person in register
    ]
    Nominal.objects.bulk_create(nominals, batch_size=2000)
    names, addresses, identifiers = [], [], []
    for nominal, person in zip(nominals, register, strict=True):
        for is_alias, full_name in [(False, f"{person.given} {person.family}")] + [
            (True, alias) for alias in person.aliases
        ]:
            name = NominalName(nominal=nominal, full_name=full_name, is_alias=is_alias)
            normalise.name_keys_fill(name)
            names.append(name)
        address = NominalAddress(nominal=nominal, address="1 High Street", postcode=person.postcode)
        normalise.address_keys_fill(address)
        addresses.append(address)
        for kind, value in (
            (IdentifierKind.VEHICLE, person.vehicle),
            (IdentifierKind.PHONE, person.phone),
            (IdentifierKind.USERNAME, person.username),
        ):
            if value:
                identifier = NominalIdentifier(nominal=nominal, kind=kind, value=value)
                normalise.identifier_keys_fill(identifier)
                identifiers.append(identifier)
    NominalName.objects.bulk_create(names, batch_size=2000)
    NominalAddress.objects.bulk_create(addresses, batch_size=2000)
    NominalIdentifier.objects.bulk_create(identifiers, batch_size=2000)


# --- Noise, as people write ---------------------------------------------------------------


def _typo(rng: random.Random, word: str) -> str:
    """One slip: a letter dropped, doubled, swapped with the next, or a vowel changed."""
    if len(word) < 4:
        return word
    at = rng.randrange(1, len(word) - 1)
    slip = rng.choice(("drop", "double", "swap", "vowel"))
    if slip == "drop":
        return word[:at] + word[at + 1 :]
    if slip == "double":
        return word[:at] + word[at] + word[at:]
    if slip == "swap":
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    vowels = [i for i, letter in enumerate(word) if letter in "aeiou" and i > 0]
    if not vowels:
        return word[:at] + word[at + 1 :]
    at = rng.choice(vowels)
    return word[:at] + rng.choice([v for v in "aeiou" if v != word[at]]) + word[at + 1 :]


def _nicknames(given: str) -> list[str]:
    """Names people use for someone with this given name (and, for a nickname, the name)."""
    from triage.nicknames import given_name_keys, given_name_variants

    word = given.lower()
    found = {v for v in given_name_variants(word) if word in given_name_keys(v)}
    found |= given_name_keys(word)
    found.discard(word)
    return sorted(name.capitalize() for name in found if len(name) > 1)


def _age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _age_guess(rng: random.Random, age: int) -> tuple[str, list[int]]:
    """An age as people put it ("about 45", "in his 40s", "late 30s", "over 60"), from a guess
    a few years out, with the range the summary gives it (intake.ages reads the words)."""
    from intake.ages import age_from_answer

    guess = max(18, age + rng.randint(-3, 3))
    decade = guess // 10 * 10
    part = ("early", "mid", "late")[min(2, (guess - decade) // 4)]
    text = rng.choice(
        (
            f"about {5 * round(guess / 5)}",
            f"in his {decade}s",
            f"{part} {decade}s",
            f"{guess - 3}-{guess + 3}",
            str(guess),
            f"over {decade}",
        )
    )
    found = age_from_answer(text) or age_from_answer(str(guess))  # no "in his 10s"
    return found.text, [found.low, found.high]


def _plate_as_typed(rng: random.Random, plate: str) -> str:
    compact = plate.replace(" ", "")
    typed = rng.choice(
        (compact, compact.lower(), f"{compact[:2]} {compact[2:4]} {compact[4:]}".lower(), plate)
    )
    return rng.choice(("{}", "Blue Ford Focus {}", "silver van, reg {}", "{} (black Golf)")).format(
        typed
    )


def _district_as_given(rng: random.Random, district: str, subject: dict, answers: dict) -> None:
    form = rng.choice(("postcode", "address", "place"))
    if form == "postcode":
        subject["postcode"] = district
    elif form == "address":
        subject["addresses"] = [
            rng.choice(("somewhere in {}", "lives round {} way", "{} area")).format(
                district.lower() if rng.random() < 0.5 else district
            )
        ]
    else:
        answers["place"] = {"postcode": None, "town": None, "text": f"Near the shops in {district}"}


def _answers() -> dict:
    return {
        "subject": {
            "names": [],
            "aliases": [],
            "date_of_birth": None,
            "age": None,
            "age_range": None,
            "age_text": None,
            "addresses": [],
            "postcode": None,
            "vehicles": [],
            "phones": [],
            "usernames": [],
        },
        "place": {"postcode": None, "town": None, "text": None},
    }


def _age_as_given(rng: random.Random, person_dob: date, subject: dict, today: date) -> None:
    text, age_range = _age_guess(rng, _age_on(person_dob, today))
    subject["age_text"], subject["age_range"] = text, age_range


def _describe(rng: random.Random, person: Person, kind: str, today: date) -> dict:
    answers = _answers()
    subject = answers["subject"]
    given, family = person.given, person.family
    if kind == "typo":
        if rng.random() < 0.5:
            family = _typo(rng, family.lower()).capitalize()
        else:
            given = _typo(rng, given.lower()).capitalize()
        subject["names"] = [f"{given} {family}"]
        extra = rng.choice(("dob", "age", "postcode"))
        if extra == "dob":
            subject["date_of_birth"] = person.date_of_birth.isoformat()
        elif extra == "age":
            _age_as_given(rng, person.date_of_birth, subject, today)
            _district_as_given(rng, person.district, subject, answers)
        else:
            subject["postcode"] = person.postcode
    elif kind == "nickname":
        subject["names"] = [f"{rng.choice(_nicknames(given))} {family}"]
        extra = rng.choice(("dob", "age", "postcode"))
        if extra == "dob":
            subject["date_of_birth"] = person.date_of_birth.isoformat()
        elif extra == "age":
            _age_as_given(rng, person.date_of_birth, subject, today)
            _district_as_given(rng, person.district, subject, answers)
        else:
            subject["postcode"] = person.postcode
    elif kind == "age_range":
        subject["names"] = [f"{given} {family}"]
        _age_as_given(rng, person.date_of_birth, subject, today)
        if rng.random() < 0.5:
            _district_as_given(rng, person.district, subject, answers)
        else:
            subject["postcode"] = person.postcode
    elif kind == "partial_postcode":
        subject["names"] = [f"{given} {family}"]
        _district_as_given(rng, person.district, subject, answers)
        if rng.random() < 0.5:
            _age_as_given(rng, person.date_of_birth, subject, today)
        else:
            subject["phones"] = [person.phone] if person.phone else []
            subject["usernames"] = [person.username] if person.username else []
    elif kind == "vehicle_only":
        subject["vehicles"] = [_plate_as_typed(rng, person.vehicle)]
    elif kind == "dropped":
        form = rng.choice(("family_dob", "name_phone", "given_contact"))
        if form == "family_dob":
            subject["names"] = [family]
            subject["date_of_birth"] = person.date_of_birth.isoformat()
        elif form == "name_phone":
            subject["names"] = [f"{given} {family}"]
            subject["phones"] = [person.phone.replace(" ", "")]
        else:
            subject["names"] = [given]
            subject["phones"] = [person.phone] if person.phone else []
            subject["usernames"] = [f"@{person.username}"] if person.username else []
            _district_as_given(rng, person.district, subject, answers)
    else:  # swapped: family name first, or day and month of the date of birth swapped
        born = person.date_of_birth
        if rng.random() < 0.5 or born.day > 12 or born.day == born.month:
            subject["names"] = [f"{family} {given}"]
            subject["date_of_birth"] = born.isoformat()
        else:
            subject["names"] = [f"{given} {family}"]
            subject["date_of_birth"] = born.replace(month=born.day, day=born.month).isoformat()
            subject["postcode"] = person.district if rng.random() < 0.5 else None
    return answers


def _fits(person: Person, kind: str) -> bool:
    if kind == "nickname":
        return bool(_nicknames(person.given))
    if kind == "vehicle_only":
        return bool(person.vehicle)
    if kind == "dropped":
        return bool(person.phone)
    return True


def _stranger(rng: random.Random, register_keys: set, today: date) -> tuple[dict, str]:
    """Someone who is not in the register: a common or an uncommon family name, living in one
    of the register's districts or elsewhere, with their own car and phone."""
    from triage import normalise
    from triage.demo import FAMILY, GIVEN

    while True:
        given = rng.choice(list(GIVEN) + BRITISH_GIVEN)
        family = rng.choice(FAMILY) if rng.random() < 0.6 else rng.choice(OTHER_FAMILY)
        born = today - timedelta(days=rng.randint(18 * 365, 75 * 365))
        if (normalise.name(f"{given} {family}"), born) not in register_keys:
            break
    answers = _answers()
    subject = answers["subject"]
    if rng.random() < 0.2 and _nicknames(given):
        given = rng.choice(_nicknames(given))
    subject["names"] = [f"{given} {family}"]
    if rng.random() < 0.4:
        subject["date_of_birth"] = born.isoformat()
    else:
        _age_as_given(rng, born, subject, today)
    districts = _districts()
    if rng.random() < 0.6:
        district = rng.choice(districts)
    else:
        district = f"{rng.choice(OTHER_AREAS)}{rng.randint(1, 9)}"
    if rng.random() < 0.5:
        subject["postcode"] = _postcode(rng, district)
    else:
        _district_as_given(rng, district, subject, answers)
    if rng.random() < 0.3:
        subject["vehicles"] = [_plate(rng)]
    if rng.random() < 0.3:
        subject["phones"] = [_phone(rng)]
    return answers, _sex_of(given)


def descriptions(
    register: list[Person],
    *,
    seed: int,
    count: int = DESCRIPTIONS,
    sex_given: float = SEX_GIVEN,
    sex_wrong: float = SEX_WRONG,
):
    """`count` descriptions of nominals of the register (kinds of noise in turn) and `count`
    of people who are not in it; `sex_given` of each give the sex, `sex_wrong` of those
    wrongly."""
    from triage import normalise

    rng = random.Random(seed)
    # The sex is drawn apart, so the rest of each description is the same with it or without.
    sex_rng = random.Random(f"{seed}-sex")
    today = date.today()
    result = []
    for index in range(count):
        kind = KINDS[index % len(KINDS)]
        person = rng.choice(register)
        while not _fits(person, kind):
            person = rng.choice(register)
        answers = _describe(rng, person, kind, today)
        given = _sex_as_given(sex_rng, person.sex, answers["subject"], sex_given, sex_wrong)
        result.append(Description(kind, answers, person.reference, given))
    register_keys = {
        (normalise.name(full_name), person.date_of_birth)
        for person in register
        for full_name in (f"{person.given} {person.family}", *person.aliases)
    }
    for _ in range(count):
        answers, sex = _stranger(rng, register_keys, today)
        given = _sex_as_given(sex_rng, sex, answers["subject"], sex_given, sex_wrong)
        result.append(Description("stranger", answers, None, given))
    return result


def _sex_as_given(
    rng: random.Random, sex: str, subject: dict, given_share: float, wrong_share: float
) -> str:
    """The answer to "Their sex" ("Not known" is null): "right", "wrong" or "not given"."""
    from triage.constants import Sex

    subject["sex"] = None
    # Both draws are made whatever the shares, so each description draws the same numbers.
    given, wrong = rng.random(), rng.random()
    if given >= given_share:
        return "not given"
    if wrong < wrong_share:
        subject["sex"] = Sex.MALE.value if sex == Sex.FEMALE else Sex.FEMALE.value
        return "wrong"
    subject["sex"] = str(sex)
    return "right"


def measure(described: list[Description]) -> list[Outcome]:
    from triage import matching
    from triage.models import Nominal

    reference_of = dict(Nominal.objects.values_list("pk", "force_reference"))
    outcomes = []
    for description in described:
        subject = matching.subject_from_answers(description.answers)
        found = matching.candidates_for(subject=subject, limit=5)
        references = [reference_of[c.nominal_id] for c in found]
        rank = (
            references.index(description.reference) + 1
            if description.reference in references
            else None
        )
        outcomes.append(
            Outcome(description.kind, rank, found[0].score if found else 0, description.sex_given)
        )
    return outcomes


@dataclass(frozen=True)
class Figures:
    described: int
    recall_at_1: float
    recall_at_5: float
    strangers: int
    strangers_strong: int
    strangers_suggested: int
    by_kind: dict[str, tuple[int, float, float]]  # kind -> (count, recall@1, recall@5)
    # "right", "wrong", "not given" -> (count, recall@1, recall@5)
    by_sex: dict[str, tuple[int, float, float]] = field(default_factory=dict)


def figures(outcomes: list[Outcome]) -> Figures:
    from triage.constants import STRONG_MATCH_SCORE

    by_kind: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_kind[outcome.kind].append(outcome)
    strangers = by_kind.pop("stranger", [])
    described = [o for o in outcomes if o.kind != "stranger"]

    def recall(group: list[Outcome], top: int) -> float:
        hits = sum(1 for o in group if o.rank is not None and o.rank <= top)
        return hits / len(group) if group else 0.0

    return Figures(
        described=len(described),
        recall_at_1=recall(described, 1),
        recall_at_5=recall(described, 5),
        strangers=len(strangers),
        strangers_strong=sum(1 for o in strangers if o.top_score >= STRONG_MATCH_SCORE),
        strangers_suggested=sum(1 for o in strangers if o.top_score > 0),
        by_kind={
            kind: (len(group), recall(group, 1), recall(group, 5))
            for kind, group in sorted(by_kind.items(), key=lambda item: KINDS.index(item[0]))
        },
        by_sex={
            given: (len(group), recall(group, 1), recall(group, 5))
            for given in ("right", "wrong", "not given")
            if (group := [o for o in described if o.sex_given == given])
        },
    )


def run(
    *, nominals: int, seed: int, sex_given: float = SEX_GIVEN, sex_wrong: float = SEX_WRONG
) -> Figures:
    register = people(nominals, seed=seed)
    register_load(register)
    described = descriptions(register, seed=seed + 1, sex_given=sex_given, sex_wrong=sex_wrong)
    return figures(measure(described))


def report(result: Figures, *, nominals: int, seed: int) -> str:
    from triage.constants import STRONG_MATCH_SCORE

    lines = [
        f"Register of {nominals} fictional nominals, seed {seed}.",
        f"{result.described} descriptions of nominals: recall@1 {result.recall_at_1:.1%}, "
        f"recall@5 {result.recall_at_5:.1%}",
        f"{result.strangers} people not in the register: {result.strangers_strong} strong "
        f"matches (score >= {STRONG_MATCH_SCORE}), {result.strangers_suggested} with any "
        "suggestion",
        "",
        f"{'noise':<18}{'count':>6}{'recall@1':>10}{'recall@5':>10}",
    ]
    for kind, (count, at_1, at_5) in result.by_kind.items():
        lines.append(f"{kind:<18}{count:>6}{at_1:>10.1%}{at_5:>10.1%}")
    lines += ["", f"{'sex':<18}{'count':>6}{'recall@1':>10}{'recall@5':>10}"]
    for given, (count, at_1, at_5) in result.by_sex.items():
        lines.append(f"{given:<18}{count:>6}{at_1:>10.1%}{at_5:>10.1%}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.recall", description=__doc__)
    parser.add_argument("--nominals", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--sex-given", type=float, default=SEX_GIVEN)
    parser.add_argument("--sex-wrong", type=float, default=SEX_WRONG)
    arguments = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        result = run(
            nominals=arguments.nominals,
            seed=arguments.seed,
            sex_given=arguments.sex_given,
            sex_wrong=arguments.sex_wrong,
        )
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)
    print(report(result, nominals=arguments.nominals, seed=arguments.seed))


if __name__ == "__main__":
    main()

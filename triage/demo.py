"""Demo staff and reference data for the embedded default. Never run against a real force's data.

Everything here is fictional. The first nominal, Darren Whitlock, is the one to write a demo
concern about: his details are printed by `manage.py load_demo_data`.
"""

import random
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from staff.constants import STAFF_GROUP_BY_ROLE, Role, TeamKind
from staff.models import StaffProfile, Team, Unit

from . import normalise
from .constants import IdentifierKind, NominalCategory, RiskLevel, Sex
from .models import Area, Nominal, NominalAddress, NominalIdentifier, NominalName


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str | None  # None when the account already existed
    role: str


# (username, first name, role, team name, on duty); role None is the superuser.
DEMO_STAFF = (
    ("admin", "Administrator", None, None, False),
    ("triage", "Tess", Role.TRIAGE_OFFICER, "North management team", False),
    ("om.north", "Owen", Role.OFFENDER_MANAGER, "North management team", False),
    ("om.north2", "Nadia", Role.OFFENDER_MANAGER, "North management team", False),
    ("om.south", "Sam", Role.OFFENDER_MANAGER, "South management team", False),
    ("sup.north", "Priya", Role.SUPERVISOR, "North management team", True),
    ("sup.south", "Gareth", Role.SUPERVISOR, "South management team", False),
    ("sup.desk", "Dawn", Role.SUPERVISOR, "Disclosure desk", False),
    ("disclosure", "Dev", Role.DISCLOSURE_OFFICER, "Disclosure desk", False),
)
UNIT_NAME = "Public Protection Unit"
TEAMS = (
    ("North management team", TeamKind.MANAGEMENT),
    ("South management team", TeamKind.MANAGEMENT),
    ("Disclosure desk", TeamKind.DISCLOSURE_DESK),
)
AREAS = {
    "North management team": ["NR1", "NR2", "NR3", "NR4", "NR5", "NR6"],
    "South management team": ["IP1", "IP2", "IP3", "IP4", "IP5", "IP6"],
}

DEMO_NOMINAL = {
    "force_reference": "N-0001",
    "given_name": "Darren",
    "family_name": "Whitlock",
    "sex": Sex.MALE,
    "aliases": ["Daz Whitlock", "Darren Whitlocke"],
    "date_of_birth": date(1979, 3, 14),
    "address": "14 Alder Close, Norwich",
    "postcode": "NR2 4PD",
    "vehicle": "KX19 PLM",
    "phone": "07700 900461",
    "username": "dazw79",
    "manager": "om.north",
}

GIVEN = [
    "James",
    "Robert",
    "John",
    "Michael",
    "David",
    "William",
    "Richard",
    "Joseph",
    "Thomas",
    "Charles",
    "Christopher",
    "Daniel",
    "Matthew",
    "Anthony",
    "Mark",
    "Paul",
    "Steven",
    "Andrew",
    "Kenneth",
    "Joshua",
    "Kevin",
    "Brian",
    "George",
    "Edward",
    "Ronald",
    "Timothy",
    "Jason",
    "Jeffrey",
    "Ryan",
    "Jacob",
    "Gary",
    "Nicholas",
    "Eric",
    "Jonathan",
    "Stephen",
    "Larry",
    "Justin",
    "Scott",
    "Brandon",
    "Benjamin",
    "Samuel",
    "Gregory",
    "Frank",
    "Alexander",
    "Raymond",
    "Patrick",
    "Jack",
    "Dennis",
    "Jerry",
    "Tyler",
    "Aaron",
    "Jose",
    "Adam",
    "Henry",
    "Nathan",
    "Douglas",
    "Zachary",
    "Peter",
    "Kyle",
    "Walter",
    "Ethan",
    "Jeremy",
    "Harold",
    "Keith",
    "Christian",
    "Roger",
    "Noah",
    "Gerald",
    "Carl",
    "Terry",
    "Sean",
    "Austin",
    "Arthur",
    "Lawrence",
    "Jesse",
    "Dylan",
    "Bryan",
    "Joe",
    "Jordan",
    "Billy",
    "Bruce",
    "Albert",
    "Willie",
    "Gabriel",
    "Logan",
    "Alan",
    "Juan",
    "Wayne",
    "Roy",
    "Ralph",
    "Randy",
    "Eugene",
    "Vincent",
    "Russell",
    "Elijah",
    "Louis",
    "Bobby",
    "Philip",
    "Johnny",
    "Susan",
    "Karen",
    "Lisa",
    "Sandra",
    "Donna",
    "Carol",
]
FAMILY = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Patel",
    "Khan",
    "Lewis",
    "James",
    "Phillips",
    "Mason",
    "Mitchell",
    "Rose",
    "Davis",
    "Rodriguez",
    "Cox",
    "Alexander",
    "Morgan",
    "Moore",
    "Martin",
    "Price",
    "Harris",
    "Lee",
    "Turner",
    "Baker",
    "Scott",
    "Young",
    "King",
    "Hill",
    "Cooper",
    "Ward",
    "Morris",
    "Edwards",
    "Hughes",
    "Harrison",
    "Allen",
    "Bell",
    "Parker",
    "Collins",
    "Bennett",
    "Murray",
    "Shaw",
    "Richardson",
    "Marshall",
    "Griffiths",
    "Holmes",
    "Simpson",
    "Chapman",
    "Ellis",
    "Knight",
    "Russell",
    "Mills",
    "Palmer",
    "Hunt",
    "Fisher",
    "Lloyd",
    "Watson",
    "Pearce",
    "Butler",
    "Barnes",
    "Fletcher",
    "Webb",
]
# The women's names among GIVEN (the others are men's): a demo nominal's sex follows its
# given name.
FEMALE_GIVEN = frozenset({"Susan", "Karen", "Lisa", "Sandra", "Donna", "Carol"})


def sex_for_given(given: str) -> str:
    return Sex.FEMALE if given in FEMALE_GIVEN else Sex.MALE


STREETS = [
    "High Street",
    "Station Road",
    "Church Lane",
    "Mill Road",
    "Park Avenue",
    "Victoria Road",
    "Green Lane",
    "Manor Way",
    "Queens Road",
    "The Crescent",
    "Orchard Close",
    "Meadow View",
]
CONDITIONS = (
    "Must not have unsupervised contact with any child under 16.",
    "Must disclose every internet-enabled device to the offender manager.",
    "Must not delete browser history.",
    "Must not enter the named parks in the order.",
    "Must notify any new relationship within 3 days.",
    "",
)


@transaction.atomic
def _reference_data_ensure() -> dict[str, Team]:
    unit, _ = Unit.objects.get_or_create(name=UNIT_NAME)
    teams = {}
    for name, kind in TEAMS:
        teams[name], _ = Team.objects.get_or_create(
            name=name, defaults={"unit": unit, "kind": kind}
        )
    for team_name, districts in AREAS.items():
        for district in districts:
            Area.objects.get_or_create(district=district, defaults={"team": teams[team_name]})
    return teams


@transaction.atomic
def demo_staff_ensure() -> list[DemoAccount]:
    """Create the demo accounts that are missing, each with a fresh random password."""
    teams = _reference_data_ensure()
    user_model = get_user_model()
    accounts = []
    for username, first_name, role, team_name, on_duty in DEMO_STAFF:
        label = Role(role).label if role else "Administrator"
        user = user_model.objects.filter(username=username).first()
        if user is not None:
            accounts.append(DemoAccount(username, None, label))
        else:
            password = secrets.token_urlsafe(12)
            user = user_model.objects.create_user(
                username=username,
                password=password,
                email=f"{username}@example.invalid",
                first_name=first_name,
                is_staff=role is None,
                is_superuser=role is None,
            )
            accounts.append(DemoAccount(username, password, label))
        if role:
            user.groups.add(Group.objects.get(name=STAFF_GROUP_BY_ROLE[role]))
            StaffProfile.objects.get_or_create(
                user=user, defaults={"role": role, "team": teams[team_name], "on_duty": on_duty}
            )
    return accounts


def _nominal_rows(index: int, rng: random.Random, districts: list[str]) -> dict:
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    district = rng.choice(districts)
    inward = "ABDEFGHJLNPQRSTUWXYZ"
    postcode = f"{district} {rng.randint(1, 9)}{rng.choice(inward)}{rng.choice(inward)}"
    letters = "ABCDEFGHJKLMNPRSTVWXY"
    return {
        "force_reference": f"N-{index:04d}",
        "given_name": given,
        "family_name": family,
        "sex": sex_for_given(given),
        "aliases": [f"{rng.choice(GIVEN)} {family}"] if rng.random() < 0.3 else [],
        "date_of_birth": date(1950, 1, 1) + timedelta(days=rng.randint(0, 365 * 50)),
        "address": f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
        "postcode": postcode,
        "vehicle": (
            f"{rng.choice(letters)}{rng.choice(letters)}{rng.randint(10, 24)} "
            f"{''.join(rng.choice(letters) for _ in range(3))}"
            if rng.random() < 0.5
            else ""
        ),
        "phone": f"07700 9{rng.randint(0, 99999):05d}" if rng.random() < 0.6 else "",
        "username": f"{given.lower()}{rng.randint(1, 999)}" if rng.random() < 0.3 else "",
    }


@transaction.atomic
def demo_nominals_ensure(*, count: int = 200, seed: int = 7) -> int:
    """About `count` fictional nominals, each with an offender manager for their area."""
    if Nominal.objects.exists():
        return 0
    user_model = get_user_model()
    managers_by_team: dict[int, list] = {}
    for profile in StaffProfile.objects.filter(role=Role.OFFENDER_MANAGER).select_related("user"):
        managers_by_team.setdefault(profile.team_id, []).append(profile.user)
    team_by_district = dict(Area.objects.values_list("district", "team_id"))
    rng = random.Random(seed)  # noqa: S311 - fictional demo data, not security
    districts = sorted(team_by_district)
    rows = [{**DEMO_NOMINAL}] + [_nominal_rows(i, rng, districts) for i in range(2, count + 1)]
    today = date.today()
    names, addresses, identifiers = [], [], []
    for row in rows:
        if "manager" in row:
            manager = user_model.objects.get(username=row["manager"])
        else:
            team_id = team_by_district.get(normalise.district(row["postcode"]))
            candidates = managers_by_team.get(team_id) or [None]
            manager = rng.choice(candidates)
        nominal = Nominal.objects.create(
            force_reference=row["force_reference"],
            given_name=row["given_name"],
            family_name=row["family_name"],
            date_of_birth=row["date_of_birth"],
            sex=row["sex"],
            category=rng.choice(list(NominalCategory)),
            risk_level=rng.choice(list(RiskLevel)),
            next_home_visit_due=today + timedelta(days=rng.randint(-10, 120)),
            court_order_conditions=rng.choice(CONDITIONS),
            offender_manager=manager,
        )
        for alias, full_name in [(False, f"{row['given_name']} {row['family_name']}")] + [
            (True, alias) for alias in row["aliases"]
        ]:
            name = NominalName(nominal=nominal, full_name=full_name, is_alias=alias)
            normalise.name_keys_fill(name)
            names.append(name)
        address = NominalAddress(
            nominal=nominal,
            address=row["address"],
            postcode=row["postcode"],
            valid_from=today - timedelta(days=rng.randint(30, 2000)),
        )
        normalise.address_keys_fill(address)
        addresses.append(address)
        for kind in IdentifierKind:
            if value := row.get(kind.value if kind != IdentifierKind.USERNAME else "username"):
                identifier = NominalIdentifier(nominal=nominal, kind=kind, value=value)
                normalise.identifier_keys_fill(identifier)
                identifiers.append(identifier)
    NominalName.objects.bulk_create(names)
    NominalAddress.objects.bulk_create(addresses)
    NominalIdentifier.objects.bulk_create(identifiers)
    return len(rows)

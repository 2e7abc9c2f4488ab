"""A whole force's worth of fictional data, loaded fast and loaded once.

Reference data (teams, areas, staff, nominals) goes through the models, so that every
normalised matching key is computed by the same code as an import. Cases, with their
submissions, deadlines, audit events and matches, are written by PostgreSQL itself with
INSERT ... SELECT over generate_series: a million rows through the ORM would take an hour.
Their shape follows what the services write (see triage/services/): about 3% of cases
are open, nearly all of those are with a team and most with an officer, a fifth are overdue.
"""

import json
import random
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction

from intake.models import Submission
from staff.constants import STAFF_GROUP_BY_ROLE, Role, TeamKind
from staff.models import StaffProfile, Team, Unit
from triage import normalise
from triage.constants import DeadlineKind, IdentifierKind, NominalCategory, RiskLevel
from triage.demo import FAMILY, GIVEN, STREETS
from triage.models import Area, Nominal, NominalAddress, NominalIdentifier, NominalName

UNIT_NAME = "Bench public protection unit"
STAFF_PREFIX = "bench."
# Postcode areas for the bench's districts; each management team covers three districts.
POSTCODE_AREAS = ("BA", "BD", "BH", "BL", "BN", "BR", "BS", "BT", "CA", "CB", "CF", "CH")
STAFF_PER_TEAM = 10
OPEN_SHARE = 0.03
BATCH = 5000


@dataclass(frozen=True)
class Scale:
    cases: int
    nominals: int
    staff: int

    @property
    def label(self) -> str:
        return f"{self.cases} cases, {self.nominals} nominals, {self.staff} staff"


@dataclass(frozen=True)
class Dataset:
    """What the load needs to find again: who to sign in as and what to look at."""

    scale: Scale
    supervisor_username: str
    team_id: int
    case_ids: list[str]
    # A triage officer sees every case of the unit; their case pages cover every scheme (a
    # team's cases, by the way the bench spreads them, have only two of the three).
    officer_username: str = ""
    officer_case_ids: list[str] = field(default_factory=list)
    # scheme -> (username, case id): one open case of each scheme and who may see it.
    case_by_scheme: dict[str, tuple[str, str]] = field(default_factory=dict)
    # A superuser: the dashboard's figures over every case.
    administrator_username: str = ""


def _team_names(count: int) -> list[tuple[str, str]]:
    desks = max(1, count // 10)
    return [
        (f"Bench disclosure desk {n}", TeamKind.DISCLOSURE_DESK) for n in range(1, desks + 1)
    ] + [(f"Bench management team {n}", TeamKind.MANAGEMENT) for n in range(1, count - desks + 1)]


def _district(index: int) -> str:
    area = POSTCODE_AREAS[index % len(POSTCODE_AREAS)]
    return f"{area}{index // len(POSTCODE_AREAS) + 1}"


def _reference_data_load(scale: Scale) -> None:
    # The roles' groups come with the migrations.
    unit = Unit.objects.create(name=UNIT_NAME)
    team_count = max(2, scale.staff // STAFF_PER_TEAM)
    teams = [Team(unit=unit, name=name, kind=kind) for name, kind in _team_names(team_count)]
    Team.objects.bulk_create(teams)
    management = [team for team in teams if team.kind == TeamKind.MANAGEMENT]
    Area.objects.bulk_create(
        Area(district=_district(index), team=management[index // 3 % len(management)])
        for index in range(3 * len(management))
    )
    # One password hash for everyone: nobody signs in with it (sessions are made directly).
    password = make_password(None)
    user_model = get_user_model()
    roles = [Role.SUPERVISOR, Role.TRIAGE_OFFICER] + [Role.OFFENDER_MANAGER] * 8
    users, profiles = [], []
    for index in range(scale.staff):
        team = teams[index % len(teams)]
        role = (
            Role.DISCLOSURE_OFFICER
            if team.kind == TeamKind.DISCLOSURE_DESK and index // len(teams) > 0
            else roles[index // len(teams) % len(roles)]
        )
        username = f"{STAFF_PREFIX}{index:04d}"
        user = user_model(username=username, password=password, email=f"{username}@example.invalid")
        users.append(user)
        profiles.append((user, role, team))
    user_model.objects.bulk_create(users)
    by_role: dict[str, list] = {}
    rows = []
    for user, role, team in profiles:
        rows.append(StaffProfile(user=user, role=role, team=team, on_duty=role == Role.SUPERVISOR))
        by_role.setdefault(role, []).append(user)
    StaffProfile.objects.bulk_create(rows)
    for role, members in by_role.items():
        Group.objects.get(name=STAFF_GROUP_BY_ROLE[role]).user_set.add(*members)


def _nominals_load(scale: Scale) -> None:
    rng = random.Random(11)
    managers: dict[int, list[int]] = {}
    for user_id, team_id in StaffProfile.objects.filter(
        role=Role.OFFENDER_MANAGER, user__username__startswith=STAFF_PREFIX
    ).values_list("user_id", "team_id"):
        managers.setdefault(team_id, []).append(user_id)
    team_by_district = dict(
        Area.objects.filter(team__unit__name=UNIT_NAME).values_list("district", "team_id")
    )
    districts = sorted(team_by_district)
    today = date.today()
    letters = "ABCDEFGHJKLMNPRSTVWXY"
    for start in range(0, scale.nominals, BATCH):
        nominals, extras = [], []
        for index in range(start, min(start + BATCH, scale.nominals)):
            given, family = rng.choice(GIVEN), rng.choice(FAMILY)
            district = rng.choice(districts)
            nominal = Nominal(
                force_reference=f"B-{index:06d}",
                given_name=given,
                family_name=family,
                date_of_birth=date(1950, 1, 1) + timedelta(days=rng.randint(0, 365 * 55)),
                category=rng.choice(list(NominalCategory)),
                risk_level=rng.choice(list(RiskLevel)),
                next_home_visit_due=today + timedelta(days=rng.randint(-10, 120)),
                offender_manager_id=rng.choice(managers.get(team_by_district[district], [None])),
            )
            nominals.append(nominal)
            extras.append((given, family, district))
        Nominal.objects.bulk_create(nominals)
        names, addresses, identifiers = [], [], []
        for nominal, (given, family, district) in zip(nominals, extras, strict=True):
            full_names = [(False, f"{given} {family}")]
            if rng.random() < 0.4:
                full_names.append((True, f"{rng.choice(GIVEN)} {family}"))
            if rng.random() < 0.15:
                full_names.append((True, f"{given} {rng.choice(FAMILY)}"))
            for is_alias, full_name in full_names:
                name = NominalName(nominal=nominal, full_name=full_name, is_alias=is_alias)
                normalise.name_keys_fill(name)
                names.append(name)
            address = NominalAddress(
                nominal=nominal,
                address=f"{rng.randint(1, 200)} {rng.choice(STREETS)}",
                postcode=f"{district} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
                f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
                valid_from=today - timedelta(days=rng.randint(30, 3000)),
            )
            normalise.address_keys_fill(address)
            addresses.append(address)
            values = {
                IdentifierKind.VEHICLE: f"{rng.choice(letters)}{rng.choice(letters)}"
                f"{rng.randint(10, 24)} {''.join(rng.choices(letters, k=3))}",
                IdentifierKind.PHONE: f"07700 {rng.randint(0, 999999):06d}",
                IdentifierKind.USERNAME: f"{given.lower()}{rng.randint(1, 9999)}",
            }
            for kind, value in values.items():
                if rng.random() < 0.5:
                    identifier = NominalIdentifier(nominal=nominal, kind=kind, value=value)
                    normalise.identifier_keys_fill(identifier)
                    identifiers.append(identifier)
        NominalName.objects.bulk_create(names)
        NominalAddress.objects.bulk_create(addresses)
        NominalIdentifier.objects.bulk_create(identifiers)


def _answers_variants(count: int) -> list[str]:
    """Encrypted answers in the summary's shape (docs/intake.md), as the field stores them."""
    rng = random.Random(5)
    field = Submission._meta.get_field("answers")
    variants = []
    for _ in range(count):
        district = _district(rng.randrange(3 * 9))
        postcode = f"{district} {rng.randint(1, 9)}AB"
        name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        answers = {
            "schema": 1,
            "subject": {
                "names": [name],
                "aliases": [],
                "date_of_birth": None,
                "age": rng.randint(20, 70),
                "addresses": [f"{rng.randint(1, 99)} {rng.choice(STREETS)}"],
                "postcode": postcode,
                "vehicles": [],
                "phones": [],
                "usernames": [],
                "relationship": None,
                "contact_with_children": None,
            },
            "place": {"postcode": postcode, "town": None, "text": "Near the school"},
            "children": [],
            "applicant": None,
            "person_at_risk": None,
            "contact": {"anonymous": True, "safe_channels": []},
            "how_known": "I live nearby.",
            "immediate_danger": False,
            "what-happened": {
                "what_happened": "He has been seen waiting outside the school gates. " * 4,
                "when": "Last week",
                "place": "Near the school",
            },
        }
        variants.append(field.get_prep_value(answers))
    return variants


# Cases, submissions and their trail, written set-wise. %(name)s are the parameters below.
CASES_SQL = """
CREATE TEMP TABLE bench_teams AS
    SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM triage_team
    WHERE unit_id = %(unit_id)s;
CREATE TEMP TABLE bench_staff AS
    SELECT row_number() OVER (ORDER BY p.user_id) - 1 AS n, p.user_id, p.team_id
    FROM triage_staffprofile p JOIN triage_team t ON t.id = p.team_id
    WHERE t.unit_id = %(unit_id)s AND p.role IN ('offender_manager', 'disclosure_officer');
CREATE TEMP TABLE bench_answers AS
    SELECT ordinality - 1 AS n, value AS answers
    FROM unnest(%(answers)s::text[]) WITH ORDINALITY AS u(value, ordinality);
CREATE TEMP TABLE bench_rows AS
SELECT g,
       md5('submission' || g)::uuid AS submission_id,
       md5('case' || g)::uuid AS case_id,
       'BN-' || lpad(upper(to_hex(g)), 8, '0') AS reference,
       (ARRAY['concern', 'concern', 'sarahs_law', 'clares_law'])[1 + g %% 4] AS scheme,
       now() - make_interval(mins => (g * 3 + g %% 7)::int) AS submitted_at,
       -- Independent draws per property, so that no team gets all the overdue cases.
       abs(hashtext('open' || g)) %% 1000 < %(open_per_mille)s AS is_open,
       abs(hashtext('overdue' || g)) %% 5 = 0 AS overdue,
       abs(hashtext('assigned' || g)) %% 9 <> 0 AS assigned,
       abs(hashtext('urgent' || g)) %% 40 = 0 AS urgent
FROM generate_series(1, %(cases)s) AS g;
INSERT INTO intake_submission
    (id, reference, scheme, answers, immediate_danger, is_anonymous, receipt_code_hash,
     submitted_at, public_status)
SELECT r.submission_id, r.reference, r.scheme, a.answers, r.urgent, r.g %% 3 = 0,
       md5('code' || r.g) || md5('code2' || r.g), r.submitted_at,
       CASE WHEN r.is_open THEN 'in_progress' ELSE 'completed' END
FROM bench_rows r JOIN bench_answers a ON a.n = r.g %% %(variants)s;
INSERT INTO triage_case
    (id, reference, submission_id, scheme, is_right_to_know, is_anonymous, status, priority,
     opened_at, received_at, updated_at, district, team_id, assigned_to_id, nominal_id, due_at,
     clock_paused_at, clock_pause_reason, details, forum, forum_reference, identity_checked,
     decision_disclose, decided_at, outcome, closed_at, closed_on_time, retain_until,
     personal_data_deleted_at)
SELECT r.case_id, r.reference, r.submission_id, r.scheme, false, r.g %% 3 = 0,
       CASE WHEN r.is_open
            THEN (ARRAY['new', 'triaged', 'checks', 'contact', 'decision_forum'])[1 + r.g %% 5]
            ELSE 'closed' END,
       CASE WHEN r.urgent THEN 'urgent' WHEN r.g %% 7 = 0 THEN 'high' ELSE 'normal' END,
       r.submitted_at + interval '2 seconds', r.submitted_at, r.submitted_at + interval '3 days',
       '',
       t.id,
       CASE WHEN r.assigned THEN s.user_id END,
       NULL,
       CASE WHEN NOT r.is_open THEN NULL
            WHEN r.overdue THEN now() - make_interval(hours => 1 + r.g %% 500)
            ELSE now() + make_interval(hours => 1 + r.g %% 900) END,
       NULL, '', %(empty_details)s, '', '', false, NULL, NULL,
       CASE WHEN r.is_open THEN '' ELSE 'unsubstantiated' END,
       CASE WHEN r.is_open THEN NULL ELSE r.submitted_at + interval '20 days' END,
       CASE WHEN r.is_open THEN NULL ELSE r.g %% 11 <> 0 END,
       CASE WHEN r.is_open THEN NULL ELSE r.submitted_at + interval '6 years' END,
       NULL
FROM bench_rows r
JOIN bench_teams t ON t.n = r.g %% (SELECT count(*) FROM bench_teams)
LEFT JOIN LATERAL (
    SELECT user_id FROM bench_staff WHERE team_id = t.id
    ORDER BY n OFFSET (r.g / 7) %% GREATEST(1, (SELECT count(*) FROM bench_staff b
                                                 WHERE b.team_id = t.id)) LIMIT 1
) s ON true;
INSERT INTO triage_casedeadline (case_id, kind, due_at, remind_at, met_at)
SELECT r.case_id, %(whole_process)s, r.submitted_at + interval '28 days',
       r.submitted_at + interval '25 days',
       CASE WHEN r.is_open THEN NULL ELSE r.submitted_at + interval '20 days' END
FROM bench_rows r;
INSERT INTO triage_caseevent (case_id, kind, actor_id, at, detail)
SELECT r.case_id, kind, NULL, r.submitted_at + offset_, detail::jsonb
FROM bench_rows r,
     (VALUES ('opened', interval '2 seconds', '{"scheme": "concern", "priority": "normal"}'),
             ('routed', interval '3 seconds', '{"reasons": ["Rule 3 (area team)"]}'),
             ('status_changed', interval '1 day', '{"from": "new", "to": "triaged"}'))
         AS e(kind, offset_, detail);
INSERT INTO triage_casematch (case_id, nominal_id, score, reasons, status)
SELECT r.case_id, n.id, 40 + r.g %% 50, '["Same family name (sounds alike)"]'::jsonb, 'suggested'
FROM bench_rows r
JOIN triage_nominal n ON n.id = (SELECT min(id) FROM triage_nominal) + r.g %% %(nominals)s
WHERE r.g %% 3 = 0;
DROP TABLE bench_rows, bench_teams, bench_staff, bench_answers;
"""


def _cases_load(scale: Scale) -> None:
    variants = _answers_variants(50)
    empty_details = Submission._meta.get_field("answers").get_prep_value({})
    parameters = {
        "unit_id": Unit.objects.get(name=UNIT_NAME).pk,
        "answers": variants,
        "variants": len(variants),
        "cases": scale.cases,
        "open_per_mille": round(OPEN_SHARE * 1000),
        "empty_details": empty_details,
        "whole_process": DeadlineKind.WHOLE_PROCESS.value,
        "nominals": max(1, scale.nominals),
    }
    with connection.cursor() as cursor:
        cursor.execute(CASES_SQL, parameters)


# --- Search entries -----------------------------------------------------------------------
#
# Each loaded case gets the blind index entries (triage/search.py) a case with its people,
# place and reference would have: the subject's given and family name (each word, its sound
# and its canonical given-name forms), a second person (the applicant) on Sarah's and Clare's
# Law cases, a full postcode in one of its team's districts with that district, and every
# block of its reference. The facts are hashed here by the same code as the portal's, once per
# name and postcode of the pools below; PostgreSQL then gives them to a million cases by a hash
# of each case's row number. Only the references, one per case, are hashed a million times.

# A quarter of people have one of the demo's common family names (a few thousand cases each
# at a million, as Smith or Jones), the rest one of 2,000 rarer ones (a few hundred each).
COMMON_FAMILY_PER_CENT = 25
FAMILY_STARTS = (
    "Ash", "Bar", "Bel", "Black", "Brad", "Bram", "Brook", "Cal", "Cart", "Chad",
    "Clay", "Cran", "Dal", "Dun", "Eld", "Elm", "Farn", "Fen", "Gold", "Gran",
    "Green", "Hal", "Hart", "Hey", "Holl", "Kent", "Kings", "Lang", "Lind", "Mar",
    "Mill", "Nor", "Oak", "Pem", "Rad", "Ren", "Ros", "Rush", "Shel", "Stan",
    "Stock", "Thorn", "Tun", "Wal", "Wen", "West", "Whit", "Win", "Wood", "Yar",
)  # fmt: skip
FAMILY_ENDS = (
    "worth", "ley", "ton", "field", "ford", "by", "wood", "well", "more", "ham",
    "stead", "wick", "bury", "ridge", "dale", "cott", "den", "hurst", "low", "thorpe",
    "combe", "grave", "holt", "land", "mere", "shaw", "stone", "well", "brook", "gate",
    "hill", "croft", "bridge", "lake", "wright", "man", "ing", "sey", "stow", "wyn",
)  # fmt: skip
POSTCODES_PER_DISTRICT = 40
# Bumped when the loaded data changes shape; an older dataset is brought up to date.
SEARCH_ENTRIES_VERSION = 2


def family_pool() -> list[str]:
    """The demo's common family names, then the rarer ones."""
    common = list(dict.fromkeys(FAMILY))
    taken = {name.lower() for name in common}
    rare = [start + end for start in FAMILY_STARTS for end in FAMILY_ENDS]
    return common + [name for name in dict.fromkeys(rare) if name.lower() not in taken]


def given_pool() -> list[str]:
    """The demo's given names with every nickname and formal name they stand for."""
    from triage import nicknames

    words: set[str] = set()
    for given in GIVEN:
        words |= nicknames.given_name_variants(normalise.name(given))
    return sorted(word.capitalize() for word in words if word.isalpha() and len(word) >= 3)


def bench_reference(g: int) -> str:
    """The reference CASES_SQL gives the case of row `g`."""
    return f"BN-{g:08X}"


def _pick_sql(salt: str, size: int, *, common: int = 0) -> str:
    """SQL for a pool index from the row number g: uniform, or the first `common` of the pool
    for COMMON_FAMILY_PER_CENT of the rows."""
    uniform = f"abs(hashtext('{salt}' || g)) % {size - common}"
    if not common:
        return uniform
    return (
        f"CASE WHEN abs(hashtext('{salt}-common?' || g)) % 100 < {COMMON_FAMILY_PER_CENT} "
        f"THEN abs(hashtext('{salt}-common' || g)) % {common} ELSE {common} + {uniform} END"
    )


def people_sql() -> dict[str, str]:
    """Pool indexes of a case's two people, as SQL over its row number g."""
    families, common = len(family_pool()), len(dict.fromkeys(FAMILY))
    given = len(given_pool())
    return {
        "family1": _pick_sql("family1", families, common=common),
        "given1": _pick_sql("given1", given),
        "family2": _pick_sql("family2", families, common=common),
        "given2": _pick_sql("given2", given),
    }


def team_places() -> dict[int, list[str]]:
    """Every postcode a team's cases are placed in: its own districts' (a disclosure desk's:
    every district's), POSTCODES_PER_DISTRICT each, in a fixed order."""
    districts_of: dict[int, list[str]] = {}
    for district, team_id in Area.objects.filter(team__unit__name=UNIT_NAME).values_list(
        "district", "team_id"
    ):
        districts_of.setdefault(team_id, []).append(district)
    every = sorted(district for districts in districts_of.values() for district in districts)
    rng = random.Random(17)
    postcodes = {
        district: [
            f"{district} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
            f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
            for _ in range(POSTCODES_PER_DISTRICT)
        ]
        for district in every
    }
    return {
        team_id: [
            code
            for district in sorted(districts_of.get(team_id, every))
            for code in postcodes[district]
        ]
        for team_id in Team.objects.filter(unit__name=UNIT_NAME)
        .order_by("pk")
        .values_list("pk", flat=True)
    }


def _digester():
    """search.digest, faster for a million calls (the key derived once), checked against it."""
    import hashlib
    import hmac

    from django.conf import settings

    from triage import search

    key = search._key(settings.SEARCH_INDEX_KEY)

    def fast(kind: str, value: str) -> int:
        mac = hmac.digest(key, f"{kind}:{value}".encode(), hashlib.sha256)
        return int.from_bytes(mac[:8], "big", signed=True)

    for fact in (("ref", "BN"), ("nm", "smith"), ("pc", "NR24PD")):
        assert fast(*fact) == search.digest(*fact)
    return fast


# Each entry carries its case's place (CaseSearchToken.case_*), as search.case_index writes it.
_PLACE = "p.team_id, p.unit_id, p.assigned_to_id, p.offender_manager_id, p.due_at, p.opened_at"
SEARCH_SQL = """
CREATE TEMP TABLE bench_people AS
SELECT g, c.id AS case_id, c.team_id, c.scheme <> 'concern' AS second,
       t.unit_id, c.assigned_to_id, n.offender_manager_id, c.due_at, c.opened_at,
       {family1} AS family1, {given1} AS given1,
       {family2} AS family2, {given2} AS given2,
       abs(hashtext('place' || g)) % s.size AS place
FROM generate_series(1, {cases}) AS g
JOIN triage_case c ON c.id = md5('case' || g)::uuid
JOIN triage_team t ON t.id = c.team_id
LEFT JOIN triage_nominal n ON n.id = c.nominal_id
JOIN bench_place_counts s ON s.team_id = c.team_id;
INSERT INTO triage_casesearchtoken (case_id, digest, case_team_id, case_unit_id,
    case_assigned_to_id, case_offender_manager_id, case_due_at, case_opened_at)
SELECT p.case_id, t.digest, PLACE
FROM bench_people p CROSS JOIN LATERAL (
    SELECT digest FROM bench_family WHERE n = p.family1
    UNION SELECT digest FROM bench_given WHERE n = p.given1
    UNION SELECT digest FROM bench_family WHERE n = p.family2 AND p.second
    UNION SELECT digest FROM bench_given WHERE n = p.given2 AND p.second
) t
UNION ALL
SELECT p.case_id, unnest(ARRAY[l.pc, l.pcd]), PLACE
FROM bench_people p JOIN bench_places l ON l.team_id = p.team_id AND l.m = p.place
UNION ALL
SELECT p.case_id, r.digest, PLACE FROM bench_people p JOIN bench_refs r ON r.g = p.g;
DROP TABLE bench_people, bench_family, bench_given, bench_places, bench_place_counts,
    bench_refs;
""".replace("PLACE", _PLACE)


def _token_indexes_drop(cursor) -> list[str]:
    """Drop the token table's foreign key, unique constraint and index for the load (building
    them once afterwards is much faster than keeping them up to date row by row); returns the
    statements that recreate them."""
    # Checks still deferred from the cases just written are made now: a table with checks
    # pending cannot be altered.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = 'triage_casesearchtoken'::regclass AND contype IN ('u', 'f')"
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'triage_casesearchtoken' "
        "AND indexname NOT IN (SELECT conname FROM pg_constraint "
        "WHERE conrelid = 'triage_casesearchtoken'::regclass)"
    )
    indexes = cursor.fetchall()
    for name, _definition in constraints:
        cursor.execute(f'ALTER TABLE triage_casesearchtoken DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    return [
        f'ALTER TABLE triage_casesearchtoken ADD CONSTRAINT "{name}" {definition}'
        for name, definition in constraints
    ] + [definition for _name, definition in indexes]


def _search_entries_load(scale: Scale, *, log=print) -> None:
    from triage import search

    fast = _digester()
    families, givens = family_pool(), given_pool()
    places = team_places()
    family_rows = [
        (n, fast(*fact)) for n, name in enumerate(families) for fact in search.name_facts(name)
    ]
    given_rows = [
        (n, fast(*fact)) for n, name in enumerate(givens) for fact in search.name_facts(name)
    ]
    place_rows = []
    for team_id, codes in places.items():
        for m, code in enumerate(codes):
            facts = dict(search.postcode_facts(code))
            place_rows.append((team_id, m, fast("pc", facts["pc"]), fast("pcd", facts["pcd"])))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute(
            "CREATE TEMP TABLE bench_family (n int, digest bigint);"
            "CREATE TEMP TABLE bench_given (n int, digest bigint);"
            "CREATE TEMP TABLE bench_places (team_id bigint, m int, pc bigint, pcd bigint);"
            "CREATE TEMP TABLE bench_refs (g int, digest bigint);"
        )
        cursor.executemany("INSERT INTO bench_family VALUES (%s, %s)", family_rows)
        cursor.executemany("INSERT INTO bench_given VALUES (%s, %s)", given_rows)
        cursor.executemany("INSERT INTO bench_places VALUES (%s, %s, %s, %s)", place_rows)
        cursor.execute(
            "CREATE INDEX ON bench_family (n); CREATE INDEX ON bench_given (n);"
            "CREATE TEMP TABLE bench_place_counts AS "
            "SELECT team_id, count(*) AS size FROM bench_places GROUP BY team_id;"
            "ANALYZE bench_family; ANALYZE bench_given; ANALYZE bench_places"
        )
        # Every block of every reference, hashed here: a million references, a few seconds.
        with cursor.copy("COPY bench_refs (g, digest) FROM STDIN") as copy:
            lines = []
            for g in range(1, scale.cases + 1):
                for fact in search.reference_facts(bench_reference(g)):
                    lines.append(f"{g}\t{fast(*fact)}\n")
                if len(lines) >= 300_000:
                    copy.write("".join(lines))
                    lines = []
            copy.write("".join(lines))
        cursor.execute("ANALYZE bench_refs")
        log("  search entries: references hashed; entries next")
        recreate = _token_indexes_drop(cursor)
        cursor.execute(SEARCH_SQL.format(cases=int(scale.cases), **people_sql()))
        log("  search entries: written; indexes next")
        for statement in recreate:
            cursor.execute(statement)


# --- Disclosure decisions ---------------------------------------------------------------------
#
# The statutory return counts decisions: disclosed or not (and why), when, and within the
# scheme's limit or after. The closed Sarah's and Clare's Law cases get them as the services
# record them (lifecycle.case_record_decision, then case_close): a few withdrawn without a
# decision, about a third disclosed, the rest not disclosed for one of the reasons; decided
# 3 to 30 days after they were opened, one in eight later (some past the 28 and 45 days of the
# limits), and closed a few days after the decision. Written in one UPDATE over the loaded
# cases, so a dataset loaded before decisions existed gets them in place.

DECISIONS_VERSION = 2
ALL_DECISIONS_SQL = """
UPDATE triage_case c SET
    outcome = d.outcome,
    decision = d.decision,
    decision_disclose = d.disclose,
    no_disclosure_reason = d.reason,
    decided_at = d.decided_at,
    forum = CASE WHEN d.decided_at IS NULL THEN '' ELSE 'local' END,
    forum_date = (d.decided_at - interval '2 days')::date,
    disclosed_at = CASE WHEN d.disclose THEN least(d.decided_at + interval '1 day', now()) END,
    disclosed_to_kind = CASE WHEN NOT d.disclose THEN ''
                             WHEN c.scheme = 'sarahs_law' THEN 'parent_or_carer'
                             WHEN d.g %% 3 = 0 THEN 'person_at_risk' ELSE 'applicant' END,
    disclosure_method = CASE WHEN d.disclose THEN 'in_person' ELSE '' END,
    closed_at = least(coalesce(d.decided_at, c.opened_at + d.took) + interval '3 days', now()),
    closed_on_time = d.took <= CASE WHEN c.scheme = 'sarahs_law' THEN %(sarahs_days)s
                                    ELSE %(clares_days)s END * interval '1 day'
FROM (
    SELECT g, id, took,
           CASE WHEN w < 6 THEN 'withdrawn' WHEN w < 40 THEN 'disclosed'
                ELSE 'not_disclosed' END AS outcome,
           CASE WHEN w < 6 THEN '' WHEN w < 40 THEN 'disclose'
                WHEN w >= 95 THEN 'other_safeguarding' ELSE 'no_disclosure' END AS decision,
           CASE WHEN w < 6 THEN NULL ELSE w < 40 END AS disclose,
           CASE WHEN w < 40 THEN ''
                ELSE (ARRAY['nothing_to_disclose', 'nothing_to_disclose', 'no_pressing_need',
                            'not_proportionate', 'not_verified', 'other'])
                    [1 + abs(hashtext('reason' || g)) %% 6] END
               AS reason,
           CASE WHEN w < 6 THEN NULL ELSE least(opened_at + took, now()) END AS decided_at
    FROM (
        SELECT g, c.id, c.opened_at, abs(hashtext('decision' || g)) %% 100 AS w,
               make_interval(days => 3 + abs(hashtext('took' || g)) %% 28
                   + CASE WHEN abs(hashtext('late' || g)) %% 8 = 0
                          THEN abs(hashtext('later' || g)) %% 40 ELSE 0 END,
                   hours => g %% 24) AS took
        FROM generate_series(1, %(cases)s) AS g
        JOIN triage_case c ON c.id = md5('case' || g)::uuid
        WHERE c.status = 'closed' AND c.scheme IN ('sarahs_law', 'clares_law')
    ) drawn
) d
WHERE c.id = d.id
"""


def _decisions_load(scale: Scale) -> None:
    from django.conf import settings

    with connection.cursor() as cursor:
        cursor.execute(
            ALL_DECISIONS_SQL,
            {
                "cases": scale.cases,
                "clares_days": int(settings.TRIAGE_CLARES_LAW_DAYS),
                "sarahs_days": int(settings.TRIAGE_SARAHS_LAW_DAYS),
            },
        )


ADMINISTRATOR_USERNAME = f"{STAFF_PREFIX}admin"


def _administrator_ensure() -> str:
    """A superuser: the dashboard's figures over every case (created once, on any data)."""
    user_model = get_user_model()
    if not user_model.objects.filter(username=ADMINISTRATOR_USERNAME).exists():
        user_model.objects.create_superuser(
            username=ADMINISTRATOR_USERNAME,
            email=f"{ADMINISTRATOR_USERNAME}@example.invalid",
            password=None,
        )
    return ADMINISTRATOR_USERNAME


MARKER_SQL = "CREATE TABLE IF NOT EXISTS bench_dataset (description jsonb NOT NULL)"


def _loaded_description() -> dict | None:
    with connection.cursor() as cursor:
        cursor.execute(MARKER_SQL)
        cursor.execute("SELECT description FROM bench_dataset")
        row = cursor.fetchone()
    if row is None:
        return None
    return row[0] if isinstance(row[0], dict) else json.loads(row[0])


def loaded_scale() -> Scale | None:
    description = _loaded_description()
    if description is None:
        return None
    return Scale(**{name: description[name] for name in ("cases", "nominals", "staff")})


def dataset_ensure(scale: Scale, *, log=print) -> Dataset:
    """Load `scale` into an empty database, or find it already loaded by an earlier run (and
    give it search entries and disclosure decisions if it was loaded before they were)."""
    if connection.vendor != "postgresql":
        raise SystemExit("The benchmark runs on PostgreSQL: set DATABASE_URL to a postgres:// URL.")
    loaded = loaded_scale()
    if loaded is not None and loaded != scale:
        raise SystemExit(
            f"The bench database already holds {loaded.label}, not {scale.label}. "
            "Drop it (dropdb) or name another with BENCH_DATABASE."
        )
    # The server tuned as docs/performance.md recommends for SSD storage, where reading a row
    # by its index costs little more than reading rows in sequence: new connections only.
    name = connection.ops.quote_name(connection.settings_dict["NAME"])
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER DATABASE {name} SET random_page_cost = 1.1")
    search_loaded = (
        loaded is None
        or (_loaded_description() or {}).get("search_entries") != SEARCH_ENTRIES_VERSION
    )
    decisions_loaded = (
        loaded is None or (_loaded_description() or {}).get("decisions") != DECISIONS_VERSION
    )
    if loaded is None:
        log(f"Loading {scale.label} (once; later runs reuse it)")
        # All or nothing: a load stopped part-way leaves the database as it was.
        with transaction.atomic():
            _reference_data_load(scale)
            log("  staff and teams loaded; nominals next")
            _nominals_load(scale)
            log("  nominals loaded; cases next")
            _cases_load(scale)
            _decisions_load(scale)
            log("  cases loaded; search entries next")
            _search_entries_load(scale, log=log)
            description = {
                **asdict(scale),
                "search_entries": SEARCH_ENTRIES_VERSION,
                "decisions": DECISIONS_VERSION,
            }
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO bench_dataset (description) VALUES (%s)",
                    [json.dumps(description)],
                )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    elif search_loaded:
        log(f"Adding search entries to the {scale.label} already loaded (once)")
        with transaction.atomic():
            with connection.cursor() as cursor:
                # Entries of the loaded cases only; those of cases the bench's sends opened
                # were written by the portal itself.
                cursor.execute(
                    "DELETE FROM triage_casesearchtoken WHERE case_id IN "
                    "(SELECT md5('case' || g)::uuid FROM generate_series(1, %s) AS g)",
                    [scale.cases],
                )
            _search_entries_load(scale, log=log)
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE bench_dataset SET description = description || %s::jsonb",
                    [json.dumps({"search_entries": SEARCH_ENTRIES_VERSION})],
                )
    if loaded is not None and decisions_loaded:
        log(f"Adding disclosure decisions to the {scale.label} already loaded (once)")
        with transaction.atomic():
            _decisions_load(scale)
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE bench_dataset SET description = description || %s::jsonb",
                    [json.dumps({"decisions": DECISIONS_VERSION})],
                )
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) triage_case")
    _administrator_ensure()
    if search_loaded:
        with connection.cursor() as cursor:
            # Search reads the index alone once the table's pages are marked all-visible, as
            # autovacuum soon marks them on a live system.
            cursor.execute("VACUUM (ANALYZE) triage_casesearchtoken")
    return dataset_describe(scale)


def dataset_describe(scale: Scale) -> Dataset:
    """A management team's supervisor, and a spread of that team's open cases. The last
    team, not the first: the bench's own reports are about a district of the first, and
    its queue would grow with every run."""
    from triage.constants import OPEN_STATUSES
    from triage.models import Case

    supervisor = (
        StaffProfile.objects.filter(
            role=Role.SUPERVISOR,
            team__kind=TeamKind.MANAGEMENT,
            user__username__startswith=STAFF_PREFIX,
        )
        .select_related("user")
        .order_by("-team_id")
        .first()
    )
    case_ids = [
        str(pk)
        for pk in Case.objects.filter(team_id=supervisor.team_id, status__in=OPEN_STATUSES)
        .order_by("reference")
        .values_list("pk", flat=True)[:200]
    ]
    officer = (
        StaffProfile.objects.filter(
            role=Role.TRIAGE_OFFICER,
            team__unit__name=UNIT_NAME,
            user__username__startswith=STAFF_PREFIX,
        )
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    # Loaded cases only (their references start BN-), not those the bench's sends opened.
    officer_cases = list(
        Case.objects.filter(status__in=OPEN_STATUSES, reference__startswith="BN-")
        .order_by("reference")
        .values_list("pk", "scheme")[:200]
    )
    case_by_scheme = {}
    for pk, scheme in Case.objects.filter(pk__in=case_ids).values_list("pk", "scheme"):
        case_by_scheme.setdefault(scheme, (supervisor.user.username, str(pk)))
    for pk, scheme in officer_cases:
        case_by_scheme.setdefault(scheme, (officer.user.username, str(pk)))
    return Dataset(
        scale=scale,
        supervisor_username=supervisor.user.username,
        team_id=supervisor.team_id,
        case_ids=case_ids,
        officer_username=officer.user.username,
        officer_case_ids=[str(pk) for pk, _scheme in officer_cases],
        case_by_scheme=dict(sorted(case_by_scheme.items())),
        administrator_username=ADMINISTRATOR_USERNAME,
    )


SEARCH_KINDS = {
    "surname": "a family name (one of 2,000)",
    "common_surname": "a common family name (Smith, Jones...)",
    "nickname": "'given family', given as a nickname",
    "district": "a postcode district",
    "postcode": "a full postcode",
    "reference": "a case reference",
}


def search_queries(*, team_id: int | None, per_kind: int = 10) -> dict[str, list[str]]:
    """Queries of each kind that find a loaded case: of the team's cases, or of any case
    (team_id None). Read back from the same pools and the same SQL that gave the cases their
    search entries, so that every query finds at least the case it was made from."""
    from triage import nicknames
    from triage.models import Case

    families, givens = family_pool(), given_pool()
    commons = len(dict.fromkeys(FAMILY))
    places = team_places()
    cases = Case.objects.filter(reference__startswith="BN-")
    if team_id is not None:
        cases = cases.filter(team_id=team_id)
    # Ordered by id, a hash: a spread of open and closed cases of every age.
    sample = list(cases.order_by("pk").values_list("reference", "team_id")[: per_kind * 20])
    rows = {int(reference[3:], 16): (reference, team) for reference, team in sample}
    people = people_sql()
    with connection.cursor() as cursor:
        # Only the SQL of people_sql and integers go into the text: nothing from outside.
        numbers = ",".join(str(int(g)) for g in rows)
        cursor.execute(
            f"SELECT g, {people['family1']}, {people['given1']}, abs(hashtext('place' || g)) "  # noqa: S608
            f"FROM unnest(ARRAY[{numbers}]::int[]) AS g"
        )
        picked = cursor.fetchall()
    queries: dict[str, list[str]] = {kind: [] for kind in SEARCH_KINDS}
    for g, family_n, given_n, place_hash in sorted(picked):
        reference, team = rows[g]
        family, given = families[family_n], givens[given_n]
        postcode = places[team][place_hash % len(places[team])]
        common = family_n < commons
        if common and len(queries["common_surname"]) < per_kind:
            queries["common_surname"].append(family)
        if not common and len(queries["surname"]) < per_kind:
            queries["surname"].append(family)
        others = sorted(nicknames.given_name_variants(given.lower()) - {given.lower()})
        if others and len(queries["nickname"]) < per_kind:
            queries["nickname"].append(f"{others[g % len(others)].capitalize()} {family}")
        for kind, value in (
            ("district", postcode.split()[0]),
            ("postcode", postcode),
            ("reference", reference),
        ):
            if len(queries[kind]) < per_kind:
                queries[kind].append(value)
    return queries


def matching_subjects(count: int, *, seed: int = 3) -> list[dict]:
    """Subjects as a member of the public would describe a real nominal: a name, sometimes an
    alias or a misspelling, a date of birth or only an age, sometimes a postcode or a car."""
    rng = random.Random(seed)
    top = Nominal.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    bottom = Nominal.objects.order_by("pk").values_list("pk", flat=True).first() or 0
    picked = (
        Nominal.objects.filter(pk__in=[rng.randint(bottom, top) for _ in range(count)])
        .prefetch_related("names", "addresses", "identifiers")
        .order_by("pk")
    )
    subjects = []
    for nominal in picked:
        names = list(nominal.names.all())
        name = rng.choice(names).full_name
        if rng.random() < 0.3:  # a typing slip
            position = rng.randrange(1, len(name) - 1)
            name = name[:position] + name[position + 1 :]
        address = next(iter(nominal.addresses.all()), None)
        identifiers = list(nominal.identifiers.all())
        subject = {
            "names": [name],
            "aliases": [],
            "date_of_birth": nominal.date_of_birth.isoformat() if rng.random() < 0.4 else None,
            "age": None,
            "addresses": [],
            "postcode": address.postcode if address and rng.random() < 0.5 else None,
            "vehicles": [i.value for i in identifiers if i.kind == IdentifierKind.VEHICLE][:1],
            "phones": [],
            "usernames": [],
        }
        if subject["date_of_birth"] is None and nominal.date_of_birth:
            subject["age"] = (date.today() - nominal.date_of_birth).days // 365
        subjects.append({"subject": subject, "place": {"postcode": subject["postcode"]}})
    rng.shuffle(subjects)
    return subjects[:count]

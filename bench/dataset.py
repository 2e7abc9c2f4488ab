"""A whole force's worth of fictional data, loaded fast and loaded once.

Reference data (teams, areas, staff, nominals) goes through the models, so that every
normalised matching key is computed by the same code as an import. Cases, with their
submissions, deadlines, audit events and matches, are written by PostgreSQL itself with
INSERT ... SELECT over generate_series: a million rows through the ORM would take an hour.
Their shape follows what the services write (see triage/services.py): about 3% of cases
are open, nearly all of those are with a team and most with an officer, a fifth are overdue.
"""

import json
import random
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction

from intake.models import Submission
from triage import normalise
from triage.constants import (
    STAFF_GROUP_BY_ROLE,
    DeadlineKind,
    IdentifierKind,
    NominalCategory,
    RiskLevel,
    Role,
    TeamKind,
)
from triage.demo import FAMILY, GIVEN, STREETS, staff_groups_ensure
from triage.models import (
    Area,
    Nominal,
    NominalAddress,
    NominalIdentifier,
    NominalName,
    StaffProfile,
    Team,
    Unit,
)

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


def _team_names(count: int) -> list[tuple[str, str]]:
    desks = max(1, count // 10)
    return [
        (f"Bench disclosure desk {n}", TeamKind.DISCLOSURE_DESK) for n in range(1, desks + 1)
    ] + [(f"Bench management team {n}", TeamKind.MANAGEMENT) for n in range(1, count - desks + 1)]


def _district(index: int) -> str:
    area = POSTCODE_AREAS[index % len(POSTCODE_AREAS)]
    return f"{area}{index // len(POSTCODE_AREAS) + 1}"


def _reference_data_load(scale: Scale) -> None:
    staff_groups_ensure()
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
     opened_at, updated_at, district, team_id, assigned_to_id, nominal_id, due_at,
     clock_paused_at, clock_pause_reason, details, forum, forum_reference, identity_checked,
     decision_disclose, decided_at, outcome, closed_at, closed_on_time, retain_until,
     personal_data_deleted_at)
SELECT r.case_id, r.reference, r.submission_id, r.scheme, false, r.g %% 3 = 0,
       CASE WHEN r.is_open
            THEN (ARRAY['new', 'triaged', 'checks', 'contact', 'decision_forum'])[1 + r.g %% 5]
            ELSE 'closed' END,
       CASE WHEN r.urgent THEN 'urgent' WHEN r.g %% 7 = 0 THEN 'high' ELSE 'normal' END,
       r.submitted_at + interval '2 seconds', r.submitted_at + interval '3 days', '',
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


MARKER_SQL = "CREATE TABLE IF NOT EXISTS bench_dataset (description jsonb NOT NULL)"


def loaded_scale() -> Scale | None:
    with connection.cursor() as cursor:
        cursor.execute(MARKER_SQL)
        cursor.execute("SELECT description FROM bench_dataset")
        row = cursor.fetchone()
    if row is None:
        return None
    description = row[0] if isinstance(row[0], dict) else json.loads(row[0])
    return Scale(**description)


def dataset_ensure(scale: Scale, *, log=print) -> Dataset:
    """Load `scale` into an empty database, or find it already loaded by an earlier run."""
    if connection.vendor != "postgresql":
        raise SystemExit("The benchmark runs on PostgreSQL: set DATABASE_URL to a postgres:// URL.")
    loaded = loaded_scale()
    if loaded is not None and loaded != scale:
        raise SystemExit(
            f"The bench database already holds {loaded.label}, not {scale.label}. "
            "Drop it (dropdb) or name another with BENCH_DATABASE."
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
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO bench_dataset (description) VALUES (%s)",
                    [json.dumps(asdict(scale))],
                )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
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
    return Dataset(
        scale=scale,
        supervisor_username=supervisor.user.username,
        team_id=supervisor.team_id,
        case_ids=case_ids,
    )


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

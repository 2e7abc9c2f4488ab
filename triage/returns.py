"""The statutory return and the dashboard's figures, computed from the case records only.

The yearly return (HMICFRS, and a force's own Sarah's Law figures) counts, per scheme and
period, what happened in that period, each figure by its own date, so that a disclosure made
in April for an application of March is counted once, in the year it was made:

- applications received: by the date the public sent them (the case's `received_at`, the
  submission's time; a Right to Know case, started by the police, by the date it was opened);
- disclosures made, no disclosure (by reason), within and after the scheme's limit, median
  and longest days to decision: by the date of the decision (`decided_at`; a case closed as
  disclosed or not without a recorded decision, by the date it was closed);
- withdrawn: by the date the case was closed as withdrawn, without a decision;
- open at the end of the period: received by then and neither decided nor closed by then;
- the applicant's relationship: of the applications received in the period, read from the
  encrypted answers in one streamed pass (the only figure that needs them).

Counts are grouped in SQL; a dozen queries whatever the number of cases. Nothing here is
entered by hand.
"""

import csv
import io
import re
import statistics
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case as Conditional
from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth, TruncWeek
from django.utils import timezone

from core.spreadsheets import spreadsheet_cell
from intake.constants import Scheme
from staff.constants import Role
from staff.lookups import profile_of, role_of
from staff.models import Team

from .constants import CaseStatus, Outcome
from .models import Area, Case

ALL_STATUSES = list(CaseStatus.values)

# The schemes with a statutory return, by the name the command and the page use.
RETURN_SCHEMES = {"clares-law": Scheme.CLARES_LAW, "sarahs-law": Scheme.SARAHS_LAW}

# Stream the answers in chunks of this many rows, so memory stays flat whatever the volume.
STREAM_CHUNK = 2000


class ReturnInputError(ValueError):
    """A period, scheme or area the return cannot be made for; the message says why."""


def limit_days(*, scheme: str) -> int:
    """The scheme's whole-process limit in calendar days, from application to decision."""
    if scheme == Scheme.CLARES_LAW:
        return int(settings.TRIAGE_CLARES_LAW_DAYS)
    if scheme == Scheme.SARAHS_LAW:
        return int(settings.TRIAGE_SARAHS_LAW_DAYS)
    raise ReturnInputError(f"There is no statutory return for {scheme}.")


def scheme_from_slug(*, slug: str) -> str:
    try:
        return RETURN_SCHEMES[slug]
    except KeyError:
        names = ", ".join(RETURN_SCHEMES)
        raise ReturnInputError(f"Unknown scheme {slug!r}: use one of {names}.") from None


def slug_of(*, scheme: str) -> str:
    return next(slug for slug, value in RETURN_SCHEMES.items() if value == scheme)


# --- Period and area ------------------------------------------------------------------------


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class Period:
    """Whole days in the force's time zone, `end` included."""

    start: date
    end: date

    @property
    def since(self) -> datetime:
        return _local_midnight(self.start)

    @property
    def until(self) -> datetime:
        """The first moment after the period."""
        return _local_midnight(self.end + timedelta(days=1))

    @property
    def label(self) -> str:
        return f"{_day_words(self.start)} to {_day_words(self.end)}"


def _day_words(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def period_of(*, start: date | None, end: date | None) -> Period:
    if start is None or end is None:
        raise ReturnInputError("Give the first and the last day of the period.")
    if end < start:
        raise ReturnInputError(
            "The period ends before it starts: the last day must be on or after the first."
        )
    return Period(start=start, end=end)


@dataclass(frozen=True)
class AreaChoice:
    """A district (Case.district) or a team (Case.team) to narrow the return to."""

    value: str  # "NR2" for a district, "team:5" for a team
    label: str

    def cases_filter(self) -> Q:
        if self.value.startswith("team:"):
            return Q(team_id=int(self.value.removeprefix("team:")))
        return Q(district=self.value)


def _own_team(user: Any) -> Team | None:
    profile = profile_of(user)
    return profile.team if profile else None


def area_choices(*, user: Any = None) -> list[AreaChoice]:
    """The districts and teams a return may be narrowed to: all of them for the command and
    administrators; a supervisor's own team and the districts it covers."""
    areas = Area.objects.select_related("team").order_by("district")
    teams = Team.objects.order_by("name")
    if user is not None and not user.is_superuser:
        team = _own_team(user)
        if team is None:
            return []
        areas = areas.filter(Q(team=team) | Q(disclosure_desk=team))
        teams = teams.filter(pk=team.pk)
    choices = [AreaChoice(value=f"team:{team.pk}", label=team.name) for team in teams]
    choices += [
        AreaChoice(value=area.district, label=f"{area.district} ({area.team.name})")
        for area in areas
    ]
    return choices


def scope_label(*, user: Any) -> str:
    """Whose cases a reader's return counts: every area, or their team's."""
    if user.is_superuser:
        return "All areas"
    team = _own_team(user)
    return f"The cases of {team.name}" if team else "Only the cases assigned to you"


def area_resolve(*, value: str, user: Any = None) -> AreaChoice:
    """An area by district ("NR2", any case), team name, or the page's "team:<id>"."""
    wanted = value.strip().casefold()
    for choice in area_choices(user=user):
        team_name = choice.label if choice.value.startswith("team:") else None
        if wanted in (choice.value.casefold(), (team_name or "").casefold()):
            return choice
    raise ReturnInputError(f"Unknown area {value!r}: give a postcode district or a team's name.")


# --- The applicant's relationship -------------------------------------------------------------

# Free text as people typed it, read as one word for the return. The first group with a word
# in the text wins, so "mother-in-law" is a relative before "mother" makes a parent.
RELATIONSHIP_WORDS: list[tuple[str, set[str]]] = [
    ("self", {"self", "me", "myself"}),
    ("other relative", {"in-law", "inlaw"}),
    (
        "grandparent",
        {
            "grandparent",
            "grandmother",
            "grandfather",
            "grandma",
            "grandpa",
            "grandad",
            "granddad",
            "gran",
            "nan",
            "nana",
            "nanna",
        },
    ),
    (
        "parent or carer",
        {
            "parent",
            "mother",
            "father",
            "mum",
            "mom",
            "mam",
            "mummy",
            "dad",
            "daddy",
            "stepmother",
            "stepfather",
            "stepmum",
            "stepdad",
            "step-mother",
            "step-father",
            "step-mum",
            "step-dad",
            "step-parent",
            "carer",
            "guardian",
            "foster",
            "adoptive",
        },
    ),
    (
        "partner",
        {
            "partner",
            "husband",
            "wife",
            "boyfriend",
            "girlfriend",
            "fiance",
            "fiancé",
            "fiancee",
            "fiancée",
            "spouse",
        },
    ),
    (
        "other relative",
        {
            "sister",
            "brother",
            "sibling",
            "aunt",
            "auntie",
            "aunty",
            "uncle",
            "cousin",
            "niece",
            "nephew",
            "daughter",
            "son",
            "relative",
            "family",
            "stepsister",
            "stepbrother",
            "step-sister",
            "step-brother",
            "grandson",
            "granddaughter",
        },
    ),
    ("friend", {"friend", "friends", "mate", "pal"}),
    ("neighbour", {"neighbour", "neighbor"}),
    (
        "professional",
        {
            "teacher",
            "social",
            "worker",
            "nurse",
            "doctor",
            "gp",
            "idva",
            "professional",
            "practitioner",
            "visitor",
            "officer",
            "employer",
            "colleague",
            "manager",
        },
    ),
]
RELATIONSHIP_ORDER = [word for word, _words in RELATIONSHIP_WORDS if word != "other relative"]
RELATIONSHIP_ORDER.insert(RELATIONSHIP_ORDER.index("friend"), "other relative")
RELATIONSHIP_ORDER += ["other", "not given"]
RIGHT_TO_KNOW_RELATIONSHIP = "none: started by the police (Right to Know)"

_WORD = re.compile(r"[\w]+(?:-[\w]+)*")


def relationship_word(text: Any) -> str:
    """One word for what someone typed as their relationship: "Mum" is "parent or carer"."""
    if not isinstance(text, str) or not text.strip():
        return "not given"
    tokens = set()
    for token in _WORD.findall(text.casefold()):
        tokens.add(token)
        tokens.update(token.split("-"))
        if token.endswith("-in-law"):
            tokens.add("in-law")
    for word, words in RELATIONSHIP_WORDS:
        if tokens & words:
            return word
    return "other"


def relationship_of(answers: Any, *, scheme: str) -> str:
    """The applicant's relationship in the summary (docs/intake.md): to the person at risk
    for Clare's Law ("self" when they are the person at risk), to the child for Sarah's Law."""
    if not isinstance(answers, dict):
        return "not given"
    if scheme == Scheme.CLARES_LAW:
        person = answers.get("person_at_risk")
        if isinstance(person, dict) and person.get("relationship_to_applicant"):
            return relationship_word(person["relationship_to_applicant"])
    applicant = answers.get("applicant")
    if isinstance(applicant, dict):
        return relationship_word(applicant.get("relationship"))
    return "not given"


# --- The return -------------------------------------------------------------------------------

REASON_NOT_RECORDED = "Reason not recorded"


@dataclass
class Figures:
    """One column of the return: Right to Ask, Right to Know, or all applications."""

    received: int = 0
    disclosed: int = 0
    not_disclosed: int = 0
    not_disclosed_by_reason: Counter = field(default_factory=Counter)
    withdrawn: int = 0
    open_at_end: int = 0
    within_limit: int = 0
    after_limit: int = 0
    median_days: float | None = None
    longest_days: float | None = None
    relationships: Counter = field(default_factory=Counter)

    @property
    def decided(self) -> int:
        return self.disclosed + self.not_disclosed


@dataclass
class StatutoryReturn:
    scheme: str
    period: Period
    limit_days: int
    area: AreaChoice | None
    # (label, figures); for Clare's Law Right to Ask, Right to Know, then both together.
    columns: list[tuple[str, Figures]]
    generated_at: datetime
    # Whose cases: "All areas", or a supervisor's team.
    scope: str = "All areas"

    @property
    def scheme_label(self) -> str:
        return Scheme(self.scheme).label

    @property
    def total(self) -> Figures:
        return self.columns[-1][1]


def _strands(scheme: str) -> list[tuple[str, bool | None]]:
    if scheme == Scheme.CLARES_LAW:
        return [("Right to Ask", False), ("Right to Know", True), ("All applications", None)]
    return [("Applications", None)]


def _decision_at() -> Coalesce:
    return Coalesce(
        F("decided_at"),
        Conditional(
            When(outcome__in=[Outcome.DISCLOSED, Outcome.NOT_DISCLOSED], then=F("closed_at")),
            default=None,
        ),
    )


DISCLOSED = Q(decision_disclose=True) | Q(decision_disclose__isnull=True, outcome=Outcome.DISCLOSED)
NOT_DISCLOSED = Q(decision_disclose=False) | Q(
    decision_disclose__isnull=True, outcome=Outcome.NOT_DISCLOSED
)


def _has_reason_field() -> bool:
    return any(f.name == "no_disclosure_reason" for f in Case._meta.concrete_fields)


def _reason_label(value: Any) -> str:
    if not value:
        return REASON_NOT_RECORDED
    choices = dict(Case._meta.get_field("no_disclosure_reason").flatchoices)
    return str(choices.get(value, value))


def _add(figures: dict[Any, Figures], strand: bool, name: str, amount: Any) -> None:
    figure = figures[strand]
    setattr(figure, name, getattr(figure, name) + amount)


@contextmanager
def _without_jit() -> Iterator[None]:
    """PostgreSQL costs the return's counts over a force's cases high enough to compile them
    to machine code (JIT), which takes longer than running them: off for these queries only."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield


def statutory_return(
    *,
    scheme: str,
    period: Period,
    cases: QuerySet[Case] | None = None,
    area: AreaChoice | None = None,
    scope: str = "All areas",
    now: datetime | None = None,
) -> StatutoryReturn:
    """The return for `scheme` over `period`, of `cases` (the cases the reader may see; all
    of them by default), narrowed to `area` if given."""
    with _without_jit():
        return _return_compute(
            scheme=scheme, period=period, cases=cases, area=area, scope=scope, now=now
        )


def _return_compute(
    *,
    scheme: str,
    period: Period,
    cases: QuerySet[Case] | None,
    area: AreaChoice | None,
    scope: str,
    now: datetime | None,
) -> StatutoryReturn:
    limit = limit_days(scheme=scheme)
    base = (Case.objects.all() if cases is None else cases).filter(scheme=scheme).order_by()
    if area is not None:
        base = base.filter(area.cases_filter())
    since, until = period.since, period.until
    # By strand: False Right to Ask (any application from the public), True Right to Know.
    by_strand: dict[bool, Figures] = {False: Figures(), True: Figures()}

    # Received: applications by the moment they were sent, Right to Know cases by the moment
    # they were opened (the case's received_at, indexed with the scheme).
    received = base.filter(received_at__gte=since, received_at__lt=until)
    for row in received.values("is_right_to_know").annotate(n=Count("pk")):
        _add(by_strand, row["is_right_to_know"], "received", row["n"])

    # Decisions and withdrawals in the period. A decision or a withdrawal in the period has
    # its decision or its closing in the period, and each of those has an index: only the
    # period's cases are read, never every case of the scheme.
    has_reason = _has_reason_field()
    decided = Q(decision_at__gte=since, decision_at__lt=until)
    withdrawn = Q(outcome=Outcome.WITHDRAWN, closed_at__gte=since, closed_at__lt=until)
    in_period = (
        base.filter(
            Q(decided_at__gte=since, decided_at__lt=until)
            | Q(closed_at__gte=since, closed_at__lt=until)
        )
        .annotate(decision_at=_decision_at())
        .filter(decided | withdrawn)
    )
    group = ["is_right_to_know", "no_disclosure_reason"] if has_reason else ["is_right_to_know"]
    rows = (
        in_period.values(*group)
        .annotate(
            disclosed=Count("pk", filter=decided & DISCLOSED),
            not_disclosed=Count("pk", filter=decided & NOT_DISCLOSED),
            # A case decided and then withdrawn counts among the decisions.
            withdrawn=Count("pk", filter=withdrawn & Q(decision_at__isnull=True)),
        )
        .order_by()
    )
    for row in rows:
        strand = row["is_right_to_know"]
        for name in ("disclosed", "not_disclosed", "withdrawn"):
            _add(by_strand, strand, name, row[name])
        if row["not_disclosed"]:
            reason = _reason_label(row.get("no_disclosure_reason"))
            by_strand[strand].not_disclosed_by_reason[reason] += row["not_disclosed"]
    # The time to each decision, worked out once per decision (the receipt is a lookup of
    # the submission), gives the limit counts, the median and the longest.
    limit_span = timedelta(days=limit)
    took = ExpressionWrapper(F("decision_at") - F("received_at"), output_field=DurationField())
    durations: dict[bool, list[float]] = {False: [], True: []}
    longest: dict[bool, timedelta] = {}
    for strand, spent in (
        in_period.filter(decided)
        .annotate(took=took)
        .values_list("is_right_to_know", "took")
        .order_by()
        .iterator(chunk_size=STREAM_CHUNK)
    ):
        if spent is None:
            continue
        durations[strand].append(spent.total_seconds() / 86400)
        _add(by_strand, strand, "within_limit" if spent <= limit_span else "after_limit", 1)
        longest[strand] = max(longest.get(strand, spent), spent)

    # Open at the end of the period: received by then, neither decided nor closed by then.
    open_at_end = (
        base.filter(received_at__lt=until)
        .filter(Q(decided_at__isnull=True) | Q(decided_at__gte=until))
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=until))
    )
    for row in open_at_end.values("is_right_to_know").annotate(n=Count("pk")):
        _add(by_strand, row["is_right_to_know"], "open_at_end", row["n"])

    # The applicant's relationship: the one figure that reads the encrypted answers, streamed.
    relationships: Counter = Counter()
    sent = received.filter(submission__isnull=False)
    for answers in sent.values_list("submission__answers", flat=True).iterator(
        chunk_size=STREAM_CHUNK
    ):
        relationships[relationship_of(answers, scheme=scheme)] += 1
    by_strand[False].relationships = relationships
    if by_strand[True].received:
        by_strand[True].relationships = Counter(
            {RIGHT_TO_KNOW_RELATIONSHIP: by_strand[True].received}
        )

    columns = []
    for label, strand in _strands(scheme):
        if strand is None:
            figures = _combined(by_strand[False], by_strand[True])
            spent = durations[False] + durations[True]
            most = max(longest.values(), default=None)
        else:
            figures = by_strand[strand]
            spent = durations[strand]
            most = longest.get(strand)
        figures.median_days = round(statistics.median(spent), 1) if spent else None
        figures.longest_days = round(most.total_seconds() / 86400, 1) if most else None
        columns.append((label, figures))
    return StatutoryReturn(
        scheme=scheme,
        period=period,
        limit_days=limit,
        area=area,
        columns=columns,
        generated_at=now or timezone.now(),
        scope=scope,
    )


def _combined(ask: Figures, know: Figures) -> Figures:
    return Figures(
        received=ask.received + know.received,
        disclosed=ask.disclosed + know.disclosed,
        not_disclosed=ask.not_disclosed + know.not_disclosed,
        not_disclosed_by_reason=ask.not_disclosed_by_reason + know.not_disclosed_by_reason,
        withdrawn=ask.withdrawn + know.withdrawn,
        open_at_end=ask.open_at_end + know.open_at_end,
        within_limit=ask.within_limit + know.within_limit,
        after_limit=ask.after_limit + know.after_limit,
        relationships=ask.relationships + know.relationships,
    )


# --- The return as a table, CSV and XLSX ------------------------------------------------------


def _days(value: float | None) -> str:
    return "no decisions" if value is None else f"{value:g}"


def return_table(report: StatutoryReturn) -> list[list[str | int]]:
    """The return as rows: a heading row (the figure, then each column), then one row per
    figure, in the order the page, the CSV and the spreadsheet show them."""
    figures = [figures for _label, figures in report.columns]
    limit = report.limit_days
    rows: list[list[str | int]] = [["Figure", *[label for label, _f in report.columns]]]

    def row(label: str, values: list[Any]) -> None:
        rows.append([label, *values])

    row("Applications received", [f.received for f in figures])
    row("Disclosures made", [f.disclosed for f in figures])
    row("No disclosure", [f.not_disclosed for f in figures])
    reasons = sorted(
        {reason for f in figures for reason in f.not_disclosed_by_reason},
        key=lambda reason: (reason == REASON_NOT_RECORDED, reason),
    )
    for reason in reasons:
        row(f"No disclosure: {reason}", [f.not_disclosed_by_reason[reason] for f in figures])
    row("Withdrawn", [f.withdrawn for f in figures])
    row("Open at the end of the period", [f.open_at_end for f in figures])
    row(f"Decided within {limit} days of the application", [f.within_limit for f in figures])
    row(f"Decided after {limit} days", [f.after_limit for f in figures])
    row("Median days to decision", [_days(f.median_days) for f in figures])
    row("Longest days to decision", [_days(f.longest_days) for f in figures])
    words = [
        w
        for w in [*RELATIONSHIP_ORDER, RIGHT_TO_KNOW_RELATIONSHIP]
        if any(f.relationships[w] for f in figures)
    ]
    for word in words:
        row(f"Applicant's relationship: {word}", [f.relationships[word] for f in figures])
    return rows


def return_heading(report: StatutoryReturn) -> list[list[str]]:
    """What the figures are of: scheme, period, area, and when they were made."""
    return [
        ["Scheme", report.scheme_label],
        ["Period", report.period.label],
        ["Area", report.area.label if report.area else report.scope],
        ["Made", timezone.localtime(report.generated_at).strftime("%d %B %Y %H:%M")],
    ]


def return_csv(report: StatutoryReturn) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for line in [*return_heading(report), [], *return_table(report)]:
        writer.writerow([spreadsheet_cell(value) for value in line])
    return out.getvalue()


def return_xlsx(report: StatutoryReturn) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Return"
    for line in return_heading(report):
        sheet.append([spreadsheet_cell(value) for value in line])
    sheet.append([])
    table = return_table(report)
    for index, line in enumerate(table):
        sheet.append([spreadsheet_cell(value) for value in line])
        if index == 0:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 60
    for letter in "BCD":
        sheet.column_dimensions[letter].width = 18
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- The dashboard's figures ------------------------------------------------------------------

DASHBOARD_WEEKS = 52
DASHBOARD_MONTHS = 12


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _months_back(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _as_date(value: Any) -> date:
    return timezone.localtime(value).date() if isinstance(value, datetime) else value


@dataclass
class SchemeSeries:
    scheme: str
    label: str
    # (Monday of the week, cases received that week), oldest first.
    weekly: list[tuple[date, int]]
    # (first of the month, closed, closed on time), oldest first.
    monthly: list[tuple[date, int, int]]


def dashboard_series(*, cases: QuerySet[Case], now: datetime | None = None) -> list[SchemeSeries]:
    """Per scheme, of `cases`: how many were received each week over the last 52 weeks (the
    current one so far included), and how many were closed each month over the last 12 and
    how many of those on time. Two grouped queries: received by when the case was opened
    (seconds after it was sent), through the (status, opened_at) index."""
    today = timezone.localtime(now or timezone.now()).date()
    first_week = _week_start(today) - timedelta(weeks=DASHBOARD_WEEKS - 1)
    first_month = _months_back(today.replace(day=1), DASHBOARD_MONTHS - 1)
    cases = cases.order_by()
    received = (
        cases.filter(status__in=ALL_STATUSES, opened_at__gte=_local_midnight(first_week))
        .annotate(week=TruncWeek("opened_at"))
        .values("scheme", "week")
        .annotate(n=Count("pk"))
    )
    closed = (
        cases.filter(status=CaseStatus.CLOSED, closed_at__gte=_local_midnight(first_month))
        .annotate(month=TruncMonth("closed_at"))
        .values("scheme", "month")
        .annotate(n=Count("pk"), on_time=Count("pk", filter=Q(closed_on_time=True)))
    )
    weekly: dict[tuple[str, date], int] = {}
    for row in received:
        weekly[row["scheme"], _as_date(row["week"])] = row["n"]
    monthly: dict[tuple[str, date], tuple[int, int]] = {}
    for row in closed:
        monthly[row["scheme"], _as_date(row["month"])] = (row["n"], row["on_time"])
    weeks = [first_week + timedelta(weeks=n) for n in range(DASHBOARD_WEEKS)]
    months = [_months_back(today.replace(day=1), n) for n in range(DASHBOARD_MONTHS - 1, -1, -1)]
    return [
        SchemeSeries(
            scheme=scheme.value,
            label=scheme.label,
            weekly=[(week, weekly.get((scheme.value, week), 0)) for week in weeks],
            monthly=[(month, *monthly.get((scheme.value, month), (0, 0))) for month in months],
        )
        for scheme in Scheme
    ]


def can_see_returns(user: Any) -> bool:
    """Supervisors (for their area) and administrators (for every area)."""
    if not (user.is_active and user.has_perm("triage.view_case")):
        return False
    return bool(user.is_superuser or role_of(user) == Role.SUPERVISOR)

"""How long a closed case keeps its personal data, per scheme and outcome, and the deletion.

After deletion the case row stays as an anonymous statistical stub: scheme, team, postcode
district, dates, outcome and whether it was on time. The audit trail stays too; its events
never hold personal data (see services).
"""

import calendar
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from intake.constants import Scheme
from intake.evidence import evidence_delete_for_submission
from intake.models import Submission

from . import events, search
from .constants import CaseStatus, EventKind, Outcome
from .models import Case

# Months after closure. An anonymous concern closed as unsubstantiated goes after a year;
# anything that led to action or a disclosure is kept for six years.
DEFAULT_RETENTION_MONTHS = {
    (Scheme.CONCERN, Outcome.UNSUBSTANTIATED): 12,
    (Scheme.CONCERN, Outcome.WITHDRAWN): 12,
    (Scheme.CONCERN, Outcome.DUPLICATE): 12,
    (Scheme.CONCERN, Outcome.SUBSTANTIATED): 72,
    (Scheme.SARAHS_LAW, Outcome.NOT_DISCLOSED): 36,
    (Scheme.SARAHS_LAW, Outcome.DISCLOSED): 72,
    (Scheme.CLARES_LAW, Outcome.NOT_DISCLOSED): 36,
    (Scheme.CLARES_LAW, Outcome.DISCLOSED): 72,
}
FALLBACK_MONTHS = 72
# Named concern reports that came to nothing are kept a little longer than anonymous ones, in
# case the same person writes again.
NAMED_CONCERN_EXTRA_MONTHS = 12


def _add_months(moment: datetime, months: int) -> datetime:
    month = moment.month - 1 + months
    year = moment.year + month // 12
    month = month % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def retention_months(*, scheme: str, outcome: str, is_anonymous: bool) -> int:
    table = {**DEFAULT_RETENTION_MONTHS, **getattr(settings, "TRIAGE_RETENTION_MONTHS", {})}
    months = table.get((scheme, outcome), FALLBACK_MONTHS)
    if scheme == Scheme.CONCERN and not is_anonymous and months < FALLBACK_MONTHS:
        months += NAMED_CONCERN_EXTRA_MONTHS
    return months


def retain_until(*, case: Case, outcome: str, closed_at: datetime) -> datetime:
    months = retention_months(scheme=case.scheme, outcome=outcome, is_anonymous=case.is_anonymous)
    return _add_months(closed_at, months)


@dataclass(frozen=True)
class Expired:
    case_id: str
    reference: str
    scheme: str
    outcome: str
    retain_until: datetime


def expired_cases(*, now: datetime | None = None, limit: int = 1000) -> list[Expired]:
    now = now or timezone.now()
    rows = Case.objects.filter(
        status=CaseStatus.CLOSED, retain_until__lte=now, personal_data_deleted_at=None
    ).order_by("retain_until")[:limit]
    return [Expired(str(c.pk), c.reference, c.scheme, c.outcome, c.retain_until) for c in rows]


def case_delete_personal_data(*, case_id: str, now: datetime | None = None) -> bool:
    """Delete what the public sent and what staff wrote about people; keep the stub."""

    now = now or timezone.now()
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case_id)
        if case.personal_data_deleted_at or case.retain_until is None or case.retain_until > now:
            return False
        submission_id = case.submission_id
        deleted = {
            "notes": case.notes.all().delete()[0],
            "matches": case.matches.all().delete()[0],
            # What the case could be found by goes too; only its reference still finds it.
            "search_entries": case.search_tokens.all().delete()[0],
            # A letter's kind, channel and date stay with the stub; what it said goes.
            "letters": case.letters.update(subject="", text=""),
        }
        case.submission = None
        case.details = {}
        case.nominal = None
        case.clock_pause_reason = ""
        case.personal_data_deleted_at = now
        case.save(
            update_fields=[
                "submission",
                "details",
                "nominal",
                "clock_pause_reason",
                "personal_data_deleted_at",
                "updated_at",
            ]
        )
        if submission_id:
            # Files sent as evidence: rows now, their encrypted content once this commits.
            deleted["evidence_files"] = evidence_delete_for_submission(submission_id=submission_id)
            # Follow-ups and outbox rows go with the submission (on_delete=CASCADE).
            deleted["submission"] = Submission.objects.filter(pk=submission_id).delete()[0]
        events.case_event_record(
            case=case, kind=EventKind.PERSONAL_DATA_DELETED, acting_user=None, detail=deleted
        )
        search.case_index(case_id=case.pk)
    return True


def delete_expired_personal_data(*, now: datetime | None = None) -> int:
    return sum(
        1
        for row in expired_cases(now=now)
        if case_delete_personal_data(case_id=row.case_id, now=now)
    )

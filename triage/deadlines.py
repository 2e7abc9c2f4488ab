"""Statutory clocks: which deadlines a case has, when each is met, and when it is due.

The durations are settings (README, "Settings"), read at the moment a clock starts, so a
changed setting applies to new cases and never moves an existing deadline silently.
"""

from datetime import datetime, timedelta

from django.conf import settings

from intake.constants import Scheme

from .constants import CaseStatus, DeadlineKind, Priority

# A deadline is met once the case reaches any of these statuses.
MET_BY_STATUS = {
    DeadlineKind.TRIAGE: {
        CaseStatus.TRIAGED,
        CaseStatus.CHECKS,
        CaseStatus.CONTACT,
        CaseStatus.DECISION_FORUM,
        CaseStatus.DECISION,
        CaseStatus.CLOSED,
    },
    # The initial checks are done when the case moves past the checks stage.
    DeadlineKind.INITIAL_CHECKS: {
        CaseStatus.CONTACT,
        CaseStatus.DECISION_FORUM,
        CaseStatus.DECISION,
        CaseStatus.CLOSED,
    },
    DeadlineKind.INTERVIEW: {
        CaseStatus.CONTACT,
        CaseStatus.DECISION_FORUM,
        CaseStatus.DECISION,
        CaseStatus.CLOSED,
    },
    DeadlineKind.WHOLE_PROCESS: {CaseStatus.DECISION, CaseStatus.CLOSED},
}


def clock_plan(*, scheme: str, priority: str, start: datetime) -> list[tuple[str, datetime]]:
    """The deadlines a new case gets, as (kind, due) pairs."""
    hours = timedelta(hours=1)
    days = timedelta(days=1)
    if scheme == Scheme.CLARES_LAW:
        return [
            (DeadlineKind.INITIAL_CHECKS, start + settings.TRIAGE_CLARES_LAW_CHECKS_HOURS * hours),
            (DeadlineKind.WHOLE_PROCESS, start + settings.TRIAGE_CLARES_LAW_DAYS * days),
        ]
    if scheme == Scheme.SARAHS_LAW:
        return [
            (DeadlineKind.INITIAL_CHECKS, start + settings.TRIAGE_SARAHS_LAW_CHECKS_HOURS * hours),
            (DeadlineKind.INTERVIEW, start + settings.TRIAGE_SARAHS_LAW_INTERVIEW_DAYS * days),
            (DeadlineKind.WHOLE_PROCESS, start + settings.TRIAGE_SARAHS_LAW_DAYS * days),
        ]
    triage_hours = (
        settings.TRIAGE_URGENT_TRIAGE_HOURS
        if priority == Priority.URGENT
        else settings.TRIAGE_CONCERN_TRIAGE_HOURS
    )
    return [(DeadlineKind.TRIAGE, start + triage_hours * hours)]


def remind_at(*, start: datetime, due: datetime) -> datetime:
    """When to remind the assignee: a few hours before, but never in the first 3/4 of a clock."""
    lead = min(timedelta(hours=settings.TRIAGE_REMIND_BEFORE_HOURS), (due - start) / 4)
    return due - lead


def kinds_met_by(status: str) -> set[str]:
    return {kind for kind, statuses in MET_BY_STATUS.items() if status in statuses}

"""Reads for the back office. Each queue is one query whatever the page size."""

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from intake.summary import SUMMARY_KEYS

from . import access
from .constants import OPEN_STATUSES, CaseStatus, Priority
from .models import Case, CaseEvent, CaseMatch, CaseNote


class Queue:
    MINE = "mine"
    TEAM = "team"
    UNASSIGNED = "unassigned"
    OVERDUE = "overdue"
    URGENT = "urgent"

    choices = [
        (MINE, "My cases"),
        (TEAM, "My team"),
        (UNASSIGNED, "Unassigned"),
        (OVERDUE, "Overdue"),
        (URGENT, "Urgent"),
    ]


def case_queue_for(*, user: Any, queue: str | None = None, now: datetime | None = None) -> QuerySet:
    """The cases a user may see, narrowed to one of the named queues."""
    now = now or timezone.now()
    cases = access.cases_visible_to(user).select_related("team", "assigned_to")
    if queue == Queue.MINE:
        cases = cases.filter(assigned_to_id=user.pk, status__in=OPEN_STATUSES)
    elif queue == Queue.TEAM:
        profile = access.profile_of(user)
        team_id = profile.team_id if profile else None
        cases = cases.filter(team_id=team_id, status__in=OPEN_STATUSES)
    elif queue == Queue.UNASSIGNED:
        cases = cases.filter(assigned_to__isnull=True, status__in=OPEN_STATUSES)
    elif queue == Queue.OVERDUE:
        cases = cases_overdue(cases, now=now)
    elif queue == Queue.URGENT:
        cases = cases.filter(priority=Priority.URGENT, status__in=OPEN_STATUSES)
    return cases


def cases_overdue(cases: QuerySet, *, now: datetime) -> QuerySet:
    return cases.filter(status__in=OPEN_STATUSES, due_at__lt=now, clock_paused_at__isnull=True)


def _subject_rows(answers: dict[str, Any]) -> list[tuple[str, Any]]:
    """The summary of who the request is about, as label and value, leaving out blanks."""
    subject = answers.get("subject") or {}
    if not isinstance(subject, dict):
        return []
    return [
        (
            key.replace("_", " ").capitalize(),
            ", ".join(map(str, value)) if isinstance(value, list) else value,
        )
        for key, value in subject.items()
        if value not in (None, "", [])
    ]


def case_page_data(*, case: Case) -> dict[str, Any]:
    """Everything the case page shows besides the case itself, in a fixed number of queries."""
    submission = case.submission
    answers = (submission.answers if submission else case.details) or {}
    return {
        "answers": answers,
        # Each step as answered; the summary (docs/intake.md) is shown on its own.
        "steps": {
            key: value
            for key, value in answers.items()
            if key not in SUMMARY_KEYS and isinstance(value, dict)
        },
        "summary_subject": _subject_rows(answers),
        "deadlines": list(case.deadlines.all()),
        "matches": list(
            CaseMatch.objects.filter(case=case).select_related(
                "nominal__offender_manager", "decided_by"
            )
        ),
        "notes": list(CaseNote.objects.filter(case=case).select_related("author")),
        "events": list(CaseEvent.objects.filter(case=case).select_related("actor")),
        "follow_ups": list(submission.follow_ups.all()) if submission else [],
        "duplicates": list(case.duplicates.only("pk", "reference")),
    }


def on_time_by_scheme(
    *, user: Any, days: int = 30, now: datetime | None = None
) -> list[dict[str, Any]]:
    """For the dashboard: per scheme, of the cases the user may see, opened in the last
    `days`: how many, still open, overdue, closed, and the share closed on time."""
    now = now or timezone.now()
    since = now - timedelta(days=days)
    rows = (
        access.cases_visible_to(user)
        .filter(opened_at__gte=since)
        .values("scheme")
        .annotate(
            opened=Count("pk"),
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            overdue=Count(
                "pk",
                filter=Q(status__in=OPEN_STATUSES, due_at__lt=now, clock_paused_at__isnull=True),
            ),
            closed=Count("pk", filter=Q(status=CaseStatus.CLOSED)),
            closed_on_time=Count("pk", filter=Q(status=CaseStatus.CLOSED, closed_on_time=True)),
        )
        .order_by("scheme")
    )
    result = []
    for row in rows:
        rate = round(100 * row["closed_on_time"] / row["closed"]) if row["closed"] else None
        result.append({**row, "on_time_rate": rate})
    return result

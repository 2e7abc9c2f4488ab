"""Reads for the back office. Each queue is one query whatever the page size."""

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from intake import review
from intake.constants import Scheme
from intake.forms import CHANNELS
from staff import lookups

from . import access, timeline
from .constants import LOOK_KINDS, OPEN_STATUSES, CaseStatus, Priority
from .forms import RightToKnowForm
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
        profile = lookups.profile_of(user)
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


# The summary's keys (docs/intake.md) as staff read them.
SUBJECT_LABELS = {
    "names": "Name",
    "aliases": "Other names",
    "date_of_birth": "Date of birth",
    "age_text": "Age",
    "age": "Age",
    "addresses": "Addresses",
    "postcode": "Postcode",
    "vehicles": "Vehicles",
    "phones": "Phone numbers",
    "usernames": "Online usernames",
    "relationship": "Relationship to the person at risk",
    "contact_with_children": "Contact with children",
}
CONTACT_LABELS = {
    "safe_channels": "Safe ways to contact",
    "name": "Name",
    "phone": "Phone",
    "email": "Email",
    "postal_address": "Postal address",
    "safe_times": "Safe times",
    "voicemail_allowed": "Voicemail or message allowed",
    "alternative_contact": "Someone else to contact safely",
    "confirmation_word": "Word to confirm it is the police",
}


def _labelled_rows(
    values: Any, labels: dict[str, str], *, formatters: dict[str, Any] | None = None
) -> list[tuple[str, str]]:
    """A summary dict as (label, words), in the labels' order, leaving out blanks and any key
    without a label (such as the age range, which the age's words already say)."""
    if not isinstance(values, dict):
        return []
    formatters = formatters or {}
    rows = []
    seen_labels = set()
    for key, label in labels.items():
        value = values.get(key)
        if value in (None, "", []) or label in seen_labels:
            continue
        seen_labels.add(label)
        format_value = formatters.get(key)
        words = format_value(value) if format_value else review.answer_text(None, value)
        rows.append((label, words))
    return rows


def _channels(value: Any) -> str:
    labels = dict(CHANNELS)
    chosen = value if isinstance(value, list) else [value]
    return ", ".join(str(labels.get(item, item)) for item in chosen)


def _date(value: Any) -> str:
    return review.answer_text(forms.DateField(), value)


def _answer_sections(*, case: Case, answers: dict[str, Any]) -> list[review.AnswerSection]:
    if case.submission_id is None and isinstance(answers.get("recorded"), dict):
        return [
            review.form_section(
                title="What the officer recorded",
                form_class=RightToKnowForm,
                stored=answers["recorded"],
            )
        ]
    return review.answer_sections(scheme=case.scheme, answers=answers)


# Looks shown on the case page; every one of them is on the case's full history page.
LATEST_LOOKS = 10


def case_trail(*, case: Case) -> dict[str, Any]:
    """The case page's timeline: every change, and of the looks (views, searches, exports,
    downloads) only the latest, with how many there have been and by how many people. Three
    queries, and a page that does not grow with every look at the case."""
    events = CaseEvent.objects.filter(case=case).select_related("actor")
    changes = list(events.exclude(kind__in=LOOK_KINDS))
    latest_looks = list(events.filter(kind__in=LOOK_KINDS).order_by("-at", "-id")[:LATEST_LOOKS])
    looks = CaseEvent.objects.filter(case=case, kind__in=LOOK_KINDS).aggregate(
        count=Count("pk"), people=Count("actor", distinct=True)
    )
    trail = sorted(changes + latest_looks, key=lambda event: (event.at, event.pk))
    return {
        "timeline": timeline.case_timeline(trail),
        "looks_count": looks["count"],
        "looks_people": looks["people"],
        "looks_shown": len(latest_looks),
    }


def case_history_page(*, case: Case, page_number: Any, per_page: int = 100) -> Page:
    """One page of the case's whole audit trail, looks included, oldest first."""
    events = CaseEvent.objects.filter(case=case).select_related("actor").order_by("at", "id")
    page = Paginator(events, per_page).get_page(page_number)
    page.entries = timeline.case_timeline(list(page.object_list))
    return page


def case_page_data(*, case: Case) -> dict[str, Any]:
    """Everything the case page shows besides the case itself, in a fixed number of queries."""
    submission = case.submission
    answers = (submission.answers if submission else case.details) or {}
    return {
        "answers": answers,
        # Each step as the person was asked it; the summary is shown on its own.
        "answer_sections": _answer_sections(case=case, answers=answers),
        "summary_subject": _labelled_rows(
            answers.get("subject"), SUBJECT_LABELS, formatters={"date_of_birth": _date}
        ),
        "summary_contact": _labelled_rows(
            answers.get("contact"), CONTACT_LABELS, formatters={"safe_channels": _channels}
        ),
        "deadlines": list(case.deadlines.all()),
        "matches": list(
            CaseMatch.objects.filter(case=case).select_related(
                "nominal__offender_manager", "decided_by"
            )
        ),
        "notes": list(CaseNote.objects.filter(case=case).select_related("author")),
        **case_trail(case=case),
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
        # Every status named, so the (status, opened_at) index finds the month's cases
        # instead of reading every case the force has ever had.
        .filter(status__in=CaseStatus.values, opened_at__gte=since)
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
        result.append({**row, "scheme_label": Scheme(row["scheme"]).label, "on_time_rate": rate})
    return result

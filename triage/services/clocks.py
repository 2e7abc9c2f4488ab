"""Pausing and resuming a case's clocks, and reminders and escalation as deadlines near and pass."""

from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from staff import lookups

from .. import events
from ..constants import OPEN_STATUSES, EventKind, NotificationKind
from ..models import Case, CaseDeadline
from .common import case_locked, case_next_due


@transaction.atomic
def case_pause_clock(*, case_id: Any, acting_user: AbstractBaseUser, reason: str) -> Case:
    """Stop the clocks, e.g. while waiting for the applicant; resuming extends every deadline."""
    if not reason.strip():
        raise ValidationError("Say why the clock is paused.")
    case = case_locked(case_id)
    if case.clock_paused_at or case.status not in OPEN_STATUSES:
        return case
    case.clock_paused_at = timezone.now()
    case.clock_pause_reason = reason.strip()
    case.save(update_fields=["clock_paused_at", "clock_pause_reason", "updated_at"])
    events.case_event_record(
        case=case, kind=EventKind.CLOCK_PAUSED, acting_user=acting_user, detail={"reason": reason}
    )
    return case


@transaction.atomic
def case_resume_clock(*, case_id: Any, acting_user: AbstractBaseUser) -> Case:
    case = case_locked(case_id)
    if not case.clock_paused_at:
        return case
    paused_for = timezone.now() - case.clock_paused_at
    for deadline in CaseDeadline.objects.filter(case=case, met_at=None):
        deadline.due_at += paused_for
        deadline.remind_at += paused_for
        deadline.save(update_fields=["due_at", "remind_at"])
    reason = case.clock_pause_reason
    case.clock_paused_at = None
    case.clock_pause_reason = ""
    case.due_at = case_next_due(case)
    case.save(update_fields=["clock_paused_at", "clock_pause_reason", "due_at", "updated_at"])
    events.case_event_record(
        case=case,
        kind=EventKind.CLOCK_RESUMED,
        acting_user=acting_user,
        detail={
            "reason": reason,
            "extended_by_seconds": int(paused_for.total_seconds()),
            "due_at": case.due_at.isoformat() if case.due_at else None,
        },
    )
    return case


def deadlines_remind_and_escalate(*, now: datetime | None = None) -> tuple[int, int]:
    """Remind before a deadline, escalate after it. Each deadline is claimed by a conditional
    update, so two beat runs (or two workers) never send the same message twice."""
    now = now or timezone.now()
    open_deadlines = CaseDeadline.objects.filter(
        met_at=None, case__status__in=OPEN_STATUSES, case__clock_paused_at=None
    )
    reminded = escalated = 0
    for deadline in open_deadlines.filter(reminded_at=None, remind_at__lte=now, due_at__gt=now)[
        :500
    ]:
        with transaction.atomic():
            if not CaseDeadline.objects.filter(pk=deadline.pk, reminded_at=None).update(
                reminded_at=now
            ):
                continue
            case = Case.objects.select_related("team", "assigned_to").get(pk=deadline.case_id)
            users = (
                [case.assigned_to] if case.assigned_to else lookups.supervisors_for(team=case.team)
            )
            events.case_event_record(
                case=case,
                kind=EventKind.REMINDER_SENT,
                acting_user=None,
                detail={"deadline": deadline.kind, "user_ids": [u.pk for u in users]},
            )
            events.notify_on_commit(case=case, users=users, kind=NotificationKind.REMINDER)
            reminded += 1
    for deadline in open_deadlines.filter(escalated_at=None, due_at__lte=now)[:500]:
        with transaction.atomic():
            if not CaseDeadline.objects.filter(pk=deadline.pk, escalated_at=None).update(
                escalated_at=now
            ):
                continue
            case = Case.objects.select_related("team").get(pk=deadline.case_id)
            users = lookups.supervisors_for(team=case.team)
            events.case_event_record(
                case=case,
                kind=EventKind.ESCALATED,
                acting_user=None,
                detail={"deadline": deadline.kind, "user_ids": [u.pk for u in users]},
            )
            events.notify_on_commit(case=case, users=users, kind=NotificationKind.ESCALATED)
            escalated += 1
    return reminded, escalated

"""Who holds a case, and how urgent it is."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from staff import lookups
from staff.models import StaffProfile, Team

from .. import deadlines, events
from ..constants import DeadlineKind, EventKind, NotificationKind, Priority
from ..models import Case, CaseDeadline
from .common import case_locked, case_next_due


@transaction.atomic
def case_assign(
    *,
    case_id: Any,
    acting_user: AbstractBaseUser,
    assignee: AbstractBaseUser | None,
    team: Team | None = None,
) -> Case:
    case = case_locked(case_id)
    if assignee is not None and team is None:
        profile = StaffProfile.objects.filter(user=assignee).select_related("team").first()
        team = profile.team if profile and profile.team else case.team
    team = team or case.team
    if case.assigned_to_id == (assignee.pk if assignee else None) and case.team_id == (
        team.pk if team else None
    ):
        return case
    before = {"assignee_id": case.assigned_to_id, "team_id": case.team_id}
    case.assigned_to = assignee
    case.team = team
    case.save(update_fields=["assigned_to", "team", "updated_at"])
    events.case_event_record(
        case=case,
        kind=EventKind.ASSIGNED,
        acting_user=acting_user,
        detail={
            "from": before,
            "to": {"assignee_id": assignee.pk if assignee else None, "team_id": case.team_id},
        },
    )
    if assignee is not None and assignee.pk != acting_user.pk:
        events.notify_on_commit(case=case, users=[assignee], kind=NotificationKind.ASSIGNED)
    return case


def case_bulk_assign(
    *, case_ids: list[Any], acting_user: AbstractBaseUser, assignee: AbstractBaseUser
) -> int:
    with transaction.atomic():
        for case_id in case_ids:
            case_assign(case_id=case_id, acting_user=acting_user, assignee=assignee)
    return len(case_ids)


@transaction.atomic
def case_change_priority(
    *, case_id: Any, acting_user: AbstractBaseUser, priority: str, reason: str = ""
) -> Case:
    case = case_locked(case_id)
    if case.priority == priority:
        return case
    previous = case.priority
    case.priority = priority
    fields = ["priority", "updated_at"]
    if priority == Priority.URGENT:
        # An urgent concern must be triaged within the urgent clock, counted from when it came.
        urgent_due = case.opened_at + timedelta(hours=settings.TRIAGE_URGENT_TRIAGE_HOURS)
        CaseDeadline.objects.filter(
            case=case, kind=DeadlineKind.TRIAGE, met_at=None, due_at__gt=urgent_due
        ).update(
            due_at=urgent_due,
            remind_at=deadlines.remind_at(start=case.opened_at, due=urgent_due),
        )
        case.due_at = case_next_due(case)
        fields.append("due_at")
    case.save(update_fields=fields)
    events.case_event_record(
        case=case,
        kind=EventKind.PRIORITY_CHANGED,
        acting_user=acting_user,
        detail={"from": previous, "to": priority, "reason": reason},
    )
    if priority == Priority.URGENT:
        events.notify_on_commit(
            case=case,
            users=lookups.duty_supervisors_for(team=case.team),
            kind=NotificationKind.URGENT,
        )
    return case

"""Every change to a case: one function each, in one transaction, with its CaseEvent.

Details of people (names, what was said, to whom a disclosure was made) never go into an
event's `detail`: they live in encrypted fields that retention can delete, while the audit
trail stays.
"""

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from intake import codes
from intake.constants import PublicStatus, Scheme
from intake.models import FollowUp, Submission
from intake.services import outbox_mark_processed, submission_public_status_set

from . import deadlines, matching, routing, search
from .constants import (
    NEXT_STATUSES,
    OPEN_STATUSES,
    CaseStatus,
    DeadlineKind,
    EventKind,
    MatchStatus,
    Priority,
    Role,
)
from .models import (
    Case,
    CaseDeadline,
    CaseEvent,
    CaseMatch,
    CaseNote,
    Nominal,
    StaffProfile,
    Team,
)

logger = logging.getLogger(__name__)

RIGHT_TO_KNOW_PREFIX = "RK"
PUBLIC_STATUS_FOR = {
    CaseStatus.NEW: PublicStatus.RECEIVED,
    CaseStatus.TRIAGED: PublicStatus.RECEIVED,
    CaseStatus.CHECKS: PublicStatus.IN_PROGRESS,
    CaseStatus.CONTACT: PublicStatus.IN_PROGRESS,
    CaseStatus.DECISION_FORUM: PublicStatus.IN_PROGRESS,
    CaseStatus.DECISION: PublicStatus.IN_PROGRESS,
    CaseStatus.CLOSED: PublicStatus.COMPLETED,
}


def case_event_record(
    *,
    case: Case,
    kind: EventKind,
    acting_user: AbstractBaseUser | None,
    detail: dict[str, Any] | None = None,
) -> CaseEvent:
    return CaseEvent.objects.create(case=case, kind=kind, actor=acting_user, detail=detail or {})


def _notify_on_commit(*, case: Case, users: list[Any], kind: str) -> None:
    user_ids = sorted({user.pk for user in users if user is not None})
    if not user_ids:
        return
    transaction.on_commit(lambda: _notify_send(case_id=str(case.pk), user_ids=user_ids, kind=kind))


def _notify_send(*, case_id: str, user_ids: list[int], kind: str) -> None:
    """Queue a staff e-mail. A broker that is down must not turn a saved change into an
    error page: the change stands, the reminder sweep still runs, and the failure is logged."""
    from .tasks import notify_staff

    try:
        notify_staff.delay(case_id=case_id, user_ids=user_ids, kind=kind)
    except Exception as error:
        logger.warning(
            "Staff notification for case %s not queued (%s)", case_id, type(error).__name__
        )


def _locked(case_id: Any) -> Case:
    return Case.objects.select_for_update().get(pk=case_id)


def _next_due(case: Case) -> datetime | None:
    return (
        CaseDeadline.objects.filter(case=case, met_at=None)
        .order_by("due_at")
        .values_list("due_at", flat=True)
        .first()
    )


def _deadlines_start(*, case: Case, start: datetime) -> None:
    """A new case's clocks, in one insert; the case's next deadline is the earliest of them
    (saved with the routing, in _match_and_route)."""
    plan = deadlines.clock_plan(scheme=case.scheme, priority=case.priority, start=start)
    CaseDeadline.objects.bulk_create(
        CaseDeadline(
            case=case, kind=kind, due_at=due, remind_at=deadlines.remind_at(start=start, due=due)
        )
        for kind, due in plan
    )
    case.due_at = min((due for _kind, due in plan), default=None)


# --- Opening and routing -------------------------------------------------------------------------


def _match_and_route(*, case: Case, answers: dict[str, Any] | None, immediate_danger: bool) -> None:
    """Suggest matches, route, and alert the duty supervisor if someone is in danger."""
    subject = matching.subject_from_answers(answers)
    candidates = matching.candidates_for(subject=subject)
    CaseMatch.objects.bulk_create(
        CaseMatch(
            case=case,
            nominal_id=candidate.nominal_id,
            score=candidate.score,
            reasons=candidate.reasons,
        )
        for candidate in candidates
    )
    if candidates:
        case_event_record(
            case=case,
            kind=EventKind.MATCH_SUGGESTED,
            acting_user=None,
            detail={"matches": [[c.nominal_id, c.score] for c in candidates]},
        )
    best = candidates[0] if candidates else None
    nominal = (
        Nominal.objects.select_related("offender_manager").get(pk=best.nominal_id) if best else None
    )
    case.district = routing.district_for(answers)
    decision = routing.route(
        scheme=case.scheme,
        district=case.district,
        nominal=nominal,
        match_score=best.score if best else None,
    )
    case.team = decision.team
    case.assigned_to = decision.assignee
    case.save(update_fields=["district", "team", "assigned_to", "due_at", "updated_at"])
    case_event_record(
        case=case,
        kind=EventKind.ROUTED,
        acting_user=None,
        detail={"district": case.district, **decision.as_detail()},
    )
    if case.assigned_to:
        _notify_on_commit(case=case, users=[case.assigned_to], kind="assigned")
    elif case.team:
        _notify_on_commit(case=case, users=_team_members(case.team), kind="routed")
    if immediate_danger:
        supervisors = routing.duty_supervisors_for(case.team)
        case_event_record(
            case=case,
            kind=EventKind.SUPERVISOR_ALERTED,
            acting_user=None,
            detail={"user_ids": [user.pk for user in supervisors]},
        )
        _notify_on_commit(case=case, users=supervisors, kind="urgent")


def _team_members(team: Team) -> list[Any]:
    return [
        profile.user
        for profile in StaffProfile.objects.filter(team=team, user__is_active=True).select_related(
            "user"
        )
    ]


def case_open_for_submission(*, submission_id: str, outbox_message_id: int | None = None) -> Case:
    """Open, match and route the case for a submission, once, however often it is asked.

    The row lock on the submission makes concurrent deliveries of the same message wait for
    each other, so a re-sent message finds the case already open.
    """
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission_id)
        case = Case.objects.filter(submission=submission).first()
        if case is None:
            case = Case.objects.create(
                reference=submission.reference,
                submission=submission,
                scheme=submission.scheme,
                is_anonymous=submission.is_anonymous,
                priority=Priority.URGENT if submission.immediate_danger else Priority.NORMAL,
            )
            _deadlines_start(case=case, start=submission.submitted_at)
            case_event_record(
                case=case,
                kind=EventKind.OPENED,
                acting_user=None,
                detail={"scheme": submission.scheme, "priority": case.priority},
            )
            _match_and_route(
                case=case,
                answers=submission.answers,
                immediate_danger=submission.immediate_danger,
            )
            search.case_index(case_id=case.pk)
        if outbox_message_id is not None:
            outbox_mark_processed(message_id=outbox_message_id)
    return case


def case_open_right_to_know(
    *,
    acting_user: AbstractBaseUser,
    details: dict[str, Any],
    priority: Priority = Priority.NORMAL,
) -> Case:
    """A Clare's Law Right to Know case, started by the police rather than by an application.

    `details` has the same shape as a submission's summary (subject, place, person_at_risk),
    so matching and routing treat it like any other.
    """
    for attempt in range(5):
        try:
            with transaction.atomic():
                case = Case.objects.create(
                    reference=codes.new_reference(RIGHT_TO_KNOW_PREFIX),
                    scheme=Scheme.CLARES_LAW,
                    is_right_to_know=True,
                    priority=priority,
                    details=details,
                )
                _deadlines_start(case=case, start=case.opened_at)
                case_event_record(
                    case=case,
                    kind=EventKind.OPENED,
                    acting_user=acting_user,
                    detail={"scheme": case.scheme, "right_to_know": True, "priority": priority},
                )
                _match_and_route(
                    case=case, answers=details, immediate_danger=priority == Priority.URGENT
                )
                search.case_index(case_id=case.pk)
            return case
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def case_attach_follow_up(*, follow_up_id: int, outbox_message_id: int | None = None) -> Case:
    """Put more information from the public on its case, once, however often it is asked."""
    with transaction.atomic():
        follow_up = FollowUp.objects.select_related("submission").get(pk=follow_up_id)
        case = case_open_for_submission(submission_id=str(follow_up.submission_id))
        case = _locked(case.pk)
        already = case.events.filter(
            kind=EventKind.FOLLOW_UP_RECEIVED, detail__follow_up_id=follow_up.pk
        ).exists()
        if not already:
            case_event_record(
                case=case,
                kind=EventKind.FOLLOW_UP_RECEIVED,
                acting_user=None,
                detail={"follow_up_id": follow_up.pk},
            )
            search.case_index(case_id=case.pk)
            if case.assigned_to_id:
                _notify_on_commit(case=case, users=[case.assigned_to], kind="assigned")
        if outbox_message_id is not None:
            outbox_mark_processed(message_id=outbox_message_id)
    return case


# --- Looking --------------------------------------------------------------------------------------


def case_record_view(*, case: Case, acting_user: AbstractBaseUser) -> None:
    case_event_record(case=case, kind=EventKind.VIEWED, acting_user=acting_user)


def case_record_refused(*, case: Case, acting_user: AbstractBaseUser, action: str) -> None:
    case_event_record(
        case=case, kind=EventKind.ACCESS_REFUSED, acting_user=acting_user, detail={"action": action}
    )


def case_record_search(*, case_ids: list[Any], acting_user: AbstractBaseUser, query: str) -> None:
    """Cases listed by a search: a look at each, recorded with a keyed fingerprint of the query
    (the same search can be recognised, its words are never kept)."""
    fingerprint = search.query_fingerprint(query)
    CaseEvent.objects.bulk_create(
        CaseEvent(
            case_id=case_id,
            kind=EventKind.SEARCHED,
            actor=acting_user,
            detail={"query": fingerprint},
        )
        for case_id in case_ids
    )


def case_record_export(*, case_ids: list[Any], acting_user: AbstractBaseUser, fmt: str) -> None:
    with transaction.atomic():
        for case in Case.objects.filter(pk__in=case_ids):
            case_event_record(
                case=case, kind=EventKind.EXPORTED, acting_user=acting_user, detail={"format": fmt}
            )


# --- The lifecycle -------------------------------------------------------------------------------


def _transition(
    *,
    case_id: Any,
    to_status: CaseStatus,
    acting_user: AbstractBaseUser | None,
    detail: dict[str, Any] | None = None,
    changes: dict[str, Any] | None = None,
) -> Case:
    case = _locked(case_id)
    if to_status not in NEXT_STATUSES[CaseStatus(case.status)]:
        raise ValidationError(
            f"A case that is {case.get_status_display().lower()} cannot move to "
            f"{CaseStatus(to_status).label.lower()}."
        )
    now = timezone.now()
    previous = case.status
    case.status = to_status
    fields = ["status", "due_at", "updated_at"]
    for name, value in (changes or {}).items():
        setattr(case, name, value)
        fields.append(name)
    met_kinds = deadlines.kinds_met_by(to_status)
    for deadline in CaseDeadline.objects.filter(case=case, met_at=None, kind__in=met_kinds):
        deadline.met_at = now
        deadline.save(update_fields=["met_at"])
        case_event_record(
            case=case,
            kind=EventKind.DEADLINE_MET,
            acting_user=acting_user,
            detail={"deadline": deadline.kind, "on_time": now <= deadline.due_at},
        )
    case.due_at = _next_due(case)
    case.save(update_fields=fields)
    case_event_record(
        case=case,
        kind=EventKind.STATUS_CHANGED,
        acting_user=acting_user,
        detail={"from": previous, "to": to_status, **(detail or {})},
    )
    if case.submission_id:
        submission_public_status_set(
            submission_id=str(case.submission_id), status=PUBLIC_STATUS_FOR[to_status]
        )
    return case


@transaction.atomic
def case_triage(*, case_id: Any, acting_user: AbstractBaseUser) -> Case:
    return _transition(case_id=case_id, to_status=CaseStatus.TRIAGED, acting_user=acting_user)


@transaction.atomic
def case_start_checks(*, case_id: Any, acting_user: AbstractBaseUser) -> Case:
    return _transition(case_id=case_id, to_status=CaseStatus.CHECKS, acting_user=acting_user)


@transaction.atomic
def case_record_contact(
    *,
    case_id: Any,
    acting_user: AbstractBaseUser,
    identity_checked: bool,
    method: str,
    identity_documents: str = "",
) -> Case:
    """The meeting or interview, and whether the applicant's identity was checked (DVDS asks
    for two forms of ID)."""
    case = _transition(
        case_id=case_id,
        to_status=CaseStatus.CONTACT,
        acting_user=acting_user,
        detail={"identity_checked": identity_checked, "method": method},
        changes={"identity_checked": identity_checked},
    )
    if identity_documents:
        case.details = {**case.details, "identity_documents": identity_documents}
        case.save(update_fields=["details"])
    return case


@transaction.atomic
def case_refer_to_forum(
    *, case_id: Any, acting_user: AbstractBaseUser, forum: str, forum_reference: str
) -> Case:
    return _transition(
        case_id=case_id,
        to_status=CaseStatus.DECISION_FORUM,
        acting_user=acting_user,
        detail={"forum": forum, "forum_reference": forum_reference},
        changes={"forum": forum, "forum_reference": forum_reference},
    )


@transaction.atomic
def case_record_decision(
    *,
    case_id: Any,
    acting_user: AbstractBaseUser,
    disclose: bool,
    disclosed_to: str = "",
    decided_by: AbstractBaseUser | None = None,
    decided_at: datetime | None = None,
    in_person: bool = False,
) -> Case:
    """Disclose or not, to whom, by whom, when, and whether in person (it should be)."""
    if disclose and not disclosed_to.strip():
        raise ValidationError("Say to whom the disclosure is made.")
    decided_by = decided_by or acting_user
    decided_at = decided_at or timezone.now()
    case = _transition(
        case_id=case_id,
        to_status=CaseStatus.DECISION,
        acting_user=acting_user,
        detail={
            "disclose": disclose,
            "decided_by": decided_by.pk,
            "decided_at": decided_at.isoformat(),
            "in_person": in_person,
        },
        changes={"decision_disclose": disclose, "decided_at": decided_at},
    )
    if disclose:
        # To whom is personal data: encrypted on the case, not in the audit trail.
        case.details = {**case.details, "disclosed_to": disclosed_to.strip()}
        case.save(update_fields=["details"])
    return case


@transaction.atomic
def case_close(*, case_id: Any, acting_user: AbstractBaseUser | None, outcome: str) -> Case:
    from .retention import retain_until

    now = timezone.now()
    case = Case.objects.select_for_update().get(pk=case_id)
    on_time = not CaseDeadline.objects.filter(case=case, met_at=None, due_at__lt=now).exists()
    on_time = (
        on_time
        and not CaseDeadline.objects.filter(
            case=case, met_at__isnull=False, met_at__gt=F("due_at")
        ).exists()
    )
    return _transition(
        case_id=case_id,
        to_status=CaseStatus.CLOSED,
        acting_user=acting_user,
        detail={"outcome": outcome, "on_time": on_time},
        changes={
            "outcome": outcome,
            "closed_at": now,
            "closed_on_time": on_time,
            "retain_until": retain_until(case=case, outcome=outcome, closed_at=now),
            "clock_paused_at": None,
        },
    )


# --- Other changes -------------------------------------------------------------------------------


@transaction.atomic
def case_assign(
    *,
    case_id: Any,
    acting_user: AbstractBaseUser,
    assignee: AbstractBaseUser | None,
    team: Team | None = None,
) -> Case:
    case = _locked(case_id)
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
    case_event_record(
        case=case,
        kind=EventKind.ASSIGNED,
        acting_user=acting_user,
        detail={
            "from": before,
            "to": {"assignee_id": assignee.pk if assignee else None, "team_id": case.team_id},
        },
    )
    if assignee is not None and assignee.pk != acting_user.pk:
        _notify_on_commit(case=case, users=[assignee], kind="assigned")
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
    case = _locked(case_id)
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
        ).update(due_at=urgent_due, remind_at=urgent_due - timedelta(minutes=15))
        case.due_at = _next_due(case)
        fields.append("due_at")
    case.save(update_fields=fields)
    case_event_record(
        case=case,
        kind=EventKind.PRIORITY_CHANGED,
        acting_user=acting_user,
        detail={"from": previous, "to": priority, "reason": reason},
    )
    if priority == Priority.URGENT:
        _notify_on_commit(case=case, users=routing.duty_supervisors_for(case.team), kind="urgent")
    return case


@transaction.atomic
def case_add_note(*, case_id: Any, acting_user: AbstractBaseUser, text: str) -> CaseNote:
    case = _locked(case_id)
    note = CaseNote.objects.create(case=case, author=acting_user, text=text)
    case_event_record(
        case=case, kind=EventKind.NOTE_ADDED, acting_user=acting_user, detail={"note_id": note.pk}
    )
    return note


@transaction.atomic
def case_link_duplicate(*, case_id: Any, acting_user: AbstractBaseUser, duplicate_of: Case) -> Case:
    case = _locked(case_id)
    if duplicate_of.pk == case.pk:
        raise ValidationError("A case cannot be a duplicate of itself.")
    if Case.objects.filter(pk=duplicate_of.pk, duplicate_of_id=case.pk).exists():
        raise ValidationError(f"{duplicate_of} is already a duplicate of this case.")
    case.duplicate_of = duplicate_of
    case.save(update_fields=["duplicate_of", "updated_at"])
    case_event_record(
        case=case,
        kind=EventKind.DUPLICATE_LINKED,
        acting_user=acting_user,
        detail={"duplicate_of": duplicate_of.reference},
    )
    return case


@transaction.atomic
def case_pause_clock(*, case_id: Any, acting_user: AbstractBaseUser, reason: str) -> Case:
    """Stop the clocks, e.g. while waiting for the applicant; resuming extends every deadline."""
    if not reason.strip():
        raise ValidationError("Say why the clock is paused.")
    case = _locked(case_id)
    if case.clock_paused_at or case.status not in OPEN_STATUSES:
        return case
    case.clock_paused_at = timezone.now()
    case.clock_pause_reason = reason.strip()
    case.save(update_fields=["clock_paused_at", "clock_pause_reason", "updated_at"])
    case_event_record(
        case=case, kind=EventKind.CLOCK_PAUSED, acting_user=acting_user, detail={"reason": reason}
    )
    return case


@transaction.atomic
def case_resume_clock(*, case_id: Any, acting_user: AbstractBaseUser) -> Case:
    case = _locked(case_id)
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
    case.due_at = _next_due(case)
    case.save(update_fields=["clock_paused_at", "clock_pause_reason", "due_at", "updated_at"])
    case_event_record(
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


# --- Matches -------------------------------------------------------------------------------------


@transaction.atomic
def case_match_confirm(*, match_id: int, acting_user: AbstractBaseUser) -> CaseMatch:
    match = CaseMatch.objects.select_for_update().select_related("case").get(pk=match_id)
    case = _locked(match.case_id)
    match.status = MatchStatus.CONFIRMED
    match.decided_by = acting_user
    match.decided_at = timezone.now()
    match.save(update_fields=["status", "decided_by", "decided_at"])
    case.nominal_id = match.nominal_id
    case.save(update_fields=["nominal", "updated_at"])
    case_event_record(
        case=case,
        kind=EventKind.MATCH_CONFIRMED,
        acting_user=acting_user,
        detail={"nominal_id": match.nominal_id, "score": match.score},
    )
    # The nominal's own names now find the case too.
    search.case_index(case_id=case.pk)
    return match


@transaction.atomic
def case_match_reject(*, match_id: int, acting_user: AbstractBaseUser) -> CaseMatch:
    match = CaseMatch.objects.select_for_update().get(pk=match_id)
    case = _locked(match.case_id)
    match.status = MatchStatus.REJECTED
    match.decided_by = acting_user
    match.decided_at = timezone.now()
    match.save(update_fields=["status", "decided_by", "decided_at"])
    if case.nominal_id == match.nominal_id:
        case.nominal = None
        case.save(update_fields=["nominal", "updated_at"])
        search.case_index(case_id=case.pk)
    case_event_record(
        case=case,
        kind=EventKind.MATCH_REJECTED,
        acting_user=acting_user,
        detail={"nominal_id": match.nominal_id, "score": match.score},
    )
    return match


# --- Clocks: reminders and escalation -----------------------------------------------------------


def supervisors_for(team: Team | None) -> list[Any]:
    if team is not None:
        found = [
            profile.user
            for profile in StaffProfile.objects.filter(
                team=team, role=Role.SUPERVISOR, user__is_active=True
            ).select_related("user")
        ]
        if found:
            return found
    return routing.duty_supervisors_for(team)


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
            users = [case.assigned_to] if case.assigned_to else supervisors_for(case.team)
            case_event_record(
                case=case,
                kind=EventKind.REMINDER_SENT,
                acting_user=None,
                detail={"deadline": deadline.kind, "user_ids": [u.pk for u in users]},
            )
            _notify_on_commit(case=case, users=users, kind="reminder")
            reminded += 1
    for deadline in open_deadlines.filter(escalated_at=None, due_at__lte=now)[:500]:
        with transaction.atomic():
            if not CaseDeadline.objects.filter(pk=deadline.pk, escalated_at=None).update(
                escalated_at=now
            ):
                continue
            case = Case.objects.select_related("team").get(pk=deadline.case_id)
            users = supervisors_for(case.team)
            case_event_record(
                case=case,
                kind=EventKind.ESCALATED,
                acting_user=None,
                detail={"deadline": deadline.kind, "user_ids": [u.pk for u in users]},
            )
            _notify_on_commit(case=case, users=users, kind="escalated")
            escalated += 1
    return reminded, escalated

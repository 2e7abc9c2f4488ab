"""Opening a case: from a submission (matched, routed, on its clocks, findable), a Right
to Know case started by the police, and more information from the public on an open case."""

from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from intake import codes
from intake.constants import Scheme
from intake.models import FollowUp, Submission
from intake.services import outbox_mark_processed
from staff import lookups

from .. import deadlines, events, matching, routing, search
from ..constants import EventKind, NotificationKind, Priority
from ..models import Case, CaseDeadline, CaseMatch, Nominal
from .common import case_locked

RIGHT_TO_KNOW_PREFIX = "RK"


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


def _match_and_route(
    *, case: Case, answers: dict[str, Any] | None, immediate_danger: bool, opened: events.Entry
) -> None:
    """Suggest matches, route, and alert the duty supervisor if someone is in danger.

    The case's first lines of trail (`opened`, then what was suggested, where it went and
    who was alerted) are written together once all is decided: one insert, not four.
    """
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
    trail = [opened]
    if candidates:
        trail.append(
            events.Entry(
                kind=EventKind.MATCH_SUGGESTED,
                detail={"matches": [[c.nominal_id, c.score] for c in candidates]},
            )
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
    trail.append(
        events.Entry(
            kind=EventKind.ROUTED, detail={"district": case.district, **decision.as_detail()}
        )
    )
    supervisors = lookups.duty_supervisors_for(team=case.team) if immediate_danger else []
    if immediate_danger:
        trail.append(
            events.Entry(
                kind=EventKind.SUPERVISOR_ALERTED,
                detail={"user_ids": [user.pk for user in supervisors]},
            )
        )
    written = events.case_events_record(case=case, entries=trail)
    cause = {entry.kind: str(event.pk) for entry, event in zip(trail, written, strict=True)}
    if case.assigned_to:
        events.notify_on_commit(
            case=case,
            users=[case.assigned_to],
            kind=NotificationKind.ASSIGNED,
            cause=cause[EventKind.ROUTED],
        )
    elif case.team:
        events.notify_on_commit(
            case=case,
            users=lookups.team_members(team=case.team),
            kind=NotificationKind.ROUTED,
            cause=cause[EventKind.ROUTED],
        )
    if immediate_danger:
        events.notify_on_commit(
            case=case,
            users=supervisors,
            kind=NotificationKind.URGENT,
            cause=cause[EventKind.SUPERVISOR_ALERTED],
        )


def case_open_for_submission(*, submission_id: str, outbox_message_id: int | None = None) -> Case:
    """Open, match and route the case for a submission, once, however often it is asked.

    The row lock on the submission makes concurrent deliveries of the same message wait for
    each other, so a re-sent message finds the case already open.
    """
    with transaction.atomic():
        # The case, if one is open, read with the locked row: one statement, not two.
        submission = (
            Submission.objects.select_for_update(of=("self",))
            .select_related("case")
            .get(pk=submission_id)
        )
        try:
            case = submission.case
        except Case.DoesNotExist:
            case = None
        if case is None:
            case = Case.objects.create(
                reference=submission.reference,
                submission=submission,
                received_at=submission.submitted_at,
                scheme=submission.scheme,
                is_anonymous=submission.is_anonymous,
                priority=Priority.URGENT if submission.immediate_danger else Priority.NORMAL,
            )
            search.case_opening(case)
            _deadlines_start(case=case, start=submission.submitted_at)
            _match_and_route(
                case=case,
                answers=submission.answers,
                immediate_danger=submission.immediate_danger,
                opened=events.Entry(
                    kind=EventKind.OPENED,
                    detail={"scheme": submission.scheme, "priority": case.priority},
                ),
            )
            search.case_index(case_id=case.pk, case=case)
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

    def create(reference: str) -> Case:
        case = Case.objects.create(
            reference=reference,
            scheme=Scheme.CLARES_LAW,
            is_right_to_know=True,
            priority=priority,
            details=details,
        )
        search.case_opening(case)
        _deadlines_start(case=case, start=case.opened_at)
        _match_and_route(
            case=case,
            answers=details,
            immediate_danger=priority == Priority.URGENT,
            opened=events.Entry(
                kind=EventKind.OPENED,
                acting_user=acting_user,
                detail={"scheme": case.scheme, "right_to_know": True, "priority": priority},
            ),
        )
        search.case_index(case_id=case.pk, case=case)
        return case

    return codes.with_new_reference(prefix=RIGHT_TO_KNOW_PREFIX, create=create)


def case_attach_follow_up(*, follow_up_id: int, outbox_message_id: int | None = None) -> Case:
    """Put more information from the public on its case, once, however often it is asked."""
    with transaction.atomic():
        follow_up = FollowUp.objects.select_related("submission").get(pk=follow_up_id)
        case = case_open_for_submission(submission_id=str(follow_up.submission_id))
        case = case_locked(case.pk)
        already = case.events.filter(
            kind=EventKind.FOLLOW_UP_RECEIVED, detail__follow_up_id=follow_up.pk
        ).exists()
        if not already:
            events.case_event_record(
                case=case,
                kind=EventKind.FOLLOW_UP_RECEIVED,
                acting_user=None,
                detail={"follow_up_id": follow_up.pk},
            )
            search.case_index(case_id=case.pk)
            if case.assigned_to_id:
                events.notify_on_commit(
                    case=case, users=[case.assigned_to], kind=NotificationKind.ASSIGNED
                )
        if outbox_message_id is not None:
            outbox_mark_processed(message_id=outbox_message_id)
    return case

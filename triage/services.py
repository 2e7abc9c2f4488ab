from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from intake.models import FollowUp, Submission
from intake.services import outbox_mark_processed

from .constants import EventKind, Priority
from .models import Case, CaseEvent


def case_event_record(
    *,
    case: Case,
    kind: EventKind,
    acting_user: AbstractBaseUser | None,
    detail: dict[str, Any] | None = None,
) -> CaseEvent:
    return CaseEvent.objects.create(case=case, kind=kind, actor=acting_user, detail=detail or {})


def case_open_for_submission(*, submission_id: str, outbox_message_id: int | None = None) -> Case:
    """Open the case for a submission, once, however often it is asked.

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
                priority=Priority.URGENT if submission.immediate_danger else Priority.NORMAL,
            )
            case_event_record(
                case=case,
                kind=EventKind.OPENED,
                acting_user=None,
                detail={"scheme": submission.scheme, "priority": case.priority},
            )
        if outbox_message_id is not None:
            outbox_mark_processed(message_id=outbox_message_id)
    return case


def case_attach_follow_up(*, follow_up_id: int, outbox_message_id: int | None = None) -> Case:
    """Put more information from the public on its case, once, however often it is asked."""
    with transaction.atomic():
        follow_up = FollowUp.objects.select_related("submission").get(pk=follow_up_id)
        case = case_open_for_submission(submission_id=str(follow_up.submission_id))
        case = Case.objects.select_for_update().get(pk=case.pk)
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
        if outbox_message_id is not None:
            outbox_mark_processed(message_id=outbox_message_id)
    return case


def case_record_view(*, case: Case, acting_user: AbstractBaseUser) -> None:
    case_event_record(case=case, kind=EventKind.VIEWED, acting_user=acting_user)


def case_record_refused(*, case: Case, acting_user: AbstractBaseUser, action: str) -> None:
    case_event_record(
        case=case, kind=EventKind.ACCESS_REFUSED, acting_user=acting_user, detail={"action": action}
    )

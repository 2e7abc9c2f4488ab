"""Opening a case: once per submission, urgent when someone is in danger, and information
added later."""

import pytest

from intake.constants import Scheme
from intake.models import OutboxMessage, Submission
from intake.services import submission_create
from triage.constants import EventKind, Priority
from triage.models import Case
from triage.services.opening import case_open_for_submission

pytestmark = pytest.mark.django_db


def _submission(**kwargs) -> Submission:
    receipt = submission_create(scheme=Scheme.CONCERN, answers={}, **kwargs)
    return Submission.objects.get(reference=receipt.reference)


def test_a_case_is_opened_once_however_often_the_message_arrives():
    submission = _submission()
    message = OutboxMessage.objects.get(submission=submission)
    first = case_open_for_submission(submission_id=submission.pk, outbox_message_id=message.pk)
    again = case_open_for_submission(submission_id=submission.pk, outbox_message_id=message.pk)
    assert first.pk == again.pk
    assert Case.objects.count() == 1
    assert first.events.filter(kind=EventKind.OPENED).count() == 1
    assert first.events.filter(kind=EventKind.ROUTED).count() == 1


def test_a_case_is_received_when_it_was_sent_not_when_it_was_opened():
    from datetime import timedelta

    from django.utils import timezone

    submission = _submission()
    # Sent while the queue was down: the case opens a day later.
    sent = timezone.now() - timedelta(days=1)
    Submission.objects.filter(pk=submission.pk).update(submitted_at=sent)
    case = case_open_for_submission(submission_id=submission.pk)
    case.refresh_from_db()
    assert case.received_at == sent
    assert case.opened_at > sent + timedelta(hours=23)


def test_immediate_danger_makes_the_case_urgent():
    case = case_open_for_submission(submission_id=_submission(immediate_danger=True).pk)
    assert case.priority == Priority.URGENT
    assert case.reference.startswith("CR-")


def test_information_added_later_reaches_the_case_once(django_capture_on_commit_callbacks):
    from intake.models import FollowUp
    from intake.services import follow_up_create
    from triage.services.opening import case_attach_follow_up

    submission = _submission()
    with django_capture_on_commit_callbacks(execute=True):
        follow_up = follow_up_create(submission=submission, text="He has a new car.")
    case = Case.objects.get(submission=submission)
    assert case.events.filter(kind=EventKind.FOLLOW_UP_RECEIVED).count() == 1
    case_attach_follow_up(follow_up_id=follow_up.pk)
    assert case.events.filter(kind=EventKind.FOLLOW_UP_RECEIVED).count() == 1
    assert FollowUp.objects.get(pk=follow_up.pk).outbox.get().status == "processed"

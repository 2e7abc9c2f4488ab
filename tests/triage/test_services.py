import pytest

from intake.constants import Scheme
from intake.models import OutboxMessage, Submission
from intake.services import submission_create
from triage.constants import EventKind, Priority
from triage.models import Case
from triage.services import case_open_for_submission

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
    assert list(first.events.values_list("kind", flat=True)) == [EventKind.OPENED]


def test_immediate_danger_makes_the_case_urgent():
    case = case_open_for_submission(submission_id=_submission(immediate_danger=True).pk)
    assert case.priority == Priority.URGENT
    assert case.reference.startswith("CR-")

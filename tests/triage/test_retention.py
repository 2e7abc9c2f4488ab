"""How long a closed case keeps its personal data, and the deletion."""

from datetime import timedelta

import pytest

from intake.constants import Scheme
from intake.models import Submission
from tests.triage.conftest import submit, summary
from triage import retention
from triage.constants import EventKind, Outcome
from triage.services import casework, lifecycle
from triage.services.opening import case_open_for_submission

pytestmark = pytest.mark.django_db


def test_retention_deletes_personal_data_and_leaves_a_stub(demo, nominals):
    submission = submit(
        answers=summary(names=["Darren Whitlock"], date_of_birth="1979-03-14"), is_anonymous=True
    )
    case = case_open_for_submission(submission_id=submission.pk)
    casework.case_add_note(case_id=case.pk, acting_user=demo["om.north"], text="Seen him")
    case = lifecycle.case_close(
        case_id=case.pk, acting_user=demo["om.north"], outcome=Outcome.UNSUBSTANTIATED
    )
    # An anonymous concern closed as unsubstantiated: 12 months after closure.
    assert 365 <= (case.retain_until - case.closed_at).days <= 366
    assert retention.expired_cases() == []
    later = case.retain_until + timedelta(days=1)
    assert [row.reference for row in retention.expired_cases(now=later)] == [case.reference]
    assert retention.delete_expired_personal_data(now=later) == 1
    case.refresh_from_db()
    assert case.submission is None and case.nominal is None and case.details == {}
    assert not case.notes.exists() and not case.matches.exists()
    assert not Submission.objects.filter(pk=submission.pk).exists()
    assert case.scheme == Scheme.CONCERN and case.outcome == Outcome.UNSUBSTANTIATED
    assert case.events.filter(kind=EventKind.PERSONAL_DATA_DELETED).exists()
    assert retention.delete_expired_personal_data(now=later) == 0


def test_a_named_concern_is_kept_longer_than_an_anonymous_one():
    named = retention.retention_months(
        scheme=Scheme.CONCERN, outcome=Outcome.UNSUBSTANTIATED, is_anonymous=False
    )
    anonymous = retention.retention_months(
        scheme=Scheme.CONCERN, outcome=Outcome.UNSUBSTANTIATED, is_anonymous=True
    )
    assert anonymous == 12 and named > anonymous

"""A case's way through its statuses, and closing on time or late."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from intake.constants import Scheme
from tests.triage.conftest import submit, summary
from triage.constants import CaseStatus, EventKind, Outcome
from triage.services import disclosure, lifecycle
from triage.services.opening import case_open_for_submission

pytestmark = pytest.mark.django_db


def test_a_clares_law_case_from_application_to_closure(demo):
    submission = submit(scheme=Scheme.CLARES_LAW, answers=summary(place_postcode="NR1 1AA"))
    case = case_open_for_submission(submission_id=submission.pk)
    officer = demo["disclosure"]
    lifecycle.case_triage(case_id=case.pk, acting_user=officer)
    lifecycle.case_start_checks(case_id=case.pk, acting_user=officer)
    submission.refresh_from_db()
    assert submission.public_status == "in_progress"
    lifecycle.case_record_contact(
        case_id=case.pk,
        acting_user=officer,
        identity_checked=True,
        method="in_person",
        identity_documents="Passport and a council tax bill",
    )
    lifecycle.case_refer_to_forum(
        case_id=case.pk,
        acting_user=officer,
        forum="marac",
        forum_reference="MARAC-2026-114",
        forum_date=timezone.localdate(),
    )
    case = lifecycle.case_record_decision(
        case_id=case.pk, acting_user=officer, decision="disclose", decided_by=demo["sup.desk"]
    )
    decision = case.events.filter(kind=EventKind.STATUS_CHANGED).last()
    assert decision.detail["decided_by"] == demo["sup.desk"].pk
    assert case.decision == "disclose" and case.decision_disclose is True
    with pytest.raises(ValidationError, match="the disclosure made"):
        lifecycle.case_close(case_id=case.pk, acting_user=officer, outcome=Outcome.DISCLOSED)
    disclosure.case_record_disclosure(
        case_id=case.pk,
        acting_user=officer,
        recipient="applicant",
        recipient_name="Jane Jones",
        method="in_person",
        words="He has a conviction for assault on a former partner.",
    )
    disclosure.case_record_undertaking(
        case_id=case.pk, acting_user=officer, undertaking="given", on=timezone.localdate()
    )
    case = disclosure.case_record_safety_plan(
        case_id=case.pk, acting_user=officer, safety_plan="Stay with her sister.", referrals="IDVA"
    )
    assert case.details["disclosure"]["recipient_name"] == "Jane Jones"
    assert "Jane" not in str(list(case.events.values_list("detail", flat=True)))
    case = lifecycle.case_close(case_id=case.pk, acting_user=officer, outcome=Outcome.DISCLOSED)
    assert case.status == CaseStatus.CLOSED and case.closed_on_time is True
    assert case.retain_until > case.closed_at + timedelta(days=365 * 5)
    submission.refresh_from_db()
    assert submission.public_status == "completed"


def test_the_lifecycle_only_moves_forward(demo):
    case = case_open_for_submission(submission_id=submit().pk)
    with pytest.raises(ValidationError):
        lifecycle.case_record_contact(
            case_id=case.pk, acting_user=demo["triage"], identity_checked=False, method="phone"
        )


def test_late_closure_is_not_on_time(demo):
    case = case_open_for_submission(submission_id=submit().pk)
    case.deadlines.update(due_at=timezone.now() - timedelta(hours=1))
    case = lifecycle.case_close(case_id=case.pk, acting_user=demo["triage"], outcome="withdrawn")
    assert case.closed_on_time is False

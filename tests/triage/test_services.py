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


# --- The lifecycle --------------------------------------------------------------------------

from datetime import timedelta  # noqa: E402

from django.core.exceptions import ValidationError  # noqa: E402
from django.utils import timezone  # noqa: E402

from tests.triage.conftest import submit, summary  # noqa: E402
from triage import retention  # noqa: E402
from triage.constants import CaseStatus, Outcome  # noqa: E402
from triage.models import CaseEvent  # noqa: E402
from triage.services import casework, disclosure, lifecycle  # noqa: E402


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


def test_notes_duplicates_and_the_audit_trail_is_append_only(demo):
    first = case_open_for_submission(submission_id=submit().pk)
    second = case_open_for_submission(submission_id=submit().pk)
    note = casework.case_add_note(case_id=second.pk, acting_user=demo["triage"], text="Same man")
    casework.case_link_duplicate(case_id=second.pk, acting_user=demo["triage"], duplicate_of=first)
    with pytest.raises(ValidationError):
        casework.case_link_duplicate(
            case_id=first.pk, acting_user=demo["triage"], duplicate_of=second
        )
    event = CaseEvent.objects.get(kind=EventKind.NOTE_ADDED)
    assert event.detail == {"note_id": note.pk}
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


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


def test_late_closure_is_not_on_time(demo):
    case = case_open_for_submission(submission_id=submit().pk)
    case.deadlines.update(due_at=timezone.now() - timedelta(hours=1))
    case = lifecycle.case_close(case_id=case.pk, acting_user=demo["triage"], outcome="withdrawn")
    assert case.closed_on_time is False

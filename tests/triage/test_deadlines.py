from datetime import timedelta

import pytest
from django.utils import timezone

from intake.constants import Scheme
from tests.triage.conftest import submit, summary
from triage.constants import DeadlineKind, EventKind, Priority
from triage.models import CaseDeadline
from triage.services import assignment, clocks, lifecycle
from triage.services.opening import case_open_for_submission
from triage.tasks import remind_and_escalate

pytestmark = pytest.mark.django_db


def _open(scheme=Scheme.CONCERN, **kwargs):
    return case_open_for_submission(submission_id=submit(scheme=scheme, **kwargs).pk)


def _hours(deadline, case):
    return (deadline.due_at - case.submission.submitted_at) / timedelta(hours=1)


def test_each_scheme_gets_its_statutory_clocks(demo):
    concern = _open()
    urgent = _open(immediate_danger=True)
    sarah = _open(scheme=Scheme.SARAHS_LAW)
    clare = _open(scheme=Scheme.CLARES_LAW)
    assert _hours(concern.deadlines.get(kind=DeadlineKind.TRIAGE), concern) == 24
    assert _hours(urgent.deadlines.get(kind=DeadlineKind.TRIAGE), urgent) == 1
    assert {d.kind: _hours(d, sarah) for d in sarah.deadlines.all()} == {
        DeadlineKind.INITIAL_CHECKS: 24,
        DeadlineKind.INTERVIEW: 240,
        DeadlineKind.WHOLE_PROCESS: 45 * 24,
    }
    assert {d.kind: _hours(d, clare) for d in clare.deadlines.all()} == {
        DeadlineKind.INITIAL_CHECKS: 24,
        DeadlineKind.WHOLE_PROCESS: 28 * 24,
    }
    assert clare.due_at == clare.deadlines.get(kind=DeadlineKind.INITIAL_CHECKS).due_at


def test_the_clocks_follow_settings(demo, settings):
    settings.TRIAGE_CLARES_LAW_DAYS = 35
    clare = _open(scheme=Scheme.CLARES_LAW)
    assert _hours(clare.deadlines.get(kind=DeadlineKind.WHOLE_PROCESS), clare) == 35 * 24


def test_moving_on_meets_deadlines_and_moves_the_due_date(demo):
    case = _open(scheme=Scheme.SARAHS_LAW)
    officer = demo["disclosure"]
    lifecycle.case_triage(case_id=case.pk, acting_user=officer)
    lifecycle.case_start_checks(case_id=case.pk, acting_user=officer)
    case = lifecycle.case_record_contact(
        case_id=case.pk, acting_user=officer, identity_checked=True, method="in_person"
    )
    met = set(case.deadlines.exclude(met_at=None).values_list("kind", flat=True))
    assert met == {DeadlineKind.INITIAL_CHECKS, DeadlineKind.INTERVIEW}
    assert case.due_at == case.deadlines.get(kind=DeadlineKind.WHOLE_PROCESS).due_at


def test_a_pause_extends_every_open_deadline_and_says_why(demo):
    case = _open(scheme=Scheme.CLARES_LAW)
    before = {d.kind: d.due_at for d in case.deadlines.all()}
    clocks.case_pause_clock(
        case_id=case.pk, acting_user=demo["disclosure"], reason="Applicant abroad until Monday"
    )
    paused_at = timezone.now() - timedelta(days=3)
    type(case).objects.filter(pk=case.pk).update(clock_paused_at=paused_at)
    case = clocks.case_resume_clock(case_id=case.pk, acting_user=demo["disclosure"])
    for deadline in case.deadlines.all():
        assert deadline.due_at - before[deadline.kind] >= timedelta(days=3)
    resumed = case.events.get(kind=EventKind.CLOCK_RESUMED)
    assert resumed.detail["reason"] == "Applicant abroad until Monday"
    assert resumed.detail["extended_by_seconds"] >= 3 * 24 * 3600


def test_reminder_before_and_escalation_after_a_deadline_each_once(
    demo, mailoutbox, django_capture_on_commit_callbacks
):
    case = _open(answers=summary(place_postcode="NR1 1AA"))  # North team, unassigned
    assignment.case_assign(case_id=case.pk, acting_user=demo["triage"], assignee=demo["om.north"])
    deadline = case.deadlines.get()
    with django_capture_on_commit_callbacks(execute=True):
        reminded, escalated = clocks.deadlines_remind_and_escalate(
            now=deadline.remind_at + timedelta(minutes=1)
        )
    assert (reminded, escalated) == (1, 0)
    assert [m.to for m in mailoutbox if "deadline is near" in m.subject] == [
        ["om.north@example.invalid"]
    ]
    with django_capture_on_commit_callbacks(execute=True):
        assert clocks.deadlines_remind_and_escalate(now=deadline.due_at + timedelta(minutes=1)) == (
            0,
            1,
        )
        assert clocks.deadlines_remind_and_escalate(now=deadline.due_at + timedelta(minutes=2)) == (
            0,
            0,
        )
    escalation = [m for m in mailoutbox if "overdue" in m.subject]
    assert [m.to for m in escalation] == [["sup.north@example.invalid"]]
    # Staff e-mail carries the reference and a link, nothing of what was sent.
    assert case.reference in escalation[0].body
    assert f"/admin/triage/cases/inspect/{case.pk}/" in escalation[0].body
    assert "school" not in escalation[0].body
    assert case.events.filter(kind=EventKind.ESCALATED).count() == 1


def test_a_paused_or_finished_case_is_not_escalated(demo):
    case = _open()
    clocks.case_pause_clock(case_id=case.pk, acting_user=demo["triage"], reason="Waiting")
    later = timezone.now() + timedelta(days=2)
    assert clocks.deadlines_remind_and_escalate(now=later) == (0, 0)


def test_the_beat_task_runs(demo):
    case = _open()
    CaseDeadline.objects.filter(case=case).update(
        due_at=timezone.now() - timedelta(minutes=1), remind_at=timezone.now() - timedelta(hours=1)
    )
    remind_and_escalate()
    assert case.events.filter(kind=EventKind.ESCALATED).exists()


def test_making_a_concern_urgent_shortens_its_triage_clock(demo):
    case = _open()
    case = assignment.case_change_priority(
        case_id=case.pk, acting_user=demo["triage"], priority=Priority.URGENT, reason="Threat"
    )
    assert case.due_at - case.opened_at <= timedelta(hours=1)


def test_a_broker_that_is_down_does_not_undo_an_assignment_and_the_email_follows(
    demo, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    from celery import current_app

    from core.models import OutboundEmail, OutboundEmailStatus
    from core.outbox import emails_relay_pending

    def broker_down(*args, **kwargs):
        raise ConnectionError("no broker")

    case = _open()
    mailoutbox.clear()
    send_task = current_app.tasks["core.send_emails"]
    monkeypatch.setattr(send_task, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        assignment.case_assign(
            case_id=case.pk, acting_user=demo["triage"], assignee=demo["om.south"]
        )
    case.refresh_from_db()
    assert case.assigned_to == demo["om.south"]
    assert mailoutbox == []
    email = OutboundEmail.objects.get(recipient="om.south@example.invalid")
    assert email.status == OutboundEmailStatus.PENDING

    # The broker is back; a minute later the beat task's relay sends it, once.
    monkeypatch.undo()
    OutboundEmail.objects.filter(pk=email.pk).update(
        last_attempt_at=timezone.now() - timedelta(minutes=2)
    )
    assert emails_relay_pending() == 1
    assert [m.to for m in mailoutbox] == [["om.south@example.invalid"]]
    assert case.reference in mailoutbox[0].subject
    assert emails_relay_pending(older_than=timedelta(0)) == 0
    assert len(mailoutbox) == 1

from datetime import timedelta

import pytest
from django.utils import timezone

from intake.constants import OutboxStatus, Scheme
from intake.models import OutboxMessage, Submission
from intake.services import outbox_relay_pending, submission_create
from portal.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_a_submission_and_its_outbox_row_are_written_together(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        receipt = submission_create(
            scheme=Scheme.CONCERN,
            answers={"about": {"topic": "other"}},
            immediate_danger=True,
            is_anonymous=True,
        )
    submission = Submission.objects.get(reference=receipt.reference)
    assert submission.immediate_danger and submission.is_anonymous
    assert submission.outbox.get().status == OutboxStatus.PENDING
    # Routing is queued for after the commit, never inside the transaction.
    assert len(callbacks) == 1


def test_after_commit_the_submission_is_routed_and_its_outbox_row_processed(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        receipt = submission_create(scheme=Scheme.CONCERN, answers={})
    submission = Submission.objects.get(reference=receipt.reference)
    assert submission.case.reference == receipt.reference
    assert submission.outbox.get().status == OutboxStatus.PROCESSED


def test_a_broker_failure_loses_nothing_and_the_relay_sends_it_later(
    django_capture_on_commit_callbacks, monkeypatch
):
    task = celery_app.tasks["triage.route_submission"]

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    with monkeypatch.context() as patched:
        patched.setattr(task, "apply_async", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            receipt = submission_create(scheme=Scheme.SARAHS_LAW, answers={})
    message = OutboxMessage.objects.get(submission__reference=receipt.reference)
    assert message.status == OutboxStatus.PENDING
    assert message.attempts == 1

    # Not yet a minute old: the relay leaves it alone.
    assert outbox_relay_pending() == 0
    OutboxMessage.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - timedelta(minutes=2),
        last_sent_at=timezone.now() - timedelta(minutes=2),
    )
    assert outbox_relay_pending() == 1
    message.refresh_from_db()
    assert message.status == OutboxStatus.PROCESSED
    assert Submission.objects.get(pk=message.submission_id).case is not None
    assert outbox_relay_pending() == 0

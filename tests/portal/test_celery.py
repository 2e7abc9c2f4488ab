"""The worker's queues: cases before staff e-mails and sweeps, on a real broker and worker."""

import pytest
from django.test import Client

from core.models import OutboundEmail, OutboundEmailStatus
from core.outbox import Email, emails_queue
from intake.models import Submission
from portal.celery import BACKGROUND_TASKS, app
from tests.celery_workers import (
    celery_queue_new,
    celery_sending_to,
    celery_worker_running,
    celery_worker_skip_unless_possible,
    wait_until,
)
from tests.intake.journey_data import CONCERN, answer_all, declared

BACKLOG = 30
CASES = 3


def _queue_of(task_name: str) -> str:
    return app.amqp.router.route({}, task_name)["queue"].name


def test_staff_emails_and_sweeps_go_to_the_background_queue_and_the_rest_to_the_default():
    registered = {name for name in app.tasks if not name.startswith("celery.")}
    # A background task renamed without this list would silently queue with the cases.
    assert registered >= BACKGROUND_TASKS
    for name in registered:
        expected = "celery.background" if name in BACKGROUND_TASKS else "celery"
        assert _queue_of(name) == expected, name
    for waited_on in ("triage.route_submission", "triage.attach_follow_up", "intake.scan_evidence"):
        assert waited_on not in BACKGROUND_TASKS


def test_every_periodic_task_is_a_registered_task_with_a_queue():
    for entry in app.conf.beat_schedule.values():
        assert entry["task"] in app.tasks
        assert _queue_of(entry["task"]) in {"celery", "celery.background"}


def test_a_worker_without_queues_reads_the_default_queue_first_and_the_background_one_after():
    assert [queue.name for queue in app.conf.task_queues] == ["celery", "celery.background"]
    assert app.conf.broker_transport_options["queue_order_strategy"] == "priority"


def test_a_background_task_follows_a_queue_set_for_the_default():
    with celery_sending_to("test-own"):
        assert _queue_of("core.send_emails") == "test-own.background"
        assert _queue_of("triage.route_submission") == "test-own"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_cases_sent_after_a_backlog_of_staff_emails_are_opened_before_any_of_them_is_sent(
    home_page, tmp_path
):
    """Thirty staff e-mails wait in the broker, each its own task, then three reports are
    sent. A worker reading in turns would send an e-mail between two cases; this one opens
    every case first, then sends every e-mail: none is lost."""
    celery_worker_skip_unless_possible()
    queue = celery_queue_new()
    with celery_sending_to(queue):
        backlog = []
        for number in range(BACKLOG):
            # Each committed on its own (this test's transactions are real), so each is its
            # own task in the broker, as a busy unit's e-mails would be.
            backlog += emails_queue(
                [
                    Email(
                        idempotency_key=f"backlog-{number}",
                        recipient=f"officer{number}@police.example",
                        subject="A case for your team",
                        body="A case is waiting.",
                    )
                ]
            )
        for _ in range(CASES):
            client = Client()
            answer_all(client, CONCERN)
            response = client.post("/report/check-your-answers/", declared(client))
            assert response.status_code == 302
        submissions = list(Submission.objects.all())
        assert len(submissions) == CASES
        assert OutboundEmail.objects.filter(pk__in=backlog, status="pending").count() == BACKLOG

        with celery_worker_running(queue, tmp_path / "celery-worker.log"):
            assert wait_until(
                lambda: (
                    OutboundEmail.objects.filter(
                        pk__in=backlog, status=OutboundEmailStatus.SENT
                    ).count()
                    == BACKLOG
                )
            ), "the worker did not send every e-mail of the backlog"

    from triage.models import Case

    cases = list(Case.objects.filter(submission__in=submissions))
    assert len(cases) == CASES
    first_sent = min(OutboundEmail.objects.filter(pk__in=backlog).values_list("sent_at", flat=True))
    last_opened = max(case.opened_at for case in cases)
    assert last_opened < first_sent, (
        f"a case was opened at {last_opened}, after the first e-mail of the backlog at {first_sent}"
    )

"""Nothing is lost while the broker is down: the submission is accepted at once, and routed
exactly once when Redis is back. Uses a real broker address where nothing listens, and a
real Celery worker for the routing (PostgreSQL and Redis only)."""

import socket
import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.utils import timezone

from intake.constants import OutboxStatus
from intake.models import OutboxMessage, Submission
from intake.services import outbox_relay_pending
from portal.celery import app as celery_app
from tests.celery_workers import wait_until
from tests.intake.journey_data import CONCERN, answer_all, declared

# serialized_rollback, like the browser tests: a plain flush would re-create content types that
# their restore then inserts again.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _drop_broker_connections() -> None:
    """Forget pooled connections, so the next publish connects to the broker configured now."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def broker_unreachable():
    original = celery_app.conf.broker_url
    celery_app.conf.broker_url = f"redis://127.0.0.1:{_unused_port()}/0"
    _drop_broker_connections()
    try:
        yield
    finally:
        celery_app.conf.broker_url = original
        _drop_broker_connections()


def test_a_submission_while_redis_is_down_is_accepted_at_once_and_routed_once_later(
    celery_worker, client, home_page
):
    answer_all(client, CONCERN)
    send = declared(client)
    with broker_unreachable():
        started = time.monotonic()
        response = client.post("/report/check-your-answers/", send)
        elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert response["Location"] == "/report/confirmation/"
    assert elapsed < 10, f"the person waited {elapsed:.1f}s for a broker that was down"
    submission = Submission.objects.get()
    assert submission.reference in client.get("/report/confirmation/").content.decode()
    message = OutboxMessage.objects.get(submission=submission)
    assert message.status == OutboxStatus.PENDING
    assert message.attempts == 1
    assert not _has_case(submission)

    # Redis is back; a minute later the beat task's relay sends the row again.
    two_minutes_ago = timezone.now() - timedelta(minutes=2)
    OutboxMessage.objects.filter(pk=message.pk).update(
        created_at=two_minutes_ago, last_sent_at=two_minutes_ago
    )
    assert outbox_relay_pending() == 1
    assert wait_until(
        lambda: OutboxMessage.objects.get(pk=message.pk).status == OutboxStatus.PROCESSED
    ), "the worker did not route the submission"
    assert _has_case(submission)

    # Exactly once: relaying again sends nothing, and a repeated delivery opens no new case.
    assert outbox_relay_pending(older_than=timedelta(0)) == 0
    celery_app.tasks["triage.route_submission"].apply_async(args=[message.pk])
    time.sleep(2)
    from triage.models import Case

    assert Case.objects.filter(submission=submission).count() == 1


def _has_case(submission: Submission) -> bool:
    from triage.models import Case

    return Case.objects.filter(submission=submission).exists()


def test_a_journey_survives_redis_going_away_entirely(
    client, home_page, settings, django_capture_on_commit_callbacks
):
    """Cache, sessions, rate limits and broker all unreachable: the report still goes in."""
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL: without it nothing here uses Redis")
    answer_all(client, CONCERN)
    send = declared(client)
    dead_redis = f"redis://127.0.0.1:{_unused_port()}/0"
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": dead_redis},
    }
    with broker_unreachable(), django_capture_on_commit_callbacks(execute=True):
        response = client.post("/report/check-your-answers/", send)
    assert response.status_code == 302
    assert response["Location"] == "/report/confirmation/"
    submission = Submission.objects.get()
    assert submission.answers["subject"]
    assert OutboxMessage.objects.filter(submission=submission).exists()
    assert submission.reference in client.get("/report/confirmation/").content.decode()

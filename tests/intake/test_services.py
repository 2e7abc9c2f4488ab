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


def test_an_abandoned_journey_is_deleted_with_its_expired_session(client, home_page, settings):
    from importlib import import_module

    from intake.tasks import clear_expired_sessions

    client.post("/report/danger/", {"immediate_danger": "no"})
    key = client.session.session_key
    engine = import_module(settings.SESSION_ENGINE)
    store = engine.SessionStore(session_key=key)
    assert store.get("journey:concern")
    if settings.SESSION_ENGINE.endswith(".db"):
        from django.contrib.sessions.models import Session

        Session.objects.filter(session_key=key).update(
            expire_date=timezone.now() - timedelta(seconds=1)
        )
    else:
        store.set_expiry(-1)
        store.save()
    clear_expired_sessions.delay()
    assert not engine.SessionStore(session_key=key).get("journey:concern")


def test_the_acknowledgement_is_sent_once_only(django_capture_on_commit_callbacks):
    from django.core import mail

    from intake.services import acknowledgement_send

    with django_capture_on_commit_callbacks(execute=True):
        receipt = submission_create(
            scheme=Scheme.CLARES_LAW,
            answers={"safe-contact": {"safe_channels": ["email"], "email": "a@example.org"}},
            acknowledge=True,
        )
    message = OutboxMessage.objects.get(
        submission__reference=receipt.reference, task_name="intake.send_acknowledgement"
    )
    assert message.status == OutboxStatus.PROCESSED
    assert len(mail.outbox) == 1
    assert "Clare" not in mail.outbox[0].body
    # The reference's letters would name the scheme to anyone else reading the mailbox.
    assert receipt.reference not in mail.outbox[0].body
    assert "CL-" not in mail.outbox[0].body
    assert acknowledgement_send(message_id=message.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("language", "subject", "opening"),
    [
        ("en", "Message received", "Thank you. We have received your message."),
        ("cy", "Neges wedi dod i law", "Diolch. Rydym wedi cael eich neges."),
    ],
)
def test_the_acknowledgement_is_in_the_language_the_request_was_sent_in(
    django_capture_on_commit_callbacks, language, subject, opening
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        submission_create(
            scheme=Scheme.CLARES_LAW,
            answers={"safe-contact": {"safe_channels": ["email"], "email": "a@example.org"}},
            acknowledge=True,
            language=language,
        )
    assert mail.outbox[0].subject == subject
    assert mail.outbox[0].body.startswith(opening)


def test_no_acknowledgement_without_a_safe_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submission_create(
            scheme=Scheme.SARAHS_LAW,
            answers={"safe-contact": {"safe_channels": ["phone"], "email": "a@example.org"}},
            acknowledge=True,
        )
    assert not OutboxMessage.objects.filter(task_name="intake.send_acknowledgement").exists()

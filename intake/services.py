import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.celery import app as celery_app

from . import codes
from .constants import (
    ATTACH_FOLLOW_UP_TASK,
    REFERENCE_PREFIX,
    ROUTE_SUBMISSION_TASK,
    OutboxStatus,
    PublicStatus,
    Scheme,
)
from .models import FollowUp, OutboxMessage, Submission

logger = logging.getLogger(__name__)

REFERENCE_ATTEMPTS = 5
RELAY_AFTER = timedelta(minutes=1)


@dataclass(frozen=True)
class SubmissionReceipt:
    """What the confirmation page shows once: the reference and the receipt code."""

    submission_id: str
    reference: str
    receipt_code: str
    scheme: str


def submission_create(
    *,
    scheme: Scheme,
    answers: dict[str, Any],
    immediate_danger: bool = False,
    is_anonymous: bool = False,
) -> SubmissionReceipt:
    """Store a request from the public and queue its routing, all or nothing.

    The submission and its outbox row are written in one transaction; the routing task is
    sent only once that transaction has committed, and a failure to send loses nothing.
    """
    receipt_code = codes.new_receipt_code()
    for attempt in range(REFERENCE_ATTEMPTS):
        try:
            with transaction.atomic():
                submission = Submission.objects.create(
                    reference=codes.new_reference(REFERENCE_PREFIX[scheme]),
                    scheme=scheme,
                    answers=answers,
                    immediate_danger=immediate_danger,
                    is_anonymous=is_anonymous,
                    receipt_code_hash=codes.hash_receipt_code(receipt_code),
                )
                message = OutboxMessage.objects.create(
                    task_name=ROUTE_SUBMISSION_TASK, submission=submission
                )
                transaction.on_commit(lambda message_id=message.pk: outbox_send(message_id))
            break
        except IntegrityError:
            # A reference clash is vanishingly rare; anything else will clash again and raise.
            if attempt == REFERENCE_ATTEMPTS - 1:
                raise
    return SubmissionReceipt(
        submission_id=str(submission.pk),
        reference=submission.reference,
        receipt_code=receipt_code,
        scheme=submission.scheme,
    )


def follow_up_create(*, submission: Submission, text: str) -> FollowUp:
    """Add information to a request already sent, and queue it for the case, all or nothing."""
    with transaction.atomic():
        follow_up = FollowUp.objects.create(submission=submission, text=text)
        message = OutboxMessage.objects.create(
            task_name=ATTACH_FOLLOW_UP_TASK, submission=submission, follow_up=follow_up
        )
        transaction.on_commit(lambda message_id=message.pk: outbox_send(message_id))
    return follow_up


def submission_public_status_set(*, submission_id: str, status: PublicStatus) -> None:
    """Called by the back office as a case moves on; the status page shows only this."""
    Submission.objects.filter(pk=submission_id).exclude(public_status=status).update(
        public_status=status
    )


def outbox_send(message_id: int) -> bool:
    """Hand an outbox row to the broker. Never raises: a pending row is retried by the relay."""
    message = OutboxMessage.objects.filter(pk=message_id, status=OutboxStatus.PENDING).first()
    if message is None:
        return False
    OutboxMessage.objects.filter(pk=message_id).update(
        attempts=message.attempts + 1, last_sent_at=timezone.now()
    )
    try:
        celery_app.tasks[message.task_name].apply_async(args=[message.pk], retry=False)
    except Exception as error:
        # The class name only: an exception's text may quote what the person typed.
        logger.warning(
            "Outbox message %s could not be sent (%s); it stays pending",
            message_id,
            type(error).__name__,
        )
        return False
    return True


def outbox_mark_processed(*, message_id: int) -> None:
    """Called by the consumer when its work for this message is done and committed."""
    OutboxMessage.objects.filter(pk=message_id, status=OutboxStatus.PENDING).update(
        status=OutboxStatus.PROCESSED, processed_at=timezone.now()
    )


def outbox_relay_pending(*, older_than: timedelta = RELAY_AFTER, limit: int = 500) -> int:
    """Send again every message still pending after `older_than`; returns how many were sent."""
    cutoff = timezone.now() - older_than
    stale = (
        OutboxMessage.objects.filter(status=OutboxStatus.PENDING, created_at__lt=cutoff)
        .exclude(last_sent_at__gte=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for message_id in list(stale) if outbox_send(message_id))

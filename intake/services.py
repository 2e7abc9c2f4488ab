import logging
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from importlib import import_module
from typing import Any

from celery import current_app
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from core.outages import BROKER, outage_failed, outage_recovered

from . import codes
from .constants import (
    ACKNOWLEDGE_TASK,
    ATTACH_FOLLOW_UP_TASK,
    REFERENCE_PREFIX,
    ROUTE_SUBMISSION_TASK,
    Language,
    OutboxStatus,
    PublicStatus,
    Scheme,
)
from .models import FollowUp, OutboxMessage, Submission
from .selectors import submission_for_send_key
from .summary import SUMMARY_KEYS, summarise

logger = logging.getLogger(__name__)

RELAY_AFTER = timedelta(minutes=1)


@dataclass(frozen=True)
class SubmissionReceipt:
    """What the confirmation page shows once: the reference and the receipt code.

    `created` is False when the send key had been sent already: the submission is the one
    that send made, and `receipt_code` is empty (it is stored only as a hash, and was given
    to the send that made it).
    """

    submission_id: str
    reference: str
    receipt_code: str
    scheme: str
    created: bool = True


def submission_create(
    *,
    scheme: Scheme,
    answers: dict[str, Any],
    immediate_danger: bool = False,
    is_anonymous: bool = False,
    acknowledge: bool = False,
    declaration: dict[str, str] | None = None,
    send_key_hash: str | None = None,
    language: str = Language.ENGLISH,
) -> SubmissionReceipt:
    """Store a request from the public and queue its routing, all or nothing.

    `answers` are the journey's cleaned answers keyed by step slug; the stable summary that
    triage matches on (intake/summary.py, docs/intake.md) is added to them here. The
    submission and its outbox rows are written in one transaction; the tasks are sent only
    once that transaction has committed, and a failure to send loses nothing.

    `acknowledge` asks for a neutral acknowledgement e-mail: pass it only when the applicant
    marked e-mail as a safe channel and gave an address (answers["contact"]["email"]).

    `declaration` is the declaration the person made before sending
    (`summary.declaration_record`), stored as answers["declaration"].

    `send_key_hash` (`codes.hash_send_key`) makes the send idempotent: a second call with the
    same hash, however close to the first, writes nothing and returns the first call's
    submission with `created` False and no receipt code. The unique constraint on the column
    decides between concurrent calls; there is no read before the write.

    `language` is the language of the pages it was sent from (`Language`): "cy" for Welsh.
    """
    stored = {
        **{slug: value for slug, value in answers.items() if slug not in SUMMARY_KEYS},
        **summarise(
            scheme=scheme,
            cleaned=answers,
            immediate_danger=immediate_danger,
            declaration=declaration,
        ),
    }
    acknowledge = acknowledge and bool(stored["contact"]["email"])
    receipt_code = codes.new_receipt_code()
    tasks = [ROUTE_SUBMISSION_TASK, *([ACKNOWLEDGE_TASK] if acknowledge else [])]

    def create(reference: str) -> Submission:
        submission = Submission.objects.create(
            reference=reference,
            scheme=scheme,
            answers=stored,
            immediate_danger=immediate_danger,
            is_anonymous=is_anonymous,
            receipt_code_hash=codes.hash_receipt_code(receipt_code),
            send_key_hash=send_key_hash or "",
            language=Language(language),
        )
        for task_name in tasks:
            # Counted as sent now, in the same transaction, so that the send after the commit
            # is only the publish: no second read and write (and second commit) on the
            # public's request path. If the publish fails, the row is still pending and the
            # relay sends it again, as for any other message.
            message = OutboxMessage.objects.create(
                task_name=task_name,
                submission=submission,
                attempts=1,
                last_sent_at=timezone.now(),
            )
            transaction.on_commit(partial(_publish, message_id=message.pk, task_name=task_name))
        return submission

    found: list[Submission] = []

    def already_sent() -> Submission | None:
        # Asked only after the insert failed on a unique constraint: the send key's, unless
        # (vanishingly rarely) the reference's.
        if send_key_hash and (sent := submission_for_send_key(send_key_hash=send_key_hash)):
            found.append(sent)
            return sent
        return None

    submission = codes.with_new_reference(
        prefix=REFERENCE_PREFIX[scheme], create=create, existing=already_sent
    )
    created = not found
    return SubmissionReceipt(
        submission_id=str(submission.pk),
        reference=submission.reference,
        receipt_code=receipt_code if created else "",
        scheme=submission.scheme,
        created=created,
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
    return _publish(message_id=message.pk, task_name=message.task_name)


def _publish(*, message_id: int, task_name: str) -> bool:
    try:
        # The project's Celery app, which it sets as the default (portal/celery.py): intake
        # sits below the project shell and does not import it.
        current_app.tasks[task_name].apply_async(args=[message_id], retry=False)
    except Exception as error:
        # One WARNING per outage, with the count when the broker is back (core/outages.py);
        # the class name only: an exception's text may quote what the person typed.
        outage_failed(BROKER, error)
        logger.info("Outbox message %s not sent; it stays pending for the relay", message_id)
        return False
    outage_recovered(BROKER)
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


def acknowledgement_send(*, message_id: int) -> bool:
    """Send the neutral acknowledgement e-mail for an outbox row, once; True if sent now.

    The e-mail says nothing about what was sent or to whom it is about, and carries no
    reference, whose letters name the scheme: someone else reading the applicant's e-mail
    (perhaps the person they are asking about) must learn nothing from it. It goes only to an
    address the applicant marked safe.
    """
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update()
            .select_related("submission")
            .filter(pk=message_id, task_name=ACKNOWLEDGE_TASK, status=OutboxStatus.PENDING)
            .first()
        )
        if message is None:
            return False
        contact = message.submission.answers.get("contact") or {}
        address = contact.get("email") if "email" in (contact.get("safe_channels") or []) else None
        if address:
            # In the language the request was sent in.
            with translation.override(message.submission.language):
                send_mail(
                    subject=gettext("Message received"),
                    message=render_to_string("intake/email/acknowledgement.txt"),
                    from_email=settings.INTAKE_ACKNOWLEDGEMENT_FROM or settings.DEFAULT_FROM_EMAIL,
                    recipient_list=[address],
                )
        OutboxMessage.objects.filter(pk=message_id).update(
            status=OutboxStatus.PROCESSED, processed_at=timezone.now()
        )
    return bool(address)


def expired_sessions_clear() -> None:
    """Delete sessions past their expiry, with any journey answers in them.

    Redis sessions expire by themselves; database sessions (the embedded default) stay in
    the table until this runs, so an abandoned journey would otherwise outlive its session.
    """
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()

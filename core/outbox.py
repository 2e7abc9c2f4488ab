"""E-mail through an outbox: nothing lost while the broker is down, nothing sent twice.

- `emails_queue()` writes one `OutboundEmail` row per recipient in the caller's transaction,
  each under an idempotency key (writing the same key again adds nothing), and hands the rows
  to the broker only once that transaction has committed, all of them as one task
  (`core.send_emails`): a rolled-back change sends nothing, and a case that tells its whole
  team costs the worker one task, not one per member.
- `emails_send()` (the task) sends each row and marks it sent under its own row lock, so a
  retried or repeated task never sends one twice. A mail server that refuses leaves the row,
  and the rest of the batch, pending.
- `emails_relay_pending()` (beat task `core.relay_pending_email`, every minute) hands again to
  the broker, in batches, every row still pending a minute after it was last tried: one queued
  while the broker was down, or refused by the mail server.

Broker and mail server failures are logged once per outage (core/outages.py).
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from .models import OutboundEmail, OutboundEmailStatus
from .outages import BROKER, outage_failed, outage_recovered

logger = logging.getLogger(__name__)

SEND_TASK = "core.send_emails"
RELAY_AFTER = timedelta(minutes=1)
RELAY_BATCH = 50
MAIL = "mail server"


@dataclass(frozen=True)
class Email:
    idempotency_key: str
    recipient: str
    subject: str
    body: str


def emails_queue(emails: list[Email]) -> list[int]:
    """Write these e-mails in the current transaction and send each once it commits.

    Returns the ids of the rows written now; a key already written is left as it is.
    """
    if not emails:
        return []
    ids = _rows_insert_new(emails, now=timezone.now())
    transaction.on_commit(lambda: _publish_all(ids))
    return ids


_INSERT_COLUMNS = (
    "idempotency_key",
    "recipient",
    "subject",
    "body",
    "status",
    "attempts",
    "created_at",
    "last_attempt_at",
)


def _rows_insert_new(emails: list[Email], *, now) -> list[int]:
    """Insert the rows whose key is new and return their ids, in one statement.

    Written as SQL because the ORM's bulk_create cannot both skip existing keys and return
    the ids it wrote: it took a second query to find them, for every notification (both
    PostgreSQL and SQLite 3.35+ accept ON CONFLICT ... RETURNING).
    """
    quote = connection.ops.quote_name
    at = connection.ops.adapt_datetimefield_value(now)
    row = "(" + ", ".join(["%s"] * len(_INSERT_COLUMNS)) + ")"
    # Only the model's own names are put into the text; every value is a parameter.
    sql = (
        f"INSERT INTO {quote(OutboundEmail._meta.db_table)} "  # noqa: S608
        f"({', '.join(quote(column) for column in _INSERT_COLUMNS)}) "
        f"VALUES {', '.join([row] * len(emails))} "
        f"ON CONFLICT ({quote('idempotency_key')}) DO NOTHING RETURNING {quote('id')}"
    )
    params = []
    for email in emails:
        params += [
            email.idempotency_key,
            email.recipient,
            email.subject,
            email.body,
            OutboundEmailStatus.PENDING.value,
            1,
            at,
            at,
        ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return sorted(pk for (pk,) in cursor.fetchall())


def _publish_all(email_ids: list[int]) -> bool:
    """Hand these e-mails to the broker as one task; False if it is down (they stay pending
    for the relay)."""
    if not email_ids:
        return True
    try:
        # The project's Celery app (portal/celery.py sets it as the default), by task name.
        current_app.tasks[SEND_TASK].apply_async(args=[list(email_ids)], retry=False)
    except Exception as error:
        outage_failed(BROKER, error)
        logger.info("%s e-mails not queued; they stay pending for the relay", len(email_ids))
        return False
    outage_recovered(BROKER)
    return True


SENT, NOT_PENDING, REFUSED = "sent", "not pending", "refused"


class _Refused(Exception):
    pass


def _send_one(email_id: int) -> str:
    """Mark the e-mail sent and send it, in one transaction: the row is claimed by one
    UPDATE ... RETURNING (which holds its lock until the commit, so a repeated task waits and
    then finds it sent), and a mail server that refuses rolls the mark back. One statement,
    where reading the row and then saving it took two, for each of a team's e-mails."""
    quote = connection.ops.quote_name
    sql = (
        f"UPDATE {quote(OutboundEmail._meta.db_table)} "  # noqa: S608 (only the model's names)
        f"SET {quote('status')} = %s, {quote('sent_at')} = %s "
        f"WHERE {quote('id')} = %s AND {quote('status')} = %s "
        f"RETURNING {quote('recipient')}, {quote('subject')}, {quote('body')}"
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    sql,
                    [
                        OutboundEmailStatus.SENT.value,
                        now,
                        email_id,
                        OutboundEmailStatus.PENDING.value,
                    ],
                )
                row = cursor.fetchone()
            if row is None:
                return NOT_PENDING  # sent already (a repeated or retried task), or never written
            recipient, subject, body = row
            try:
                send_mail(
                    subject=subject,
                    message=body,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    recipient_list=[recipient],
                )
            except Exception as error:
                outage_failed(MAIL, error)
                raise _Refused from error
    except _Refused:
        return REFUSED
    outage_recovered(MAIL)
    return SENT


def email_send(*, email_id: int) -> bool:
    """Send one pending e-mail and mark it sent, under a row lock; True if sent now."""
    return _send_one(email_id) == SENT


def emails_send(*, email_ids: list[int]) -> int:
    """Send each pending e-mail of a batch, each once; returns how many were sent now. The
    first the mail server refuses stops the batch: the rest would wait on it in turn, and the
    relay tries them all again in a minute."""
    sent = 0
    for email_id in email_ids:
        outcome = _send_one(email_id)
        if outcome == REFUSED:
            break
        sent += outcome == SENT
    return sent


def emails_relay_pending(*, older_than: timedelta = RELAY_AFTER, limit: int = 500) -> int:
    """Hand again to the broker each e-mail still pending `older_than` after its last try."""
    cutoff = timezone.now() - older_than
    ids = list(
        OutboundEmail.objects.filter(status=OutboundEmailStatus.PENDING, last_attempt_at__lt=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for start in range(0, len(ids), RELAY_BATCH):
        batch = ids[start : start + RELAY_BATCH]
        OutboundEmail.objects.filter(pk__in=batch).update(
            attempts=F("attempts") + 1, last_attempt_at=timezone.now()
        )
        if not _publish_all(batch):
            break  # the broker is down: no need to wait on each batch in turn
        sent += len(batch)
    return sent

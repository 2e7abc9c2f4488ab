"""The audit writer and staff notifications: what every case service calls.

Every change and every look at a case appends one `CaseEvent` here. Staff e-mails are written
to the e-mail outbox (core/outbox.py) in the same transaction as the change, one row per
recipient, and handed to the broker only after it commits: a rolled-back change is never
announced, and a broker that is down delays an e-mail but never loses it.
"""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from . import notifications
from .constants import EventKind, NotificationKind
from .models import Case, CaseEvent


def case_event_record(
    *,
    case: Case,
    kind: EventKind,
    acting_user: AbstractBaseUser | None,
    detail: dict[str, Any] | None = None,
) -> CaseEvent:
    event = CaseEvent.objects.create(case=case, kind=kind, actor=acting_user, detail=detail or {})
    # What a notification that follows in the same service is about (see notify_on_commit).
    case._last_event_id = event.pk
    return event


@dataclass(frozen=True)
class Entry:
    """One line of the trail, to be written with others in one insert."""

    kind: EventKind
    acting_user: AbstractBaseUser | None = None
    detail: dict[str, Any] = field(default_factory=dict)


def case_events_record(*, case: Case, entries: list[Entry]) -> list[CaseEvent]:
    """Several lines of a case's trail in one insert, in the order given (their ids and
    times keep that order). A service that decides several things at once, as opening a case
    does, writes them together; a notification that follows is about the last of them."""
    if not entries:
        return []
    events = CaseEvent.objects.bulk_create(
        CaseEvent(case=case, kind=entry.kind, actor=entry.acting_user, detail=entry.detail)
        for entry in entries
    )
    case._last_event_id = events[-1].pk
    return events


def notify_on_commit(
    *, case: Case, users: list[Any], kind: NotificationKind, cause: str | None = None
) -> list[int]:
    """E-mail these staff about the case once the change is committed (never before: a
    rolled-back change must not be announced).

    Each e-mail's idempotency key is `case:kind:cause:user`, where the cause is the event the
    service has just recorded (every service records one before it notifies), so a repeated
    or retried service run e-mails nobody twice. Returns the ids of the e-mails written.
    """
    users = [user for user in users if user is not None]
    if not users:
        return []
    if cause is None:
        event_id = getattr(case, "_last_event_id", None)
        if event_id is None:
            event_id = case.events.order_by("-pk").values_list("pk", flat=True).first()
        cause = str(event_id)
    return notifications.staff_emails_queue(case=case, users=users, kind=kind, cause=cause)

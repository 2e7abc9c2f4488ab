"""The audit writer and staff notifications: what every case service calls.

Every change and every look at a case appends one `CaseEvent` here. Staff e-mails are queued
only after the transaction commits, looked up by task name, so this module imports no task (and no
service imports the tasks that call it).
"""

import logging
from typing import Any

from celery import current_app
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from .constants import EventKind, NotificationKind
from .models import Case, CaseEvent

logger = logging.getLogger(__name__)

NOTIFY_STAFF_TASK = "triage.notify_staff"


def case_event_record(
    *,
    case: Case,
    kind: EventKind,
    acting_user: AbstractBaseUser | None,
    detail: dict[str, Any] | None = None,
) -> CaseEvent:
    return CaseEvent.objects.create(case=case, kind=kind, actor=acting_user, detail=detail or {})


def notify_on_commit(*, case: Case, users: list[Any], kind: NotificationKind) -> None:
    """E-mail these staff about the case once the change is committed (never before: a
    rolled-back change must not be announced)."""
    user_ids = sorted({user.pk for user in users if user is not None})
    if not user_ids:
        return
    case_id = str(case.pk)
    transaction.on_commit(lambda: notify_send(case_id=case_id, user_ids=user_ids, kind=kind))


def notify_send(*, case_id: str, user_ids: list[int], kind: NotificationKind) -> None:
    """Queue a staff e-mail. A broker that is down must not turn a saved change into an
    error page: the change stands, the reminder sweep still runs, and the failure is logged."""
    try:
        # Looked up by name in Celery's registry (eager in the embedded default, sent to the
        # broker otherwise) rather than imported, so the tasks module is never imported here.
        current_app.tasks[NOTIFY_STAFF_TASK].delay(
            case_id=case_id, user_ids=user_ids, kind=str(kind)
        )
    except Exception as error:
        logger.warning(
            "Staff notification for case %s not queued (%s)", case_id, type(error).__name__
        )

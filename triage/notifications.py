"""E-mail to staff. A message carries the case reference and a link, never personal data:
staff mailboxes are read on phones, forwarded and kept for years. Sent through the e-mail
outbox (core/outbox.py): written with the change, sent once after it commits."""

from typing import Any

from django.conf import settings
from django.urls import reverse

from core.outbox import Email, emails_queue

from .constants import NotificationKind
from .models import Case

SUBJECTS = {
    NotificationKind.ROUTED: "New case {reference}",
    NotificationKind.ASSIGNED: "Case {reference} assigned to you",
    NotificationKind.URGENT: "URGENT case {reference}",
    NotificationKind.REMINDER: "Case {reference}: a deadline is near",
    NotificationKind.ESCALATED: "Case {reference} is overdue",
}


def case_link(case: Case) -> str:
    path = reverse("cases:inspect", args=[case.pk])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def staff_emails_queue(*, case: Case, users: list[Any], kind: str, cause: str) -> list[int]:
    """One outbox e-mail per active member of staff with an address, keyed
    `case:kind:cause:user` so that the same notification is never written twice.

    `users` are read in the caller's transaction (the service's lookups), so what they say of
    being active and of their address is read from them rather than asked again."""
    recipients = sorted({(user.pk, user.email) for user in users if user.is_active and user.email})
    kind = NotificationKind(kind)
    subject = SUBJECTS[kind].format(reference=case.reference)
    body = f"{subject}.\n\nOpen the case in the back office:\n{case_link(case)}\n"
    return emails_queue(
        [
            Email(
                idempotency_key=f"{case.pk}:{kind}:{cause}:{user_id}",
                recipient=address,
                subject=subject,
                body=body,
            )
            for user_id, address in recipients
        ]
    )

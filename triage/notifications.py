"""E-mail to staff. A message carries the case reference and a link, never personal data:
staff mailboxes are read on phones, forwarded and kept for years."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.urls import reverse

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


def staff_notify(*, case_id: str, user_ids: list[int], kind: str) -> int:
    case = Case.objects.only("pk", "reference").get(pk=case_id)
    addresses = sorted(
        set(
            get_user_model()
            .objects.filter(pk__in=user_ids, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    subject = SUBJECTS[NotificationKind(kind)].format(reference=case.reference)
    body = f"{subject}.\n\nOpen the case in the back office:\n{case_link(case)}\n"
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in addresses]
    return send_mass_mail(messages, fail_silently=False) if messages else 0

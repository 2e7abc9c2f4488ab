from celery import shared_task

from . import outbox


@shared_task(name="core.send_emails", ignore_result=True)
def send_emails(email_ids: list[int]) -> int:
    """Takes OutboundEmail ids, those one change wrote; sends each at most once
    (core/outbox.py)."""
    return outbox.emails_send(email_ids=email_ids)


@shared_task(name="core.send_email", ignore_result=True)
def send_email(email_id: int) -> bool:
    """Takes one OutboundEmail id; sends it at most once. Kept for tasks already queued by an
    earlier version, which handed each e-mail to the broker on its own."""
    return outbox.email_send(email_id=email_id)


@shared_task(name="core.relay_pending_email", ignore_result=True)
def relay_pending_email() -> int:
    return outbox.emails_relay_pending()

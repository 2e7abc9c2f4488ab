from celery import shared_task

from . import outbox


@shared_task(name="core.send_email", ignore_result=True)
def send_email(email_id: int) -> bool:
    """Takes an OutboundEmail id; sends it at most once (core/outbox.py)."""
    return outbox.email_send(email_id=email_id)


@shared_task(name="core.relay_pending_email", ignore_result=True)
def relay_pending_email() -> int:
    return outbox.emails_relay_pending()

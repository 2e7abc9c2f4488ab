from celery import shared_task

from . import services


@shared_task(name="intake.relay_pending_outbox", ignore_result=True)
def relay_pending_outbox() -> int:
    return services.outbox_relay_pending()


@shared_task(
    name="intake.send_acknowledgement",
    ignore_result=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_acknowledgement(message_id: int) -> bool:
    """Takes an outbox message id; sends at most once (the row is marked processed)."""
    return services.acknowledgement_send(message_id=message_id)


@shared_task(name="intake.clear_expired_sessions", ignore_result=True)
def clear_expired_sessions() -> None:
    services.expired_sessions_clear()

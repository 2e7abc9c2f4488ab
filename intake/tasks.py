from celery import shared_task

from . import evidence, services


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


@shared_task(name="intake.scan_evidence", ignore_result=True, acks_late=True)
def scan_evidence(file_id: str) -> str:
    """Takes an evidence file id; scans it once. A scanner that is down leaves the file
    waiting, and intake.rescan_pending_evidence queues it again: no retry loop here."""
    return evidence.evidence_scan(file_id=file_id)


@shared_task(name="intake.rescan_pending_evidence", ignore_result=True)
def rescan_pending_evidence() -> int:
    return evidence.evidence_rescan_pending()


@shared_task(name="intake.delete_abandoned_evidence", ignore_result=True)
def delete_abandoned_evidence() -> int:
    return evidence.evidence_delete_abandoned()

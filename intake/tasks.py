from celery import shared_task

from . import services


@shared_task(name="intake.relay_pending_outbox", ignore_result=True)
def relay_pending_outbox() -> int:
    return services.outbox_relay_pending()

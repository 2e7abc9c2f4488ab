from celery import shared_task

from intake.models import OutboxMessage

from . import retention
from .services import clocks, opening

RETRYING = {
    "ignore_result": True,
    "autoretry_for": (Exception,),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "max_retries": 10,
}


@shared_task(name="triage.route_submission", **RETRYING)
def route_submission(outbox_message_id: int) -> None:
    message = OutboxMessage.objects.filter(pk=outbox_message_id).only("submission_id").first()
    if message is None:
        return
    opening.case_open_for_submission(
        submission_id=str(message.submission_id), outbox_message_id=message.pk
    )


@shared_task(name="triage.attach_follow_up", **RETRYING)
def attach_follow_up(outbox_message_id: int) -> None:
    message = OutboxMessage.objects.filter(pk=outbox_message_id).only("follow_up_id").first()
    if message is None or message.follow_up_id is None:
        return
    opening.case_attach_follow_up(follow_up_id=message.follow_up_id, outbox_message_id=message.pk)


@shared_task(name="triage.remind_and_escalate", **RETRYING)
def remind_and_escalate() -> None:
    clocks.deadlines_remind_and_escalate()


@shared_task(name="triage.delete_expired_personal_data", **RETRYING)
def delete_expired_personal_data() -> None:
    retention.delete_expired_personal_data()

import pytest

from triage.models import Case
from triage.tasks import route_submission

pytestmark = pytest.mark.django_db


def test_a_message_that_no_longer_exists_is_ignored():
    route_submission(outbox_message_id=987654)
    assert not Case.objects.exists()


def test_the_e_mail_tasks_are_registered_and_the_relay_is_scheduled(settings):
    from celery import current_app

    assert "core.send_email" in current_app.tasks
    assert "core.relay_pending_email" in current_app.tasks
    assert "triage.notify_staff" not in current_app.tasks
    schedule = {
        entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }
    assert schedule["core.relay_pending_email"] == 60.0


def test_an_e_mail_that_no_longer_exists_is_ignored():
    from core.tasks import send_email

    assert send_email(987654) is False

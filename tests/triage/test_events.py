"""Staff e-mails go through the e-mail outbox: written with the change, sent once."""

from datetime import timedelta

import pytest
from celery import current_app
from django.utils import timezone

from core.models import OutboundEmail, OutboundEmailStatus
from core.outbox import emails_relay_pending
from core.tasks import send_email, send_emails
from tests.triage.conftest import submit
from triage import events
from triage.services import assignment
from triage.services.opening import case_open_for_submission

pytestmark = pytest.mark.django_db


def _open():
    return case_open_for_submission(submission_id=submit().pk)


def _broker_down(*args, **kwargs):
    raise ConnectionRefusedError("no broker")


def test_an_assignment_writes_one_email_per_recipient_with_the_change(
    demo, mailoutbox, django_capture_on_commit_callbacks
):
    case = _open()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assignment.case_assign(
            case_id=case.pk, acting_user=demo["triage"], assignee=demo["om.south"]
        )
    email = OutboundEmail.objects.get(recipient="om.south@example.invalid")
    assert email.status == OutboundEmailStatus.SENT and email.sent_at
    assert email.idempotency_key.startswith(f"{case.pk}:assigned:")
    assert email.idempotency_key.endswith(f":{demo['om.south'].pk}")
    assert [m.to for m in mailoutbox] == [["om.south@example.invalid"]]
    # A reference and a link, nothing else.
    assert case.reference in email.body and "/admin/triage/cases/inspect/" in email.body


def test_a_rolled_back_change_writes_and_sends_nothing(demo, mailoutbox):
    from django.db import transaction

    case = _open()
    before = OutboundEmail.objects.count()
    mailoutbox.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        assignment.case_assign(
            case_id=case.pk, acting_user=demo["triage"], assignee=demo["om.south"]
        )
        raise RuntimeError("the change fails after the service")
    assert OutboundEmail.objects.count() == before
    assert mailoutbox == []


def test_a_retried_or_repeated_send_never_sends_twice(
    demo, mailoutbox, django_capture_on_commit_callbacks
):
    case = _open()
    with django_capture_on_commit_callbacks(execute=True):
        assignment.case_assign(
            case_id=case.pk, acting_user=demo["triage"], assignee=demo["om.south"]
        )
    email = OutboundEmail.objects.get(recipient="om.south@example.invalid")
    mailoutbox.clear()
    assert send_email(email.pk) is False
    assert send_email(email.pk) is False
    assert mailoutbox == []


def test_one_change_s_emails_go_to_the_broker_as_one_task_and_each_is_sent_once(
    demo, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    from celery import current_app

    from triage.constants import NotificationKind

    published = []
    task = current_app.tasks["core.send_emails"]
    monkeypatch.setattr(task, "apply_async", lambda args, **kwargs: published.append(args))
    case = _open()
    with django_capture_on_commit_callbacks(execute=True):
        ids = events.notify_on_commit(
            case=case,
            users=[demo["om.south"], demo["om.north"], demo["sup.north"]],
            kind=NotificationKind.ASSIGNED,
            cause="batch",
        )
    assert published == [[ids]]
    mailoutbox.clear()
    assert send_emails(ids) == 3
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        f"{name}@example.invalid" for name in ("om.south", "om.north", "sup.north")
    )
    assert send_emails(ids) == 0  # a repeated or retried task
    assert len(mailoutbox) == 3


def test_a_mail_server_that_refuses_stops_the_batch_and_leaves_the_rest_pending(
    demo, monkeypatch, mailoutbox
):
    from core import outbox
    from triage.constants import NotificationKind

    case = _open()
    ids = events.notify_on_commit(
        case=case,
        users=[demo["om.south"], demo["om.north"]],
        kind=NotificationKind.ASSIGNED,
        cause="refused",
    )

    def refused(**kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(outbox, "send_mail", refused)
    assert send_emails(ids) == 0
    statuses = set(OutboundEmail.objects.filter(pk__in=ids).values_list("status", flat=True))
    assert statuses == {OutboundEmailStatus.PENDING}
    monkeypatch.undo()
    mailoutbox.clear()
    assert send_emails(ids) == 2  # the relay's next try sends them all


def test_the_same_notification_written_twice_is_one_email(demo):
    from triage import events
    from triage.constants import NotificationKind

    case = _open()
    first = events.notify_on_commit(
        case=case, users=[demo["om.south"]], kind=NotificationKind.ASSIGNED, cause="event-1"
    )
    again = events.notify_on_commit(
        case=case, users=[demo["om.south"]], kind=NotificationKind.ASSIGNED, cause="event-1"
    )
    assert len(first) == 1 and again == []
    assert OutboundEmail.objects.filter(idempotency_key__contains=":event-1:").count() == 1


def test_a_mail_server_that_refuses_leaves_the_email_pending_for_the_relay(
    demo, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    import core.outbox

    case = _open()

    def refuses(**kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr(core.outbox, "send_mail", refuses)
    with django_capture_on_commit_callbacks(execute=True):
        assignment.case_assign(
            case_id=case.pk, acting_user=demo["triage"], assignee=demo["om.south"]
        )
    email = OutboundEmail.objects.get(recipient="om.south@example.invalid")
    assert email.status == OutboundEmailStatus.PENDING
    monkeypatch.undo()
    mailoutbox.clear()
    OutboundEmail.objects.filter(pk=email.pk).update(
        last_attempt_at=timezone.now() - timedelta(minutes=2)
    )
    assert emails_relay_pending() == 1
    email.refresh_from_db()
    assert email.status == OutboundEmailStatus.SENT
    assert [m.to for m in mailoutbox] == [["om.south@example.invalid"]]


def test_the_relay_waits_a_minute_and_stops_at_a_broker_that_is_down(demo, monkeypatch):
    from triage import events
    from triage.constants import NotificationKind

    case = _open()
    ids = events.notify_on_commit(
        case=case,
        users=[demo["om.south"], demo["om.north"]],
        kind=NotificationKind.ASSIGNED,
        cause="relay",
    )
    assert len(ids) == 2
    assert emails_relay_pending() == 0  # just written: its own send is on its way
    OutboundEmail.objects.filter(pk__in=ids).update(
        last_attempt_at=timezone.now() - timedelta(minutes=2)
    )
    monkeypatch.setattr(current_app.tasks["core.send_emails"], "apply_async", _broker_down)
    assert emails_relay_pending() == 0
    attempts = sorted(OutboundEmail.objects.filter(pk__in=ids).values_list("attempts", flat=True))
    assert attempts == [2, 2]  # handed over together, tried once, then the relay stopped


def test_staff_who_have_left_or_have_no_address_get_no_email_and_the_rest_get_one_each(demo):
    from triage.constants import NotificationKind

    case = _open()
    left, no_address = demo["om.north"], demo["sup.north"]
    left.is_active = False
    left.save()
    no_address.email = ""
    no_address.save()
    ids = events.notify_on_commit(
        case=case,
        # The same person twice, as a team's member and its supervisor, is one e-mail.
        users=[demo["om.south"], left, no_address, demo["om.south"], None],
        kind=NotificationKind.ROUTED,
        cause="leavers",
    )
    emails = OutboundEmail.objects.filter(pk__in=ids)
    assert [email.recipient for email in emails] == ["om.south@example.invalid"]
    assert emails.get().idempotency_key == f"{case.pk}:routed:leavers:{demo['om.south'].pk}"


def test_a_batch_with_keys_already_written_returns_only_the_new_rows(demo):
    from core.outbox import Email, emails_queue

    def email(key):
        return Email(idempotency_key=key, recipient="a@example.invalid", subject="s", body="b")

    first = emails_queue([email("k1"), email("k2")])
    again = emails_queue([email("k2"), email("k3"), email("k1")])
    assert len(first) == 2 and len(again) == 1
    assert OutboundEmail.objects.get(pk=again[0]).idempotency_key == "k3"
    assert set(OutboundEmail.objects.values_list("status", "attempts")) == {
        (OutboundEmailStatus.PENDING, 1)
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_deliveries_of_the_same_email_at_once_send_it_once(monkeypatch, mailoutbox):
    """The row claimed by the first delivery stays locked while its mail is sent: the second
    waits for it, then finds it sent."""
    import threading
    import time

    from django.db import connection

    from core import outbox

    # Written as the outbox writes it, without its own delivery after the commit.
    email_id = OutboundEmail.objects.create(
        idempotency_key="once", recipient="a@example.invalid", subject="s", body="b"
    ).pk
    real_send_mail = outbox.send_mail

    def slow_mail_server(**kwargs):
        time.sleep(0.5)
        return real_send_mail(**kwargs)

    monkeypatch.setattr(outbox, "send_mail", slow_mail_server)
    outcomes = []

    def deliver():
        try:
            outcomes.append(outbox.email_send(email_id=email_id))
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
        time.sleep(0.1)
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [False, True]
    assert len(mailoutbox) == 1
    assert OutboundEmail.objects.get(pk=email_id).status == OutboundEmailStatus.SENT

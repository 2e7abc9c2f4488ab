import os

from celery import Celery
from celery.signals import task_postrun, task_prerun
from kombu import Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Work someone is waiting on (a report to open and route as a case, a follow-up to attach,
# evidence to scan, an applicant's acknowledgement) has the default queue. Staff e-mails and
# the periodic sweeps have a second queue, which a worker reads only while the first is empty
# (queue_order_strategy in the broker's options), so that the ten e-mails of a case routed to a
# team never hold up the next case. Under a backlog of cases the second queue waits: nothing in
# it is lost, and its e-mails and sweeps run as soon as the cases are through.
BACKGROUND_TASKS = frozenset(
    {
        "core.send_emails",
        "core.send_email",
        "core.relay_pending_email",
        "triage.remind_and_escalate",
        "triage.delete_expired_personal_data",
        "intake.clear_expired_sessions",
        "intake.rescan_pending_evidence",
        "intake.delete_abandoned_evidence",
    }
)


def background_queue(default_queue: str) -> str:
    return f"{default_queue}.background"


def task_route(name, args, kwargs, options, task=None, **extra):
    """Celery's router (CELERY_TASK_ROUTES): background tasks to the second queue. It follows
    the default queue as it is when the task is sent, so a worker given its own queue (the
    tests' do) gets that queue's background twin too."""
    if name in BACKGROUND_TASKS:
        return {"queue": background_queue(app.conf.task_default_queue)}
    return None


# A worker started without --queues reads both, the default one first.
app.conf.task_queues = (
    Queue(app.conf.task_default_queue),
    Queue(background_queue(app.conf.task_default_queue)),
)
# The web server answers on several threads; each must find this app, not Celery's default.
app.set_default()


# Celery closes the database connection before and after every task, so each task paid for a
# new connection (TCP, authentication, backend start-up): a tenth of opening a case. Instead,
# as Django does around each request, a connection is kept for DATABASE_CONN_MAX_AGE and
# dropped when it has failed; CELERY_DB_REUSE_MAX in the settings stops Celery's own closing.
@task_prerun.connect
@task_postrun.connect
def _database_connections_recycle(task=None, **kwargs) -> None:
    # A task run in-process (no broker, or in tests) shares its caller's connection and
    # transaction: leave that alone, as Celery does.
    if task is None or getattr(task.request, "is_eager", False):
        return
    from django.db import close_old_connections

    close_old_connections()

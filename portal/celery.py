import os

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
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

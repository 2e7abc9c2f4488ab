from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self) -> None:
        from .celery import app

        # Register every app's tasks in every process, not only in workers: outbox rows name
        # their task, and with tasks running in-process the web server must find it.
        app.autodiscover_tasks(force=True)

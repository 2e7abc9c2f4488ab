from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Guidance site"

    def ready(self) -> None:
        from .signals import page_cache_receivers_connect

        page_cache_receivers_connect()

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Guidance site"

    def ready(self) -> None:
        from .signals import page_cache_receivers_connect

        page_cache_receivers_connect()
        post_migrate.connect(welsh_tree_after_migrate, sender=self)


def welsh_tree_after_migrate(**kwargs) -> None:
    """After every `migrate`, give English pages without a Welsh version their Welsh alias
    (cms/migrations/0003_welsh_locale.py says why not in the migration itself). Nothing to
    do, in one query, before the site has a home page (a new database, the test database)."""
    from .models import HomePage
    from .services import welsh_tree_synchronise

    if HomePage.objects.exists():
        welsh_tree_synchronise()

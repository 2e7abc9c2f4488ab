from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Guidance site"

    def ready(self) -> None:
        from .signals import page_cache_receivers_connect

        page_cache_receivers_connect()
        post_migrate.connect(welsh_tree_after_migrate, sender=self)
        _locale_synchronisation_receiver_replace()


def _locale_synchronisation_receiver_replace() -> None:
    """wagtail-localize syncs the page trees whenever a locale synchronisation is saved, raw
    saves included; `loaddata` and a test database restored between tests write that row
    before the locales it points to, and the sync then fails on a locale that is not there
    yet. A raw save is a restore: the trees it restores are already in step, and
    `welsh_tree_after_migrate` catches up after every `migrate`."""
    from wagtail_localize.models import LocaleSynchronization, sync_trees_on_locale_sync_save

    post_save.disconnect(sync_trees_on_locale_sync_save, sender=LocaleSynchronization)
    post_save.connect(
        locale_synchronisation_saved,
        sender=LocaleSynchronization,
        dispatch_uid="cms.locale_synchronisation_saved",
    )


def locale_synchronisation_saved(instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        instance.sync_trees()


def welsh_tree_after_migrate(**kwargs) -> None:
    """After every `migrate`, give English pages without a Welsh version their Welsh alias
    (cms/migrations/0003_welsh_locale.py says why not in the migration itself). Nothing to
    do, in one query, before the site has a home page (a new database, the test database)."""
    from .models import HomePage
    from .services import welsh_tree_synchronise

    if HomePage.objects.exists():
        welsh_tree_synchronise()

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.management.base import BaseCommand
from django.db import transaction

from core.encryption import EncryptedJSONField, EncryptedTextField

BATCH_SIZE = 500


class Command(BaseCommand):
    help = (
        "Re-encrypts every encrypted field under the first key in FIELD_ENCRYPTION_KEYS. "
        "Sessions (encrypted with the same keys) are re-encrypted too and their cached copies "
        "dropped. Evidence files keep their content as it is: each file's own key (an "
        "encrypted field, EvidenceFile.data_key) is what is wrapped again. Run after putting "
        "a new key first; then the old key can be removed."
    )

    def handle(self, *args, **options):
        for model in apps.get_models():
            fields = [
                field.name
                for field in model._meta.concrete_fields
                if isinstance(field, EncryptedTextField | EncryptedJSONField)
            ]
            if not fields:
                continue
            rotated = 0
            pks = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(pks), BATCH_SIZE):
                batch = pks[start : start + BATCH_SIZE]
                with transaction.atomic():
                    rows = model._default_manager.filter(pk__in=batch).values("pk", *fields)
                    for row in rows:
                        pk = row.pop("pk")
                        model._default_manager.filter(pk=pk).update(**row)
                        rotated += 1
            self.stdout.write(f"{model._meta.label}: {rotated} rows re-encrypted")

        self.stdout.write(f"sessions: {self.rotate_sessions()} re-encrypted")

    def rotate_sessions(self) -> int:
        """Re-encrypt each session row under the newest key; drop its copy in the cache, which
        is written again, encrypted under the newest key, on the visitor's next request."""
        store_class = import_module(settings.SESSION_ENGINE).SessionStore
        if not issubclass(
            store_class, import_module("django.contrib.sessions.backends.db").SessionStore
        ):
            return 0  # sessions not kept in the database: nothing stored to re-encrypt
        store = store_class()
        rotated = 0
        keys = list(Session.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(keys), BATCH_SIZE):
            batch = keys[start : start + BATCH_SIZE]
            with transaction.atomic():
                for row in Session.objects.select_for_update().filter(pk__in=batch):
                    data = store.decode(row.session_data)
                    Session.objects.filter(pk=row.pk).update(session_data=store.encode(data))
                    rotated += 1
            prefix = getattr(store_class, "cache_key_prefix", None)
            if prefix:
                caches[settings.SESSION_CACHE_ALIAS].delete_many([prefix + key for key in batch])
        return rotated

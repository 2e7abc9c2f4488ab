from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from core.encryption import EncryptedJSONField, EncryptedTextField

BATCH_SIZE = 500


class Command(BaseCommand):
    help = (
        "Re-encrypts every encrypted field under the first key in FIELD_ENCRYPTION_KEYS. "
        "Run after putting a new key first; then the old key can be removed."
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

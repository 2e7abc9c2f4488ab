"""The Welsh locale, and its tree kept in step with the English one (wagtail-localize's "sync
content from another locale"): every English page gets a Welsh alias, which editors
translate in the admin.

Only the settings are written here. The aliases themselves are made with the page models
as they are after every migration (cms/apps.py, after `migrate`; and by the starter content),
since tree operations on the historical models of this point in time could not follow page
fields added later.
"""

from django.conf import settings
from django.db import migrations

WELSH = "cy"


def welsh_locale_ensure(apps, schema_editor):
    locale_model = apps.get_model("wagtailcore", "Locale")
    synchronization_model = apps.get_model("wagtail_localize", "LocaleSynchronization")
    english, _ = locale_model.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    welsh, _ = locale_model.objects.get_or_create(language_code=WELSH)
    synchronization_model.objects.get_or_create(locale=welsh, defaults={"sync_from": english})


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_guidance_pages"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(welsh_locale_ensure, migrations.RunPython.noop)]

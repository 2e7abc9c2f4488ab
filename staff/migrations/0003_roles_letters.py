"""Supervisors keep the letter templates: the roles' groups again, now that they exist."""

from django.db import migrations


def roles_ensure(apps, schema_editor):
    from staff.roles import groups_ensure

    groups_ensure(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("staff", "0002_roles"),
        ("triage", "0009_starter_letters_and_decisions"),
    ]

    operations = [migrations.RunPython(roles_ensure, migrations.RunPython.noop)]

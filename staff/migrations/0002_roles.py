"""Each role's group and its permissions, so that `migrate` alone gives a working force."""

from django.db import migrations


def roles_ensure(apps, schema_editor):
    from staff.roles import groups_ensure

    groups_ensure(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("staff", "0001_staff_from_triage"),
        ("triage", "0007_staff_moves_out"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(roles_ensure, migrations.RunPython.noop)]

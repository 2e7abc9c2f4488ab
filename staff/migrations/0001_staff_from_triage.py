"""Units, teams and staff profiles move from triage to staff: the same tables, now named in
this app's state. Existing content types (and so permissions and log entries) follow."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def content_types_follow(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(
        app_label="triage", model__in=["unit", "team", "staffprofile"]
    ).update(app_label="staff")


def content_types_return(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(
        app_label="staff", model__in=["unit", "team", "staffprofile"]
    ).update(app_label="triage")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("triage", "0006_case_search"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Unit",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=100, unique=True)),
                    ],
                    options={"db_table": "triage_unit", "ordering": ["name"]},
                ),
                migrations.CreateModel(
                    name="Team",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=100, unique=True)),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("management", "Offender management team"),
                                    ("disclosure_desk", "Disclosure desk"),
                                ],
                                default="management",
                                max_length=20,
                            ),
                        ),
                        (
                            "email",
                            models.EmailField(
                                blank=True,
                                help_text="A shared inbox for notifications, if any.",
                                max_length=254,
                            ),
                        ),
                        (
                            "unit",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="teams",
                                to="staff.unit",
                            ),
                        ),
                    ],
                    options={"db_table": "triage_team", "ordering": ["unit__name", "name"]},
                ),
                migrations.CreateModel(
                    name="StaffProfile",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "role",
                            models.CharField(
                                choices=[
                                    ("triage_officer", "Triage officer"),
                                    ("offender_manager", "Offender manager"),
                                    ("supervisor", "Supervisor"),
                                    ("disclosure_officer", "Disclosure officer"),
                                ],
                                max_length=20,
                            ),
                        ),
                        (
                            "on_duty",
                            models.BooleanField(
                                default=False,
                                help_text="Duty supervisors are alerted to urgent cases at once.",
                            ),
                        ),
                        (
                            "team",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="staff",
                                to="staff.team",
                            ),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="staff_profile",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={"db_table": "triage_staffprofile", "ordering": ["user__username"]},
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_follow, content_types_return),
    ]

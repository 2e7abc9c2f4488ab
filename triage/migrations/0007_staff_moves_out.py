"""Units, teams and staff profiles now belong to the staff app (same tables): triage's
references point there, and triage forgets the models. Nothing changes in the database."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("triage", "0006_case_search"),
        ("staff", "0001_staff_from_triage"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="area",
                    name="team",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="areas",
                        to="staff.team",
                    ),
                ),
                migrations.AlterField(
                    model_name="area",
                    name="disclosure_desk",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="Left blank: the disclosure desk of the team's unit.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="disclosure_areas",
                        to="staff.team",
                    ),
                ),
                migrations.AlterField(
                    model_name="case",
                    name="team",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cases",
                        to="staff.team",
                    ),
                ),
                migrations.AlterField(
                    model_name="routingrule",
                    name="team",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="Only for a rule that routes to a named team.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="staff.team",
                    ),
                ),
                migrations.DeleteModel(name="StaffProfile"),
                migrations.DeleteModel(name="Team"),
                migrations.DeleteModel(name="Unit"),
            ],
            database_operations=[],
        ),
    ]

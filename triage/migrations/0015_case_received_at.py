import django.db.models.functions.datetime
import django.utils.timezone
from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce


def received_at_fill(apps, schema_editor):
    """Every case so far: received when its submission was sent, or when the police opened
    it (a Right to Know case). One UPDATE, however many cases."""
    Case = apps.get_model("triage", "Case")
    Submission = apps.get_model("intake", "Submission")
    sent = Submission.objects.filter(pk=OuterRef("submission_id")).values("submitted_at")[:1]
    Case.objects.update(received_at=Coalesce(Subquery(sent), F("opened_at")))


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0004_send_key_hash_database_default"),
        ("triage", "0014_evidence_events"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="received_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(received_at_fill, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="case",
            name="received_at",
            field=models.DateTimeField(
                db_default=django.db.models.functions.datetime.Now(),
                default=django.utils.timezone.now,
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["scheme", "received_at"], name="case_scheme_received_idx"),
        ),
    ]

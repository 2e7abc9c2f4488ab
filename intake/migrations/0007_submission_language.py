from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0006_evidence_cleaned_by_the_worker"),
    ]

    operations = [
        migrations.AddField(
            model_name="submission",
            name="language",
            field=models.CharField(
                choices=[("en", "English"), ("cy", "Welsh")],
                db_default="en",
                default="en",
                max_length=2,
            ),
        ),
    ]

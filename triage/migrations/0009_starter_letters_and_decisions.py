"""Starter letter templates in plain words (published, each with its first revision), the
supervisors' permission to keep them, and the decision column for decisions recorded before
it existed."""

from django.db import migrations
from django.utils import timezone

STARTER_LETTERS = {
    "acknowledgement": (
        "Your message to us",
        "Dear {applicant_name}\n\n"
        "Thank you for contacting {force_name}. We have received your application and our "
        "{unit_name} is looking at it.\n\n"
        "Your reference is {reference}. Please give it if you contact us.\n\n"
        "We will contact you only in the ways you told us are safe. If that changes, or it is "
        "no longer safe to contact you in one of those ways, please call {non_emergency_number} "
        "and give your reference.\n\n"
        "If you or anyone else is in immediate danger, call 999.\n\n"
        "Yours sincerely\n\n{officer_name}\n{unit_name}, {force_name}\n{today}",
    ),
    "invitation": (
        "Invitation to a meeting",
        "Dear {applicant_name}\n\n"
        "We would like to meet you to talk about your application (reference {reference}).\n\n"
        "When: {meeting_date}\nWhere: {meeting_place}\n\n"
        "Please bring two documents that show who you are: one with your photograph, such as "
        "a passport or driving licence, and one with your address, such as a recent bill.\n\n"
        "If this time does not suit you, or you would like an interpreter or someone with you, "
        "please call {non_emergency_number} and give your reference.\n\n"
        "If you or anyone else is in immediate danger, call 999.\n\n"
        "Yours sincerely\n\n{officer_name}\n{unit_name}, {force_name}\n{today}",
    ),
    "no_disclosure": (
        "Your application",
        "Dear {applicant_name}\n\n"
        "We have carefully considered your application (reference {reference}) with our "
        "partner agencies. We have decided that we will not share any information with you.\n\n"
        "This does not mean there is nothing to worry about. If you are worried about your "
        "safety or someone else's, please talk to us on {non_emergency_number}. Support "
        "services can help too, whatever our decision, and we can put you in touch with "
        "them.\n\n"
        "If you or anyone else is in immediate danger, call 999.\n\n"
        "Yours sincerely\n\n{officer_name}\n{unit_name}, {force_name}\n{today}",
    ),
    "closure": (
        "Your application is closed",
        "Dear {applicant_name}\n\n"
        "Your application (reference {reference}) is now closed. Thank you for contacting "
        "{force_name}.\n\n"
        "If anything changes, or you are worried about someone's safety, please call "
        "{non_emergency_number} and give your reference, or make a new application.\n\n"
        "If you or anyone else is in immediate danger, call 999.\n\n"
        "Yours sincerely\n\n{officer_name}\n{unit_name}, {force_name}\n{today}",
    ),
}



def starter_letters(apps, schema_editor):
    template_model = apps.get_model("triage", "LetterTemplate")
    revision_model = apps.get_model("wagtailcore", "Revision")
    content_type_model = apps.get_model("contenttypes", "ContentType")
    content_type, _ = content_type_model.objects.get_or_create(
        app_label="triage", model="lettertemplate"
    )
    now = timezone.now()
    for kind, (subject, body) in STARTER_LETTERS.items():
        if template_model.objects.filter(kind=kind).exists():
            continue
        template = template_model.objects.create(
            kind=kind,
            subject=subject,
            body=body,
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
        )
        revision = revision_model.objects.create(
            content_type=content_type,
            base_content_type=content_type,
            object_id=str(template.pk),
            created_at=now,
            approved_go_live_at=None,
            object_str=f"{kind.replace('_', ' ').capitalize()} letter",
            content={
                "pk": template.pk,
                "kind": kind,
                "subject": subject,
                "body": body,
                "live": True,
                "has_unpublished_changes": False,
            },
        )
        template_model.objects.filter(pk=template.pk).update(
            live_revision=revision, latest_revision=revision
        )


def decisions_as_codes(apps, schema_editor):
    case_model = apps.get_model("triage", "Case")
    case_model.objects.filter(decision_disclose=True, decision="").update(decision="disclose")
    case_model.objects.filter(decision_disclose=False, decision="").update(
        decision="no_disclosure"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("triage", "0008_disclosure_record_and_letters"),
        ("staff", "0002_roles"),
        ("wagtailcore", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(starter_letters, migrations.RunPython.noop),
        migrations.RunPython(decisions_as_codes, migrations.RunPython.noop),
    ]

"""Letter templates in Welsh as well as English, for requests sent in Welsh; each letter
records the language it was written in. The starter templates get their Welsh wording where
none is written yet (docs/welsh.md lists it for review), in the row and in its published and
latest revisions, so the admin's editor shows it too."""

from django.db import migrations, models

SIGN_OFF = "Yn gywir\n\n{officer_name}\n{unit_name}, {force_name}\n{today}"
DANGER = "Os ydych chi neu unrhyw un arall mewn perygl uniongyrchol, ffoniwch 999.\n\n"

WELSH_LETTERS = {
    "acknowledgement": (
        "Eich neges atom",
        "Annwyl {applicant_name}\n\n"
        "Diolch am gysylltu â {force_name}. Rydyn ni wedi cael eich cais ac mae ein "
        "{unit_name} yn ei ystyried.\n\n"
        "Eich cyfeirnod yw {reference}. Rhowch hwn os byddwch yn cysylltu â ni.\n\n"
        "Byddwn yn cysylltu â chi dim ond yn y ffyrdd y dywedoch wrthym eu bod yn ddiogel. Os "
        "bydd hynny\u2019n newid, neu os nad yw\u2019n ddiogel cysylltu â chi yn un o\u2019r "
        "ffyrdd hynny mwyach, ffoniwch {non_emergency_number} a rhowch eich cyfeirnod.\n\n"
        + DANGER
        + SIGN_OFF,
    ),
    "invitation": (
        "Gwahoddiad i gyfarfod",
        "Annwyl {applicant_name}\n\n"
        "Hoffem gwrdd â chi i siarad am eich cais (cyfeirnod {reference}).\n\n"
        "Pryd: {meeting_date}\nBle: {meeting_place}\n\n"
        "Dewch â dwy ddogfen sy\u2019n dangos pwy ydych chi: un â\u2019ch llun arni, fel "
        "pasbort neu drwydded yrru, ac un â\u2019ch cyfeiriad arni, fel bil diweddar.\n\n"
        "Os nad yw\u2019r amser hwn yn gyfleus, neu os hoffech gael cyfieithydd neu rywun "
        "gyda chi, ffoniwch {non_emergency_number} a rhowch eich cyfeirnod.\n\n"
        + DANGER
        + SIGN_OFF,
    ),
    "no_disclosure": (
        "Eich cais",
        "Annwyl {applicant_name}\n\n"
        "Rydyn ni wedi ystyried eich cais (cyfeirnod {reference}) yn ofalus gyda\u2019n "
        "hasiantaethau partner. Rydyn ni wedi penderfynu na fyddwn yn rhannu unrhyw wybodaeth "
        "â chi.\n\n"
        "Nid yw hyn yn golygu nad oes dim i boeni amdano. Os ydych chi\u2019n poeni am eich "
        "diogelwch chi neu ddiogelwch rhywun arall, siaradwch â ni ar {non_emergency_number}. "
        "Gall gwasanaethau cymorth helpu hefyd, beth bynnag yw ein penderfyniad, a gallwn "
        "eich rhoi mewn cysylltiad â nhw.\n\n"
        + DANGER
        + SIGN_OFF,
    ),
    "closure": (
        "Mae eich cais wedi\u2019i gau",
        "Annwyl {applicant_name}\n\n"
        "Mae eich cais (cyfeirnod {reference}) bellach wedi\u2019i gau. Diolch am gysylltu â "
        "{force_name}.\n\n"
        "Os bydd unrhyw beth yn newid, neu os ydych chi\u2019n poeni am ddiogelwch rhywun, "
        "ffoniwch {non_emergency_number} a rhowch eich cyfeirnod, neu gwnewch gais newydd.\n\n"
        + DANGER
        + SIGN_OFF,
    ),
}


def welsh_letters(apps, schema_editor):
    template_model = apps.get_model("triage", "LetterTemplate")
    revision_model = apps.get_model("wagtailcore", "Revision")
    for template in template_model.objects.filter(welsh_subject="", welsh_body=""):
        if template.kind not in WELSH_LETTERS:
            continue
        subject, body = WELSH_LETTERS[template.kind]
        template.welsh_subject, template.welsh_body = subject, body
        template.save(update_fields=["welsh_subject", "welsh_body"])
        revision_ids = {template.live_revision_id, template.latest_revision_id} - {None}
        for revision in revision_model.objects.filter(pk__in=revision_ids):
            revision.content = {**revision.content, "welsh_subject": subject, "welsh_body": body}
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):

    dependencies = [
        ('triage', '0017_dashboard_covering_indexes'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.AddField(
            model_name='caseletter',
            name='language',
            field=models.CharField(choices=[('en', 'English'), ('cy', 'Welsh')], db_default='en', default='en', max_length=2),
        ),
        migrations.AddField(
            model_name='lettertemplate',
            name='welsh_body',
            field=models.TextField(blank=True, help_text='The same placeholders as the English, which stay in English: {reference}.', verbose_name='Body in Welsh'),
        ),
        migrations.AddField(
            model_name='lettertemplate',
            name='welsh_subject',
            field=models.CharField(blank=True, max_length=200, verbose_name='Subject in Welsh'),
        ),
        migrations.RunPython(welsh_letters, migrations.RunPython.noop),
    ]

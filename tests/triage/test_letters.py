"""Letters: each kind rendered as tagged PDF and as e-mail, the channel rules, nothing
disclosed in an e-mail, and templates refused with an unknown placeholder."""

import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from intake.constants import Scheme
from tests.triage.conftest import submit, summary
from triage.constants import EventKind, LetterChannel, LetterKind
from triage.models import CaseLetter, LetterTemplate
from triage.services import disclosure, letters, lifecycle
from triage.services.opening import case_open_for_submission

pytestmark = pytest.mark.django_db

WORDS = "He was convicted in 2019 of assaulting a former partner."


def _answers(*, email_safe: bool, role: str = "person_at_risk") -> dict:
    answers = summary(place_postcode="NR1 1AA")
    answers["applicant"] = {"role": role, "name": "Jane Jones"}
    answers["contact"] = {
        "anonymous": False,
        "name": "Jane Jones",
        "safe_channels": ["phone", "email"] if email_safe else ["phone"],
        "phone": "07700 900456",
        "email": "jane@example.org" if email_safe else None,
    }
    return answers


def _case(demo, *, email_safe=True, role="person_at_risk", scheme=Scheme.CLARES_LAW, language="en"):
    submission = submit(
        scheme=scheme, answers=_answers(email_safe=email_safe, role=role), language=language
    )
    return case_open_for_submission(submission_id=submission.pk), demo["disclosure"]


def _to_decision(case, officer, decision, reason=""):
    lifecycle.case_triage(case_id=case.pk, acting_user=officer)
    lifecycle.case_start_checks(case_id=case.pk, acting_user=officer)
    lifecycle.case_record_contact(
        case_id=case.pk, acting_user=officer, identity_checked=True, method="in_person"
    )
    lifecycle.case_refer_to_forum(
        case_id=case.pk,
        acting_user=officer,
        forum="marac",
        forum_reference="MARAC-1",
        forum_date=timezone.localdate(),
    )
    lifecycle.case_record_decision(
        case_id=case.pk, acting_user=officer, decision=decision, no_disclosure_reason=reason
    )


def _pdf(client, case, letter) -> PdfReader:
    response = client.get(f"/admin/triage/cases/letter/{case.pk}/{letter.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def _text(reader: PdfReader) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _produce(case, officer, kind, **kwargs):
    return letters.case_produce_letter(case_id=case.pk, acting_user=officer, kind=kind, **kwargs)


@pytest.mark.parametrize(
    "kind, expected",
    [
        (LetterKind.ACKNOWLEDGEMENT, "Your reference is"),
        (LetterKind.INVITATION, "When: Tuesday 10 March at 2pm"),
        (LetterKind.NO_DISCLOSURE, "we will not share any information"),
        (LetterKind.CLOSURE, "is now closed"),
    ],
)
def test_each_letter_is_a_tagged_pdf_with_a_title_and_a_language(client, demo, kind, expected):
    case, officer = _case(demo, email_safe=False)
    if kind == LetterKind.NO_DISCLOSURE:
        _to_decision(case, officer, "no_disclosure", "nothing_to_disclose")
    letter = _produce(
        case,
        officer,
        kind,
        meeting_date="Tuesday 10 March at 2pm",
        meeting_place="Bethel Street police station",
    )
    assert letter.channel == LetterChannel.IN_PERSON
    client.force_login(officer)
    reader = _pdf(client, case, letter)
    text = _text(reader)
    assert expected in text
    assert "Jane Jones" in text and case.reference in text and "Example Police" in text
    assert "{" not in text
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title.endswith(f"({case.reference})")
    kinds = list(case.events.values_list("kind", flat=True))
    assert EventKind.LETTER_PRODUCED in kinds and EventKind.LETTER_DOWNLOADED in kinds


def test_a_letter_is_emailed_only_to_an_address_marked_safe(demo):
    safe, officer = _case(demo, email_safe=True)
    letter = _produce(safe, officer, LetterKind.ACKNOWLEDGEMENT)
    assert letter.channel == LetterChannel.EMAIL
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["jane@example.org"]
    assert "Jane Jones" in mail.outbox[0].body and mail.outbox[0].subject == "Your message to us"
    unsafe, _ = _case(demo, email_safe=False)
    letter = _produce(unsafe, officer, LetterKind.ACKNOWLEDGEMENT)
    assert letter.channel == LetterChannel.IN_PERSON and len(mail.outbox) == 1
    printed = _produce(safe, officer, LetterKind.CLOSURE, print_only=True)
    assert printed.channel == LetterChannel.IN_PERSON and len(mail.outbox) == 1
    event = unsafe.events.get(kind=EventKind.LETTER_PRODUCED)
    assert event.detail["channel"] == "in_person" and "Jane" not in str(event.detail)


def test_the_letter_text_is_kept_encrypted(demo):
    case, officer = _case(demo, email_safe=False)
    letter = _produce(case, officer, LetterKind.ACKNOWLEDGEMENT)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM triage_caseletter WHERE id = %s", [letter.pk])
        assert "Jane" not in cursor.fetchone()[0]
    assert "Jane Jones" in CaseLetter.objects.get(pk=letter.pk).text


def test_retention_deletes_what_a_letter_said_and_keeps_that_it_was_sent(demo):
    from datetime import timedelta

    from triage.models import Case
    from triage.retention import case_delete_personal_data

    case, officer = _case(demo, email_safe=False)
    letter = _produce(case, officer, LetterKind.ACKNOWLEDGEMENT)
    lifecycle.case_close(case_id=case.pk, acting_user=officer, outcome="withdrawn")
    Case.objects.filter(pk=case.pk).update(retain_until=timezone.now() - timedelta(days=1))
    assert case_delete_personal_data(case_id=str(case.pk))
    letter.refresh_from_db()
    assert (letter.text, letter.subject) == ("", "")
    assert letter.kind == LetterKind.ACKNOWLEDGEMENT


def test_no_disclosure_content_ever_goes_by_email(demo):
    case, officer = _case(demo, email_safe=True)
    _to_decision(case, officer, "disclose")
    disclosure.case_record_disclosure(
        case_id=case.pk,
        acting_user=officer,
        recipient="person_at_risk",
        recipient_name="Jane Jones",
        method="in_person",
        words=WORDS,
    )
    # No placeholder carries the words; a template that copies them in is caught too.
    template = LetterTemplate.objects.get(kind=LetterKind.CLOSURE)
    template.body += "\n\n" + WORDS
    template.save()
    with pytest.raises(ValidationError, match="never sent by e-mail"):
        _produce(case, officer, LetterKind.CLOSURE)
    assert mail.outbox == [] and not CaseLetter.objects.filter(case=case).exists()
    letter = _produce(case, officer, LetterKind.ACKNOWLEDGEMENT)
    assert letter.channel == LetterChannel.EMAIL and "convicted" not in mail.outbox[0].body


def test_letters_that_do_not_fit_the_case_are_refused(demo):
    case, officer = _case(demo, email_safe=False)
    with pytest.raises(ValidationError, match="follows a decision not to disclose"):
        _produce(case, officer, LetterKind.NO_DISCLOSURE)
    with pytest.raises(ValidationError, match="when and where"):
        _produce(case, officer, LetterKind.INVITATION)
    third, _ = _case(demo, email_safe=False, role="third_party")
    _to_decision(third, officer, "no_disclosure", "nothing_to_disclose")
    with pytest.raises(ValidationError, match="not told whether"):
        _produce(third, officer, LetterKind.NO_DISCLOSURE)
    anonymous = case_open_for_submission(submission_id=submit(is_anonymous=True).pk)
    with pytest.raises(ValidationError, match="nobody named"):
        _produce(anonymous, officer, LetterKind.ACKNOWLEDGEMENT)


def test_a_template_with_an_unknown_placeholder_is_refused_naming_it():
    template = LetterTemplate.objects.get(kind=LetterKind.ACKNOWLEDGEMENT)
    template.body = "Dear {aplicant_name}, see you on {meeting_date}."
    with pytest.raises(ValidationError) as refused:
        template.full_clean()
    message = " ".join(refused.value.message_dict["body"])
    assert "{aplicant_name}" in message and "{meeting_date}" in message
    template.body = "Dear {applicant_name} {"
    with pytest.raises(ValidationError, match="without its pair"):
        template.full_clean()
    invitation = LetterTemplate.objects.get(kind=LetterKind.INVITATION)
    invitation.body = "On {meeting_date} at {meeting_place}, {applicant_name}."
    invitation.full_clean()


def test_supervisors_keep_templates_in_the_admin_and_an_unknown_placeholder_is_refused(
    client, demo
):
    template = LetterTemplate.objects.get(kind=LetterKind.CLOSURE)
    client.force_login(demo["sup.north"])
    url = f"/admin/snippets/triage/lettertemplate/edit/{template.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"kind": "closure", "subject": "Closed", "body": "Dear {name_of_person}"}
    )
    assert response.status_code == 200
    assert "{name_of_person}" in response.content.decode()
    template.refresh_from_db()
    assert "{name_of_person}" not in template.body
    response = client.post(
        url,
        {
            "kind": "closure",
            "subject": "Closed",
            "body": "Dear {applicant_name}, it is closed.",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.body == "Dear {applicant_name}, it is closed." and template.live
    client.force_login(demo["disclosure"])
    assert client.get(url).status_code in (302, 403)


def test_a_template_preview_shows_example_details(client, demo):
    template = LetterTemplate.objects.get(kind=LetterKind.INVITATION)
    request = client.get("/").wsgi_request
    response = template.serve_preview(request, template.default_preview_mode)
    html = response.render().content.decode()
    assert "Sam Example" in html and 'lang="en-GB"' in html and "<title>" in html


def test_a_letter_of_another_case_or_of_a_case_not_seen_is_refused(client, demo):
    case, officer = _case(demo, email_safe=False)
    letter = _produce(case, officer, LetterKind.ACKNOWLEDGEMENT)
    other, _ = _case(demo, email_safe=False)
    client.force_login(officer)
    assert client.get(f"/admin/triage/cases/letter/{other.pk}/{letter.pk}/").status_code == 404
    client.force_login(demo["om.south"])
    response = client.get(f"/admin/triage/cases/letter/{case.pk}/{letter.pk}/")
    assert response.status_code == 403
    refused = case.events.filter(kind=EventKind.ACCESS_REFUSED).last()
    assert refused.detail == {"action": "download_letter"}


# --- In the language the request was sent in ---------------------------------------------------


def test_a_letter_for_a_request_sent_in_welsh_is_written_from_the_welsh_template(client, demo):
    case, officer = _case(demo, email_safe=True, language="cy")

    letter = _produce(case, officer, LetterKind.ACKNOWLEDGEMENT)

    assert letter.language == "cy" and letter.staff_note == ""
    assert mail.outbox[0].subject == "Eich neges atom"
    body = mail.outbox[0].body
    assert body.startswith("Annwyl Jane Jones") and "Eich cyfeirnod yw " + case.reference in body
    assert "Thank you" not in body and "{" not in body
    # The date in Welsh too: a Welsh month name, never an English one.
    assert any(month in body for month in ("Ionawr", "Chwefror", "Mawrth", "Rhagfyr", "Tachwedd"))
    event = case.events.get(kind=EventKind.LETTER_PRODUCED)
    assert event.detail["language"] == "cy"
    client.force_login(officer)
    reader = _pdf(client, case, letter)
    assert reader.trailer["/Root"]["/Lang"] == "cy"
    assert "Ein cyfeirnod" in _text(reader)


def test_without_a_welsh_template_the_letter_is_in_english_and_staff_are_told(demo):
    LetterTemplate.objects.filter(kind=LetterKind.CLOSURE).update(welsh_subject="", welsh_body="")
    case, officer = _case(demo, email_safe=False, language="cy")

    letter = _produce(case, officer, LetterKind.CLOSURE)

    assert letter.language == "en"
    assert letter.subject == "Your application is closed"
    assert "sent in Welsh" in letter.staff_note
    english_case, _ = _case(demo, email_safe=False)
    assert _produce(english_case, officer, LetterKind.CLOSURE).staff_note == ""


def test_a_request_sent_in_english_gets_the_english_letter_whatever_the_template_has(demo):
    case, officer = _case(demo, email_safe=True)
    letter = _produce(case, officer, LetterKind.ACKNOWLEDGEMENT)
    assert letter.language == "en" and mail.outbox[0].subject == "Your message to us"


def test_the_welsh_of_a_template_is_checked_like_the_english():
    template = LetterTemplate(
        kind=LetterKind.CLOSURE,
        subject="Closed",
        body="Dear {applicant_name}",
        welsh_subject="Ar gau",
        welsh_body="Annwyl {enw}",
    )
    with pytest.raises(ValidationError) as raised:
        template.full_clean()
    assert "{enw}" in str(raised.value.message_dict["welsh_body"])
    template.welsh_body, template.welsh_subject = "Annwyl {applicant_name}", ""
    with pytest.raises(ValidationError) as raised:
        template.full_clean()
    assert "welsh_subject" in raised.value.message_dict

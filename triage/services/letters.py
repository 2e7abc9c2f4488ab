"""Letters to the person: produced from the published template of their kind, kept with the
case (CaseLetter, text encrypted), and sent by e-mail only where the person marked e-mail
safe; otherwise printed to hand over in person, and the case says so.

A request sent in Welsh gets its letter from the template's Welsh wording; where the template
has none yet, in English, and the letter carries a note saying so for staff (staff_note).

What was disclosed never goes into a letter: no placeholder carries it, and before an e-mail
leaves, its text is checked against the words disclosed and refused if any appear.
"""

import smtplib
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from cms.models import SiteSettings
from intake.constants import Language, Scheme

from .. import events, letters
from ..constants import DisclosureDecision, EventKind, LetterChannel, LetterKind
from ..models import Case, CaseLetter, LetterTemplate
from .common import case_locked
from .disclosure import DISCLOSURE_SCHEMES, disclosure_details


def _answers(case: Case) -> dict[str, Any]:
    return (case.submission.answers if case.submission_id else case.details) or {}


def email_address_if_safe(case: Case) -> str:
    """The person's e-mail address, only when they marked e-mail a safe channel."""
    contact = _answers(case).get("contact") or {}
    if not isinstance(contact, dict) or "email" not in (contact.get("safe_channels") or []):
        return ""
    return str(contact.get("email") or "").strip()


def recipient_name(case: Case) -> str:
    answers = _answers(case)
    for key in ("contact", "applicant", "person_at_risk"):
        part = answers.get(key)
        if isinstance(part, dict) and part.get("name"):
            return str(part["name"])
    return ""


def _third_party_clares_law(case: Case) -> bool:
    applicant = _answers(case).get("applicant") or {}
    return case.scheme == Scheme.CLARES_LAW and applicant.get("role") == "third_party"


def _site_settings() -> SiteSettings:
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return SiteSettings.for_site(site) if site else SiteSettings()


def letter_refusal(*, case: Case, kind: str) -> str:
    """Why this letter may not be produced for this case, in words, or ""."""
    kind = LetterKind(kind)
    if case.is_anonymous or not recipient_name(case):
        return "There is nobody named to write to on this case."
    if case.personal_data_deleted_at:
        return "The case's personal data has been deleted."
    if kind in (LetterKind.INVITATION, LetterKind.NO_DISCLOSURE) and (
        case.scheme not in DISCLOSURE_SCHEMES
    ):
        return "Only a Sarah's Law or Clare's Law case has this letter."
    if kind == LetterKind.NO_DISCLOSURE:
        if case.decision not in (
            DisclosureDecision.NO_DISCLOSURE,
            DisclosureDecision.OTHER_SAFEGUARDING,
        ):
            return "A no disclosure letter follows a decision not to disclose."
        if _third_party_clares_law(case):
            return (
                "The applicant asked on someone else's behalf: they are not told whether "
                "information was shared."
            )
    return ""


def _disclosure_free(text: str, case: Case) -> bool:
    """True when no line of the words disclosed appears in the text."""
    words = str(disclosure_details(case).get("words") or "")
    folded = " ".join(text.casefold().split())
    for line in words.splitlines():
        line = " ".join(line.casefold().split())
        if len(line) >= 12 and line in folded:
            return False
    return True


@transaction.atomic
def case_produce_letter(
    *,
    case_id: Any,
    acting_user: AbstractBaseUser,
    kind: str,
    meeting_date: str = "",
    meeting_place: str = "",
    print_only: bool = False,
) -> CaseLetter:
    """Fill in the published template of this kind for the case, keep the letter, and send
    it by e-mail when e-mail was marked safe (unless the officer prints it); otherwise it is
    kept to be printed and handed over in person."""
    case = case_locked(case_id)
    kind = LetterKind(kind)
    refusal = letter_refusal(case=case, kind=kind)
    if refusal:
        raise ValidationError(refusal)
    template = LetterTemplate.objects.filter(kind=kind, live=True).first()
    if template is None:
        raise ValidationError(f"No {kind.label.lower()} letter is published yet.")
    if kind == LetterKind.INVITATION and not (meeting_date.strip() and meeting_place.strip()):
        raise ValidationError("Say when and where the meeting is.")
    language = Language.WELSH if _sent_in_welsh(case) and template.has_welsh else Language.ENGLISH
    site = _site_settings()
    values = {
        "reference": case.reference,
        "applicant_name": recipient_name(case),
        "force_name": site.force_name,
        "unit_name": site.unit_name,
        "non_emergency_number": site.non_emergency_number,
        "officer_name": acting_user.get_full_name() or acting_user.get_username(),
        "today": letters.long_date(timezone.localdate(), language),
        "meeting_date": meeting_date.strip(),
        "meeting_place": meeting_place.strip(),
    }
    values = {name: values[name] for name in letters.placeholders_for(kind)}
    subject_wording, body_wording = template.wording(language)
    subject = letters.fill(subject_wording, values)
    text = letters.fill(body_wording, values)
    address = "" if print_only else email_address_if_safe(case)
    channel = LetterChannel.EMAIL if address else LetterChannel.IN_PERSON
    if channel == LetterChannel.EMAIL and not _disclosure_free(f"{subject}\n{text}", case):
        raise ValidationError(
            "This letter repeats what was disclosed: a disclosure is never sent by e-mail."
        )
    letter = CaseLetter.objects.create(
        case=case,
        kind=kind,
        template=template,
        template_revision_id=template.live_revision_id,
        channel=channel,
        subject=subject,
        text=text,
        produced_by=acting_user,
        language=language,
    )
    events.case_event_record(
        case=case,
        kind=EventKind.LETTER_PRODUCED,
        acting_user=acting_user,
        detail={
            "letter_id": letter.pk,
            "letter": kind.value,
            "channel": channel.value,
            "template_revision_id": template.live_revision_id,
            "language": language,
        },
    )
    letter.staff_note = letter_staff_note(letter=letter, case=case)
    if channel == LetterChannel.EMAIL:
        # Sent last, inside the transaction: if the mail server refuses it, nothing is kept
        # and the officer is told, rather than a letter recorded as sent that never went.
        try:
            EmailMessage(
                subject=subject,
                body=text,
                from_email=settings.INTAKE_ACKNOWLEDGEMENT_FROM or settings.DEFAULT_FROM_EMAIL,
                to=[address],
            ).send()
        except (OSError, smtplib.SMTPException) as error:
            raise ValidationError(
                "The e-mail could not be sent, so the letter was not kept: try again, or "
                "print it to hand over."
            ) from error
    return letter


def _sent_in_welsh(case: Case) -> bool:
    return bool(case.submission_id) and case.submission.language == Language.WELSH


def letter_staff_note(*, letter: CaseLetter, case: Case) -> str:
    """What staff should know of a letter's language: a request sent in Welsh whose letter
    is in English, since its template has no Welsh yet; else ""."""
    if _sent_in_welsh(case) and letter.language != Language.WELSH:
        return letters.NO_WELSH_TEMPLATE_NOTE
    return ""


def case_letter_context(*, letter: CaseLetter) -> dict[str, Any]:
    """What the letter's PDF is made from: the text as it was produced, in its language."""
    return letters.letter_context(
        subject=letter.subject,
        text=letter.text,
        reference=letter.case.reference,
        force_name=_site_settings().force_name,
        language=letter.language,
    )


@transaction.atomic
def case_letter_pdf(*, letter_id: int, acting_user: AbstractBaseUser) -> bytes:
    """The letter as a PDF, made again from its stored text; each download is recorded."""
    letter = CaseLetter.objects.select_related("case").get(pk=letter_id)
    pdf = letters.letter_pdf(case_letter_context(letter=letter))
    events.case_event_record(
        case=letter.case,
        kind=EventKind.LETTER_DOWNLOADED,
        acting_user=acting_user,
        detail={"letter_id": letter.pk, "letter": letter.kind},
    )
    return pdf

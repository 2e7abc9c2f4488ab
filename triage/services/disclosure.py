"""The disclosure record of a Sarah's Law or Clare's Law case, after the decision
(lifecycle.case_record_decision): the forum's ratification of an immediate-risk decision,
the disclosure made (to whom, when, how, what was said), the confidentiality undertaking,
and the safety plan with the support services the person was referred to.

What is structured and not personal (codes, dates, how) is kept in the case's columns and
the audit trail; who was told by name, the words disclosed, the effect of a refused
undertaking, the safety plan and the referrals are personal, kept encrypted in
`details["disclosure"]` (deleted by retention with the rest), never in an event.
"""

from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from intake.constants import Scheme

from .. import events
from ..constants import (
    MEETING_FORUMS,
    CaseStatus,
    DecisionForum,
    DisclosureDecision,
    DisclosureMethod,
    DisclosureRecipient,
    EventKind,
    Outcome,
    Undertaking,
)
from ..models import Case
from .common import case_locked

DISCLOSURE_SCHEMES = (Scheme.SARAHS_LAW, Scheme.CLARES_LAW)

# To whom each scheme discloses: whoever is best placed to protect.
RECIPIENTS = {
    Scheme.SARAHS_LAW: (DisclosureRecipient.APPLICANT, DisclosureRecipient.PARENT_OR_CARER),
    Scheme.CLARES_LAW: (DisclosureRecipient.APPLICANT, DisclosureRecipient.PERSON_AT_RISK),
}


def disclosure_details(case: Case) -> dict[str, Any]:
    """The personal part of the record (decrypted), with a decision recorded before the
    record existed read the same way."""
    record = dict((case.details or {}).get("disclosure") or {})
    if not record.get("recipient_name") and (case.details or {}).get("disclosed_to"):
        record["recipient_name"] = case.details["disclosed_to"]
    return record


def _decided_case(case_id: Any, *, decisions: tuple[str, ...], words: str) -> Case:
    case = case_locked(case_id)
    if case.scheme not in DISCLOSURE_SCHEMES:
        raise ValidationError("Only a Sarah's Law or Clare's Law case has a disclosure record.")
    if case.status == CaseStatus.CLOSED:
        raise ValidationError("The case is closed: its record can no longer change.")
    if case.decision not in decisions:
        raise ValidationError(words)
    return case


def _save_record(case: Case, fields: list[str], **personal: str) -> None:
    case.details = {
        **(case.details or {}),
        "disclosure": {**disclosure_details(case), **personal},
    }
    case.save(update_fields=[*fields, "details", "updated_at"])


@transaction.atomic
def case_ratify_decision(
    *,
    case_id: Any,
    acting_user: AbstractBaseUser,
    forum: str,
    forum_reference: str,
    ratified_on: date,
) -> Case:
    """The forum's ratification of a decision the police took at once because the risk was
    immediate."""
    case = _decided_case(
        case_id,
        decisions=tuple(DisclosureDecision.values),
        words="Record the decision first.",
    )
    if case.forum != DecisionForum.IMMEDIATE:
        raise ValidationError("Only a decision taken at once for immediate risk is ratified.")
    if forum not in MEETING_FORUMS:
        raise ValidationError("Say which forum ratified the decision.")
    if not forum_reference.strip():
        raise ValidationError("Give the forum's reference.")
    if case.decided_at and ratified_on < timezone.localdate(case.decided_at):
        raise ValidationError("The forum cannot ratify a decision before it was taken.")
    case.ratified_by_forum = forum
    case.forum_reference = forum_reference.strip()
    case.ratified_on = ratified_on
    case.save(update_fields=["ratified_by_forum", "forum_reference", "ratified_on", "updated_at"])
    events.case_event_record(
        case=case,
        kind=EventKind.DECISION_RATIFIED,
        acting_user=acting_user,
        detail={
            "forum": forum,
            "forum_reference": case.forum_reference,
            "ratified_on": ratified_on.isoformat(),
        },
    )
    return case


@transaction.atomic
def case_record_disclosure(
    *,
    case_id: Any,
    acting_user: AbstractBaseUser,
    recipient: str,
    recipient_name: str,
    method: str,
    words: str,
    disclosed_at: datetime | None = None,
    phone_reason: str = "",
) -> Case:
    """To whom the disclosure was made (by kind, and by name), when, how, and the words
    disclosed. In person; by phone only for Clare's Law and with the reason, since the
    guidance expects a disclosure to be made face to face."""
    case = _decided_case(
        case_id,
        decisions=(DisclosureDecision.DISCLOSE,),
        words="The decision was not to disclose: there is no disclosure to record.",
    )
    if recipient not in RECIPIENTS[Scheme(case.scheme)]:
        allowed = " or ".join(str(kind.label).lower() for kind in RECIPIENTS[Scheme(case.scheme)])
        raise ValidationError(f"Under this scheme a disclosure is made to {allowed}.")
    method = DisclosureMethod(method)
    if method == DisclosureMethod.PHONE:
        if case.scheme == Scheme.SARAHS_LAW:
            raise ValidationError("A Sarah's Law disclosure is made in person.")
        if not phone_reason.strip():
            raise ValidationError("Say why the disclosure was made by phone, not in person.")
    else:
        phone_reason = ""
    if not recipient_name.strip():
        raise ValidationError("Give the name of the person told.")
    if not words.strip():
        raise ValidationError("Record the words disclosed.")
    disclosed_at = disclosed_at or timezone.now()
    if disclosed_at > timezone.now():
        raise ValidationError("A disclosure is recorded once it has been made.")
    if case.decided_at and disclosed_at < case.decided_at:
        raise ValidationError("The disclosure cannot be made before the decision.")
    case.disclosed_to_kind = recipient
    case.disclosed_at = disclosed_at
    case.disclosure_method = method.value
    _save_record(
        case,
        ["disclosed_to_kind", "disclosed_at", "disclosure_method"],
        recipient_name=recipient_name.strip(),
        words=words.strip(),
        phone_reason=phone_reason.strip(),
    )
    events.case_event_record(
        case=case,
        kind=EventKind.DISCLOSURE_RECORDED,
        acting_user=acting_user,
        detail={
            "recipient": recipient,
            "method": method.value,
            "disclosed_at": disclosed_at.isoformat(),
        },
    )
    return case


@transaction.atomic
def case_record_undertaking(
    *,
    case_id: Any,
    acting_user: AbstractBaseUser,
    undertaking: str,
    on: date,
    effect: str = "",
) -> Case:
    """Whether the person told signed the confidentiality undertaking, and when. A refusal
    is recorded with what it means for the disclosure (it is weighed, not ignored)."""
    case = _decided_case(
        case_id,
        decisions=(DisclosureDecision.DISCLOSE,),
        words="An undertaking goes with a disclosure: the decision was not to disclose.",
    )
    undertaking = Undertaking(undertaking)
    if undertaking == Undertaking.REFUSED and not effect.strip():
        raise ValidationError("Say what the refusal to sign means for the disclosure.")
    if on > timezone.localdate():
        raise ValidationError("An undertaking is recorded once it has been given or refused.")
    case.undertaking = undertaking.value
    case.undertaking_on = on
    _save_record(case, ["undertaking", "undertaking_on"], undertaking_effect=effect.strip())
    events.case_event_record(
        case=case,
        kind=EventKind.UNDERTAKING_RECORDED,
        acting_user=acting_user,
        detail={"undertaking": undertaking.value, "on": on.isoformat()},
    )
    return case


@transaction.atomic
def case_record_safety_plan(
    *, case_id: Any, acting_user: AbstractBaseUser, safety_plan: str, referrals: str = ""
) -> Case:
    """The safety plan agreed with the person, and the support services (e.g. an IDVA) they
    were referred to, after any decision."""
    case = _decided_case(
        case_id,
        decisions=tuple(DisclosureDecision.values),
        words="Record the decision first.",
    )
    if not safety_plan.strip():
        raise ValidationError("Record the safety plan.")
    case.safety_plan_at = timezone.now()
    _save_record(
        case, ["safety_plan_at"], safety_plan=safety_plan.strip(), referrals=referrals.strip()
    )
    events.case_event_record(
        case=case,
        kind=EventKind.SAFETY_PLAN_RECORDED,
        acting_user=acting_user,
        detail={"referrals": bool(referrals.strip())},
    )
    return case


# --- The closing rule -----------------------------------------------------------------------

CLOSING_OUTCOMES = (Outcome.DISCLOSED, Outcome.NOT_DISCLOSED, Outcome.WITHDRAWN, Outcome.DUPLICATE)


def record_missing(*, case: Case, outcome: str) -> list[str]:
    """What must still be recorded before the case may close with this outcome, in words
    (empty: nothing). Raises ValidationError for an outcome that does not fit the case."""
    if case.scheme not in DISCLOSURE_SCHEMES or outcome in (Outcome.WITHDRAWN, Outcome.DUPLICATE):
        return []
    if outcome not in CLOSING_OUTCOMES:
        raise ValidationError(
            "A Sarah's Law or Clare's Law case closes as disclosed, not disclosed, withdrawn "
            "or duplicate."
        )
    if not case.decision:
        return ["the decision and the forum that took it"]
    if outcome == Outcome.DISCLOSED and case.decision != DisclosureDecision.DISCLOSE:
        raise ValidationError("The decision was not to disclose: close it as no disclosure.")
    if outcome == Outcome.NOT_DISCLOSED and case.decision == DisclosureDecision.DISCLOSE:
        raise ValidationError("The decision was to disclose: close it as disclosure made.")
    missing = []
    if case.forum == DecisionForum.IMMEDIATE:
        if not case.ratified_on:
            missing.append("the forum's ratification of the immediate-risk decision")
    else:
        if not case.forum or not case.forum_reference:
            missing.append("the forum that decided and its reference")
        if not case.forum_date:
            missing.append("the date of the forum")
    personal = disclosure_details(case)
    if case.decision == DisclosureDecision.DISCLOSE:
        if not (
            case.disclosed_to_kind
            and case.disclosed_at
            and case.disclosure_method
            and personal.get("recipient_name")
            and personal.get("words")
        ):
            missing.append("the disclosure made (to whom, when, how and the words disclosed)")
        if not case.undertaking:
            missing.append("the confidentiality undertaking (given or refused)")
    if case.decision != DisclosureDecision.NO_DISCLOSURE and not case.safety_plan_at:
        missing.append("the safety plan and referrals")
    return missing


def words_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]

"""A case's way through its statuses, each deadline it meets, and what the public is told."""

from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from intake.constants import PublicStatus
from intake.services import submission_public_status_set

from .. import deadlines, events
from ..constants import (
    MEETING_FORUMS,
    NEXT_STATUSES,
    CaseStatus,
    DecisionForum,
    DisclosureDecision,
    EventKind,
    NoDisclosureReason,
)
from ..models import Case, CaseDeadline
from ..retention import retain_until
from . import disclosure
from .common import case_locked, case_next_due
from .disclosure import DISCLOSURE_SCHEMES

PUBLIC_STATUS_FOR = {
    CaseStatus.NEW: PublicStatus.RECEIVED,
    CaseStatus.TRIAGED: PublicStatus.RECEIVED,
    CaseStatus.CHECKS: PublicStatus.IN_PROGRESS,
    CaseStatus.CONTACT: PublicStatus.IN_PROGRESS,
    CaseStatus.DECISION_FORUM: PublicStatus.IN_PROGRESS,
    CaseStatus.DECISION: PublicStatus.IN_PROGRESS,
    CaseStatus.CLOSED: PublicStatus.COMPLETED,
}


def _transition(
    *,
    case_id: Any,
    to_status: CaseStatus,
    acting_user: AbstractBaseUser | None,
    detail: dict[str, Any] | None = None,
    changes: dict[str, Any] | None = None,
) -> Case:
    case = case_locked(case_id)
    if to_status not in NEXT_STATUSES[CaseStatus(case.status)]:
        raise ValidationError(
            f"A case that is {case.get_status_display().lower()} cannot move to "
            f"{CaseStatus(to_status).label.lower()}."
        )
    now = timezone.now()
    previous = case.status
    case.status = to_status
    fields = ["status", "due_at", "updated_at"]
    for name, value in (changes or {}).items():
        setattr(case, name, value)
        fields.append(name)
    met_kinds = deadlines.kinds_met_by(to_status)
    for deadline in CaseDeadline.objects.filter(case=case, met_at=None, kind__in=met_kinds):
        deadline.met_at = now
        deadline.save(update_fields=["met_at"])
        events.case_event_record(
            case=case,
            kind=EventKind.DEADLINE_MET,
            acting_user=acting_user,
            detail={"deadline": deadline.kind, "on_time": now <= deadline.due_at},
        )
    case.due_at = case_next_due(case)
    case.save(update_fields=fields)
    events.case_event_record(
        case=case,
        kind=EventKind.STATUS_CHANGED,
        acting_user=acting_user,
        detail={"from": previous, "to": to_status, **(detail or {})},
    )
    if case.submission_id:
        submission_public_status_set(
            submission_id=str(case.submission_id), status=PUBLIC_STATUS_FOR[to_status]
        )
    return case


@transaction.atomic
def case_triage(*, case_id: Any, acting_user: AbstractBaseUser) -> Case:
    return _transition(case_id=case_id, to_status=CaseStatus.TRIAGED, acting_user=acting_user)


@transaction.atomic
def case_start_checks(*, case_id: Any, acting_user: AbstractBaseUser) -> Case:
    return _transition(case_id=case_id, to_status=CaseStatus.CHECKS, acting_user=acting_user)


@transaction.atomic
def case_record_contact(
    *,
    case_id: Any,
    acting_user: AbstractBaseUser,
    identity_checked: bool,
    method: str,
    identity_documents: str = "",
) -> Case:
    """The meeting or interview, and whether the applicant's identity was checked (DVDS asks
    for two forms of ID)."""
    case = _transition(
        case_id=case_id,
        to_status=CaseStatus.CONTACT,
        acting_user=acting_user,
        detail={"identity_checked": identity_checked, "method": method},
        changes={"identity_checked": identity_checked},
    )
    if identity_documents:
        case.details = {**case.details, "identity_documents": identity_documents}
        case.save(update_fields=["details"])
    return case


@transaction.atomic
def case_refer_to_forum(
    *,
    case_id: Any,
    acting_user: AbstractBaseUser,
    forum: str,
    forum_reference: str,
    forum_date: date | None = None,
) -> Case:
    """The forum that will decide (local decision-making forum, MARAC or MAPPA), its
    reference and the date it meets. The immediate-risk route is not a referral: it is
    recorded with the decision."""
    if forum not in MEETING_FORUMS:
        raise ValidationError("Refer the case to a forum that meets: local, MARAC or MAPPA.")
    if not forum_reference.strip():
        raise ValidationError("Give the forum's reference.")
    return _transition(
        case_id=case_id,
        to_status=CaseStatus.DECISION_FORUM,
        acting_user=acting_user,
        detail={
            "forum": forum,
            "forum_reference": forum_reference.strip(),
            "forum_date": forum_date.isoformat() if forum_date else None,
        },
        changes={
            "forum": forum,
            "forum_reference": forum_reference.strip(),
            "forum_date": forum_date,
        },
    )


@transaction.atomic
def case_record_decision(
    *,
    case_id: Any,
    acting_user: AbstractBaseUser,
    decision: str,
    no_disclosure_reason: str = "",
    immediate_risk: bool = False,
    decided_by: AbstractBaseUser | None = None,
    decided_at: datetime | None = None,
) -> Case:
    """Disclose, do not (with the reason), or take other safeguarding action; by whom and
    when. Taken by the forum the case was referred to, or, where the risk is immediate, by
    the police at once without it (the forum ratifies after: disclosure.case_ratify_decision).
    To whom, how and what was said are recorded when the disclosure is made
    (disclosure.case_record_disclosure)."""
    decision = DisclosureDecision(decision)
    if decision == DisclosureDecision.DISCLOSE:
        no_disclosure_reason = ""
    elif no_disclosure_reason not in NoDisclosureReason.values:
        raise ValidationError("Give the reason for not disclosing.")
    case = Case.objects.get(pk=case_id)
    if case.scheme not in DISCLOSURE_SCHEMES:
        raise ValidationError("Only a Sarah's Law or Clare's Law case has a disclosure decision.")
    changes: dict[str, Any] = {}
    if immediate_risk:
        changes = {"forum": DecisionForum.IMMEDIATE, "forum_date": None}
    elif case.status != CaseStatus.DECISION_FORUM:
        raise ValidationError(
            "Refer the case to a decision forum first, or record that the risk was immediate "
            "and the police acted at once."
        )
    decided_by = decided_by or acting_user
    decided_at = decided_at or timezone.now()
    return _transition(
        case_id=case_id,
        to_status=CaseStatus.DECISION,
        acting_user=acting_user,
        detail={
            "disclose": decision == DisclosureDecision.DISCLOSE,
            "decision": decision.value,
            "reason": no_disclosure_reason,
            "immediate_risk": immediate_risk,
            "decided_by": decided_by.pk,
            "decided_at": decided_at.isoformat(),
        },
        changes={
            **changes,
            "decision": decision.value,
            "no_disclosure_reason": no_disclosure_reason,
            "decision_disclose": decision == DisclosureDecision.DISCLOSE,
            "decided_at": decided_at,
        },
    )


@transaction.atomic
def case_close(*, case_id: Any, acting_user: AbstractBaseUser | None, outcome: str) -> Case:
    """Close with an outcome. A Sarah's Law or Clare's Law case closed as disclosed or not
    needs its disclosure record complete first (disclosure.record_missing names what is
    missing); withdrawn and duplicate applications, and concern reports, close at once."""
    now = timezone.now()
    case = Case.objects.select_for_update().get(pk=case_id)
    missing = disclosure.record_missing(case=case, outcome=outcome)
    if missing:
        raise ValidationError(
            "This case cannot be closed yet: record " + disclosure.words_list(missing) + "."
        )
    on_time = not CaseDeadline.objects.filter(case=case, met_at=None, due_at__lt=now).exists()
    on_time = (
        on_time
        and not CaseDeadline.objects.filter(
            case=case, met_at__isnull=False, met_at__gt=F("due_at")
        ).exists()
    )
    return _transition(
        case_id=case_id,
        to_status=CaseStatus.CLOSED,
        acting_user=acting_user,
        detail={"outcome": outcome, "on_time": on_time},
        changes={
            "outcome": outcome,
            "closed_at": now,
            "closed_on_time": on_time,
            "retain_until": retain_until(case=case, outcome=outcome, closed_at=now),
            "clock_paused_at": None,
        },
    )

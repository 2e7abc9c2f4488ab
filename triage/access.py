"""The one place that decides who may see or change a case. Every view and export asks here.

- an offender manager: cases assigned to them or about their nominals;
- a triage officer: cases not yet with a team (unrouted) and their unit's;
- a supervisor or a disclosure officer: their team's;
- anyone: cases assigned to them. A superuser sees everything.
Staff without a profile fall back to the role of their group (the demo triage officer).

The register of nominals is need-to-know too (`nominals_visible_to`):
- an offender manager: the nominals they or their team manage;
- a supervisor: their area's, i.e. managed by staff of their team or with a current address
  in a district their team covers;
- a triage or disclosure officer: only through a case they may see (its confirmed nominal or
  any match suggested for it);
- a superuser: all; anyone else: none. Reference-data editors change only what they may see.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from wagtail.log_actions import log

from staff.constants import REFERENCE_DATA_EDITORS, Role
from staff.lookups import profile_of, role_of

from .models import Area, Case, CaseMatch, CaseSearchToken, Nominal, NominalAddress
from .services import looks

User = AbstractBaseUser | AnonymousUser

# Who may hand a case to someone else.
ASSIGNERS = {Role.TRIAGE_OFFICER, Role.SUPERVISOR}


def can_use_triage(user: User) -> bool:
    return bool(user.is_active and user.has_perm("triage.view_case"))


@dataclass(frozen=True)
class _CaseFields:
    """Where the facts that decide who sees a case are read from: the case itself, or the
    copy of them on each of its search entries (CaseSearchToken), so that the one rule below
    is written once for both."""

    assigned_to: str
    team: str
    unit: str
    offender_manager: str


_ON_CASE = _CaseFields(
    assigned_to="assigned_to_id",
    team="team_id",
    unit="team__unit_id",
    offender_manager="nominal__offender_manager_id",
)
_ON_SEARCH_ENTRY = _CaseFields(
    assigned_to="case_assigned_to_id",
    team="case_team_id",
    unit="case_unit_id",
    offender_manager="case_offender_manager_id",
)


def _visibility(user: User, fields: _CaseFields = _ON_CASE) -> Q | None:
    """None: everything; otherwise the filter of what the user may see."""
    if user.is_superuser:
        return None
    profile = profile_of(user)
    role = role_of(user)
    team = profile.team if profile else None
    rule = Q(**{fields.assigned_to: user.pk})
    if role == Role.OFFENDER_MANAGER:
        rule |= Q(**{fields.offender_manager: user.pk})
    elif role == Role.TRIAGE_OFFICER:
        rule |= Q(**{f"{fields.team}__isnull": True})
        if team is not None:
            rule |= Q(**{fields.unit: team.unit_id})
    elif role in (Role.SUPERVISOR, Role.DISCLOSURE_OFFICER) and team is not None:
        rule |= Q(**{fields.team: team.pk})
    return rule


def cases_visible_to(user: User) -> QuerySet[Case]:
    if not can_use_triage(user):
        return Case.objects.none()
    rule = _visibility(user)
    return Case.objects.all() if rule is None else Case.objects.filter(rule)


def search_entries_visible_to(user: User) -> QuerySet[CaseSearchToken]:
    """The search entries of the cases the user may see, by the same rule as
    cases_visible_to, read from the entries' own copy of each case's place."""
    if not can_use_triage(user):
        return CaseSearchToken.objects.none()
    rule = _visibility(user, _ON_SEARCH_ENTRY)
    return CaseSearchToken.objects.all() if rule is None else CaseSearchToken.objects.filter(rule)


class CaseAction(StrEnum):
    """What a user may try to do to a case; each is recorded by name when refused."""

    VIEW = "view"
    ASSIGN = "assign"
    TAKE = "take"
    PRIORITY = "priority"
    NOTE = "note"
    DUPLICATE = "duplicate"
    PAUSE = "pause"
    RESUME = "resume"
    TRIAGE = "triage"
    CHECKS = "checks"
    CONTACT = "contact"
    FORUM = "forum"
    DECISION = "decision"
    CLOSE = "close"
    MATCH_CONFIRM = "match_confirm"
    MATCH_REJECT = "match_reject"
    RATIFY = "ratify"
    RECORD_DISCLOSURE = "record_disclosure"
    RECORD_UNDERTAKING = "record_undertaking"
    RECORD_SAFETY_PLAN = "record_safety_plan"
    PRODUCE_LETTER = "produce_letter"
    DOWNLOAD_LETTER = "download_letter"
    OPEN_EVIDENCE = "open_evidence"


def case_for(user: User, pk: Any, action: str) -> Case:
    """The only way into a case, for every view and action: fetch it, check the user may do
    `action` to it, and on a refusal record exactly one access_refused event and raise
    PermissionDenied (answered with a 403 page that shows nothing of the case). A case that
    does not exist, or an id that is not one, is 404."""
    action = CaseAction(action)
    try:
        case = (
            Case.objects.select_related(
                "team", "assigned_to", "nominal", "submission", "duplicate_of"
            )
            .filter(pk=pk)
            .first()
        )
    except (ValueError, ValidationError):
        case = None
    if case is None:
        raise Http404
    allowed = can_view_case(user, case)
    if allowed and action == CaseAction.ASSIGN:
        allowed = can_assign(user, case)
    if not allowed:
        looks.case_record_refused(case=case, acting_user=user, action=action.value)
        raise PermissionDenied
    return case


def can_view_case(user: User, case: Case) -> bool:
    return cases_visible_to(user).filter(pk=case.pk).exists()


def can_assign(user: User, case: Case | None = None) -> bool:
    if not can_use_triage(user):
        return False
    if user.is_superuser:
        return True
    if role_of(user) not in ASSIGNERS:
        return False
    return case is None or can_view_case(user, case)


def can_open_right_to_know(user: User) -> bool:
    return can_use_triage(user) and (
        user.is_superuser or role_of(user) in (Role.DISCLOSURE_OFFICER, Role.SUPERVISOR)
    )


# --- Nominals -------------------------------------------------------------------------------

# Audit actions for the nominal register, registered with Wagtail's log (wagtail_hooks.py).
NOMINAL_VIEWED = "triage.nominal.view"
NOMINAL_REFUSED = "triage.nominal.refused"

# What may be done to a nominal on a page of its own, beyond seeing it: for editors only.
NOMINAL_EDITOR_ACTIONS = {"edit", "delete", "history", "usage"}


def _nominal_visibility(user: User) -> Q | None:
    """None: every nominal; otherwise the filter of the nominals the user may see."""
    if user.is_superuser:
        return None
    profile = profile_of(user)
    role = role_of(user)
    team = profile.team if profile else None
    if role == Role.OFFENDER_MANAGER:
        rule = Q(offender_manager_id=user.pk)
        if team is not None:
            rule |= Q(offender_manager__staff_profile__team_id=team.pk)
        return rule
    if role == Role.SUPERVISOR:
        if team is None:
            return Q(pk__in=[])
        today = timezone.localdate()
        living_in_area = NominalAddress.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=today),
            district__in=Area.objects.filter(team_id=team.pk).values("district"),
        ).values("nominal_id")
        return Q(offender_manager__staff_profile__team_id=team.pk) | Q(pk__in=living_in_area)
    if role in (Role.TRIAGE_OFFICER, Role.DISCLOSURE_OFFICER):
        cases = cases_visible_to(user)
        matched = CaseMatch.objects.filter(case__in=cases.values("pk")).values("nominal_id")
        confirmed = cases.filter(nominal__isnull=False).values("nominal_id")
        return Q(pk__in=confirmed) | Q(pk__in=matched)
    return Q(pk__in=[])


def nominals_visible_to(user: User) -> QuerySet[Nominal]:
    if not can_use_triage(user):
        return Nominal.objects.none()
    rule = _nominal_visibility(user)
    return Nominal.objects.all() if rule is None else Nominal.objects.filter(rule)


def can_view_nominal(user: User, nominal: Nominal) -> bool:
    return nominals_visible_to(user).filter(pk=nominal.pk).exists()


def can_edit_nominal(user: User, nominal: Nominal | None = None) -> bool:
    """Reference-data editors (and superusers) change the nominals they may see; without a
    nominal: whether the user may change nominals at all."""
    if not can_use_triage(user):
        return False
    if not user.is_superuser and not (
        role_of(user) in REFERENCE_DATA_EDITORS and user.has_perm("triage.change_nominal")
    ):
        return False
    return nominal is None or can_view_nominal(user, nominal)


def nominal_record_refused(*, nominal: Nominal, user: User, action: str) -> None:
    """A refusal goes into the nominal's history: ids and the action, never personal data."""
    log(
        instance=nominal,
        action=NOMINAL_REFUSED,
        user=user if getattr(user, "pk", None) else None,
        title=nominal_log_title(nominal),
        data={"action": action},
    )


def nominal_log_title(nominal: Nominal) -> str:
    """How a nominal is named in Wagtail's log: by reference, never by name, as the site
    history lists the entries to every member of staff who may use the register."""
    return f"Nominal {nominal.force_reference}"


def nominal_for(user: User, pk, action: str) -> Nominal:
    """The nominal, if the user may do `action` to it ("view", or one of
    NOMINAL_EDITOR_ACTIONS); a refusal is recorded and raised as PermissionDenied, a nominal
    that does not exist is 404."""
    try:
        nominal = Nominal.objects.filter(pk=pk).first()
    except (TypeError, ValueError):
        nominal = None
    if nominal is None:
        raise Http404
    if action in NOMINAL_EDITOR_ACTIONS:
        allowed = can_edit_nominal(user, nominal)
        if allowed and action == "delete":
            allowed = user.has_perm("triage.delete_nominal")
    else:
        allowed = can_view_nominal(user, nominal)
    if not allowed:
        nominal_record_refused(nominal=nominal, user=user, action=action)
        raise PermissionDenied
    return nominal

"""The one place that decides who may see or change a case. Every view and export asks here.

- an offender manager: cases assigned to them or about their nominals;
- a triage officer: cases not yet with a team (unrouted) and their unit's;
- a supervisor or a disclosure officer: their team's;
- anyone: cases assigned to them. A superuser sees everything.
Staff without a profile fall back to the role of their group (the demo triage officer).
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from .constants import STAFF_GROUP_BY_ROLE, Role
from .models import Case, StaffProfile

User = AbstractBaseUser | AnonymousUser

# Who may hand a case to someone else.
ASSIGNERS = {Role.TRIAGE_OFFICER, Role.SUPERVISOR}


def can_use_triage(user: User) -> bool:
    return bool(user.is_active and user.has_perm("triage.view_case"))


def profile_of(user: User) -> StaffProfile | None:
    if not getattr(user, "pk", None):
        return None
    cached = getattr(user, "_triage_profile", False)
    if cached is False:
        cached = StaffProfile.objects.select_related("team").filter(user_id=user.pk).first()
        user._triage_profile = cached
    return cached


def role_of(user: User) -> Role | None:
    profile = profile_of(user)
    if profile is not None:
        return Role(profile.role)
    names = set(user.groups.values_list("name", flat=True)) if user.pk else set()
    for role, group in STAFF_GROUP_BY_ROLE.items():
        if group in names:
            return role
    return None


def _visibility(user: User) -> Q | None:
    """None: everything; otherwise the filter of what the user may see."""
    if user.is_superuser:
        return None
    profile = profile_of(user)
    role = role_of(user)
    team = profile.team if profile else None
    rule = Q(assigned_to_id=user.pk)
    if role == Role.OFFENDER_MANAGER:
        rule |= Q(nominal__offender_manager_id=user.pk)
    elif role == Role.TRIAGE_OFFICER:
        rule |= Q(team__isnull=True)
        if team is not None:
            rule |= Q(team__unit_id=team.unit_id)
    elif role in (Role.SUPERVISOR, Role.DISCLOSURE_OFFICER) and team is not None:
        rule |= Q(team_id=team.pk)
    return rule


def cases_visible_to(user: User) -> QuerySet[Case]:
    if not can_use_triage(user):
        return Case.objects.none()
    rule = _visibility(user)
    return Case.objects.all() if rule is None else Case.objects.filter(rule)


def can_view_case(user: User, case: Case) -> bool:
    return cases_visible_to(user).filter(pk=case.pk).exists()


def can_change_case(user: User, case: Case) -> bool:
    return can_view_case(user, case)


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


def assignable_users(user: User):
    """Who a case may be given to: active staff with a triage role."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(is_active=True, staff_profile__isnull=False)
        .select_related("staff_profile__team")
        .order_by("username")
    )

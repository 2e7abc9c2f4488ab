"""Who is who: a member of staff's profile and role, a team's members, its supervisors, who
is on duty, and who a case may be given to. Reads only."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from .constants import STAFF_GROUP_BY_ROLE, Role
from .models import StaffProfile, Team

User = AbstractBaseUser | AnonymousUser


def profile_of(user: User) -> StaffProfile | None:
    """The user's staff profile, read once per request (kept on the user object)."""
    if not getattr(user, "pk", None):
        return None
    cached = getattr(user, "_staff_profile", False)
    if cached is False:
        cached = StaffProfile.objects.select_related("team").filter(user_id=user.pk).first()
        user._staff_profile = cached
    return cached


def role_of(user: User) -> Role | None:
    """The role of the user's profile; without one, the role of their group."""
    profile = profile_of(user)
    if profile is not None:
        return Role(profile.role)
    names = set(user.groups.values_list("name", flat=True)) if user.pk else set()
    for role, group in STAFF_GROUP_BY_ROLE.items():
        if group in names:
            return role
    return None


def team_members(*, team: Team) -> list[Any]:
    """The active members of a team."""
    return [
        profile.user
        for profile in StaffProfile.objects.filter(team=team, user__is_active=True).select_related(
            "user"
        )
    ]


def duty_supervisors_for(*, team: Team | None) -> list[Any]:
    """Who is alerted to an urgent case: the team's duty supervisor, else any on duty in the
    unit, else the team's supervisors, else every supervisor on duty."""
    profiles = StaffProfile.objects.filter(
        role=Role.SUPERVISOR, user__is_active=True
    ).select_related("user")
    attempts = []
    if team is not None:
        attempts += [
            profiles.filter(team=team, on_duty=True),
            profiles.filter(team__unit_id=team.unit_id, on_duty=True),
            profiles.filter(team=team),
        ]
    attempts.append(profiles.filter(on_duty=True))
    for queryset in attempts:
        found = [profile.user for profile in queryset]
        if found:
            return found
    return []


def supervisors_for(*, team: Team | None) -> list[Any]:
    """Who hears of a team's overdue case: its supervisors, else the duty supervisors."""
    if team is not None:
        found = [
            profile.user
            for profile in StaffProfile.objects.filter(
                team=team, role=Role.SUPERVISOR, user__is_active=True
            ).select_related("user")
        ]
        if found:
            return found
    return duty_supervisors_for(team=team)


def staff_label(*, name: str, role: str, team: str | None) -> str:
    """How a member of staff is named where a case is given to them."""
    where = f"{Role(role).label}, {team}" if team else str(Role(role).label)
    return f"{name} ({where})"


def assignable_staff_choices() -> list[tuple[int, str]]:
    """`assignable_staff` as (id, label) pairs, from one query of plain values: a case page
    offers every member of a force's staff, and a model instance for each was a third of the
    page's time."""
    rows = assignable_staff().values_list(
        "pk",
        "first_name",
        "last_name",
        "username",
        "staff_profile__role",
        "staff_profile__team__name",
    )
    return [
        (pk, staff_label(name=f"{first} {last}".strip() or username, role=role, team=team))
        for pk, first, last, username, role, team in rows
    ]


def assignable_staff() -> QuerySet:
    """Who a case may be given to: active staff with a role, with their team for the label."""
    return (
        get_user_model()
        .objects.filter(is_active=True, staff_profile__isnull=False)
        .select_related("staff_profile__team")
        .order_by("username")
    )

"""Who is who: profiles and roles, team members, supervisors and who is on duty."""

import pytest
from django.contrib.auth.models import Group

from staff import lookups
from staff.constants import STAFF_GROUP_BY_ROLE, Role
from staff.models import StaffProfile, Team, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit_teams():
    unit = Unit.objects.create(name="Unit")
    return {name: Team.objects.create(unit=unit, name=name) for name in ("North", "South")}


def staff(django_user_model, username, role, team, *, on_duty=False, active=True):
    user = django_user_model.objects.create_user(username=username, is_active=active)
    StaffProfile.objects.create(user=user, role=role, team=team, on_duty=on_duty)
    return user


def test_a_profile_gives_the_role_and_a_group_stands_in_without_one(django_user_model, unit_teams):
    with_profile = staff(django_user_model, "om", Role.OFFENDER_MANAGER, unit_teams["North"])
    assert lookups.profile_of(with_profile).team == unit_teams["North"]
    assert lookups.role_of(with_profile) == Role.OFFENDER_MANAGER
    grouped = django_user_model.objects.create_user(username="grouped")
    grouped.groups.add(Group.objects.get(name=STAFF_GROUP_BY_ROLE[Role.TRIAGE_OFFICER]))
    assert lookups.profile_of(grouped) is None
    assert lookups.role_of(grouped) == Role.TRIAGE_OFFICER
    assert lookups.role_of(django_user_model.objects.create_user(username="nobody")) is None


def test_team_members_are_the_active_staff_of_the_team(django_user_model, unit_teams):
    north = staff(django_user_model, "a", Role.OFFENDER_MANAGER, unit_teams["North"])
    staff(django_user_model, "b", Role.OFFENDER_MANAGER, unit_teams["South"])
    staff(django_user_model, "c", Role.OFFENDER_MANAGER, unit_teams["North"], active=False)
    assert lookups.team_members(team=unit_teams["North"]) == [north]


def test_the_duty_supervisor_is_found_in_the_team_then_the_unit_then_anywhere(
    django_user_model, unit_teams
):
    north, south = unit_teams["North"], unit_teams["South"]
    off_duty = staff(django_user_model, "sup.n", Role.SUPERVISOR, north)
    assert lookups.duty_supervisors_for(team=north) == [off_duty]  # the team's, none on duty
    on_duty_south = staff(django_user_model, "sup.s", Role.SUPERVISOR, south, on_duty=True)
    assert lookups.duty_supervisors_for(team=north) == [on_duty_south]  # on duty in the unit
    on_duty_north = staff(django_user_model, "sup.n2", Role.SUPERVISOR, north, on_duty=True)
    assert lookups.duty_supervisors_for(team=north) == [on_duty_north]
    assert set(lookups.duty_supervisors_for(team=None)) == {on_duty_north, on_duty_south}


def test_overdue_cases_go_to_the_team_s_supervisors_else_the_duty_supervisors(
    django_user_model, unit_teams
):
    north, south = unit_teams["North"], unit_teams["South"]
    on_duty = staff(django_user_model, "sup.s", Role.SUPERVISOR, south, on_duty=True)
    assert lookups.supervisors_for(team=north) == [on_duty]
    own = staff(django_user_model, "sup.n", Role.SUPERVISOR, north)
    assert lookups.supervisors_for(team=north) == [own]


def test_a_case_may_be_given_to_active_staff_with_a_role(django_user_model, unit_teams):
    given = staff(django_user_model, "om", Role.OFFENDER_MANAGER, unit_teams["North"])
    staff(django_user_model, "gone", Role.OFFENDER_MANAGER, unit_teams["North"], active=False)
    django_user_model.objects.create_user(username="editor")
    assert list(lookups.assignable_staff()) == [given]

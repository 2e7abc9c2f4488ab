"""Roles come from the staff app's migration: `migrate` alone gives a working force, and staff
imported from CSV (the documented way) can work at once. No demo data is loaded here."""

import pytest
from django.contrib.auth.models import Group

from staff.constants import STAFF_GROUP_BY_ROLE, Role
from staff.models import StaffProfile
from staff.roles import permissions_for
from triage import access
from triage.imports import import_csv

pytestmark = pytest.mark.django_db

TEAMS = (
    "unit,name,kind,email\nNorfolk PPU,North team,management,\nNorfolk PPU,Desk,disclosure_desk,\n"
)
STAFF = (
    "username,role,team,email,first_name,last_name,on_duty\n"
    "t.one,triage_officer,North team,t.one@example.org,Tia,One,false\n"
    "o.two,offender_manager,North team,o.two@example.org,Olu,Two,false\n"
    "s.three,supervisor,North team,s.three@example.org,Sid,Three,true\n"
    "d.four,disclosure_officer,Desk,d.four@example.org,Dee,Four,false\n"
)


def test_every_role_has_its_group_and_exactly_the_permissions_it_needs():
    for role, name in STAFF_GROUP_BY_ROLE.items():
        group = Group.objects.get(name=name)
        # (Wagtail's own migrations add their choosers to every group with admin access.)
        held = {
            (app_label, codename)
            for app_label, codename in group.permissions.values_list(
                "content_type__app_label", "codename"
            )
            if app_label in ("staff", "triage", "wagtailadmin")
        }
        assert held == set(permissions_for(Role(role))), role
    supervisors = Group.objects.get(name=STAFF_GROUP_BY_ROLE[Role.SUPERVISOR])
    assert supervisors.permissions.filter(codename="change_nominal").exists()
    assert (
        not Group.objects.get(name=STAFF_GROUP_BY_ROLE[Role.TRIAGE_OFFICER])
        .permissions.filter(codename="change_nominal")
        .exists()
    )


def test_staff_imported_from_csv_can_work_at_once(client):
    assert import_csv(kind="teams", text=TEAMS).ok
    result = import_csv(kind="staff", text=STAFF)
    assert result.ok, result.errors
    for profile in StaffProfile.objects.select_related("user"):
        user = profile.user
        assert access.can_use_triage(user), user.username
        client.force_login(user)
        assert client.get("/admin/triage/cases/").status_code == 200, user.username
    supervisor = StaffProfile.objects.get(role=Role.SUPERVISOR).user
    assert supervisor.has_perm("triage.change_nominal")
    assert supervisor.has_perm("staff.change_team")
    client.force_login(supervisor)
    assert client.get("/admin/triage/nominals/").status_code == 200

import re

from staff.models import StaffProfile
from triage.forms import AssignForm


def test_the_assign_list_names_each_member_of_staff_with_role_and_team(demo):
    om = demo["om.south"]
    html = str(AssignForm(initial={"assignee": om.pk})["assignee"])

    options = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', html)
    assert options[0] == ("", "", "Nobody")
    profiles = StaffProfile.objects.filter(user__is_active=True).select_related("user", "team")
    assert len(options) == 1 + profiles.count()
    profile = profiles.get(user=om)
    name = om.get_full_name() or om.get_username()
    expected = f"{name} ({profile.get_role_display()}, {profile.team.name})"
    assert (str(om.pk), " selected", expected) in options
    assert sum(1 for option in options if option[1]) == 1


def test_the_assign_form_gives_a_user_and_refuses_anyone_else(demo):
    om = demo["om.south"]
    form = AssignForm(data={"assignee": om.pk})
    assert form.is_valid()
    assert form.cleaned_data["assignee"] == om
    assert AssignForm(data={"assignee": ""}).is_valid()
    inactive = om
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    refused = AssignForm(data={"assignee": inactive.pk})
    assert not refused.is_valid()
    assert "assignee" in refused.errors
    assert not AssignForm(data={"assignee": "not a number"}).is_valid()

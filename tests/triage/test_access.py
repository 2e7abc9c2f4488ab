import pytest

from tests.triage.conftest import submit, summary
from triage import access
from triage.services import assignment, matches
from triage.services.opening import case_open_for_submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(nominals, demo):
    def open_case(**subject):
        return case_open_for_submission(submission_id=submit(answers=summary(**subject)).pk)

    return {
        # Strongly matched: assigned to om.north, North team.
        "about_nominal": open_case(names=["Darren Whitlock"], date_of_birth="1979-03-14"),
        "north": open_case(place_postcode="NR4 1AA"),
        "south": open_case(place_postcode="IP4 1AA"),
        "unrouted": open_case(place_postcode="ZE1 1AA"),
    }


def _visible(user):
    return set(access.cases_visible_to(user).values_list("reference", flat=True))


def _refs(cases, *names):
    return {cases[name].reference for name in names}


def test_each_role_sees_its_own_cases(cases, demo):
    assert _visible(demo["admin"]) == _refs(cases, *cases)
    assert _visible(demo["om.north"]) == _refs(cases, "about_nominal")
    assert _visible(demo["om.north2"]) == set()
    assert _visible(demo["om.south"]) == set()
    # The triage officer (North team, same unit as every team here) sees the unit's and the
    # unrouted.
    assert _visible(demo["triage"]) == _refs(cases, *cases)
    assert _visible(demo["sup.north"]) == _refs(cases, "about_nominal", "north")
    assert _visible(demo["sup.south"]) == _refs(cases, "south")
    assert _visible(demo["disclosure"]) == set()


def test_an_offender_manager_sees_cases_about_their_nominals_once_confirmed(cases, demo):
    case = cases["north"]
    assignment.case_assign(case_id=case.pk, acting_user=demo["triage"], assignee=None)
    assert case.reference not in _visible(demo["om.north"])
    match = cases["about_nominal"].matches.get()
    # The match is confirmed on this case too (the same person was reported twice).
    match.pk = None
    match.case = case
    match.save()
    matches.case_match_confirm(match_id=match.pk, acting_user=demo["triage"])
    assert case.reference in _visible(demo["om.north"])


def test_assigning_a_case_opens_it_to_the_assignee(cases, demo):
    case = cases["south"]
    assignment.case_assign(
        case_id=case.pk, acting_user=demo["sup.south"], assignee=demo["om.south"]
    )
    assert case.reference in _visible(demo["om.south"])


def test_only_triage_officers_and_supervisors_assign(cases, demo):
    assert access.can_assign(demo["triage"], cases["north"])
    assert access.can_assign(demo["sup.north"], cases["north"])
    assert not access.can_assign(demo["sup.north"], cases["south"])
    assert not access.can_assign(demo["om.north"], cases["about_nominal"])


def test_staff_without_the_triage_permission_see_nothing(cases, django_user_model):
    user = django_user_model.objects.create_user(username="editor", password="x" * 16)
    assert _visible(user) == set()


# --- access.case_for: the only way into a case --------------------------------------------------

from triage.constants import EventKind  # noqa: E402
from triage.views import ACTIONS  # noqa: E402

ACTION_URLS = [(f"action/{{pk}}/{name}/", name) for name in ACTIONS] + [
    ("match/{pk}/{match}/confirm/", "match_confirm"),
    ("match/{pk}/{match}/reject/", "match_reject"),
]


def _refusals(case):
    return list(case.events.filter(kind=EventKind.ACCESS_REFUSED).values_list("detail", flat=True))


def test_case_for_hands_over_a_case_the_user_may_act_on(cases, demo):
    case = cases["north"]
    assert access.case_for(demo["sup.north"], case.pk, "view") == case
    assert access.case_for(demo["sup.north"], case.pk, access.CaseAction.ASSIGN) == case
    assert _refusals(case) == []


@pytest.mark.parametrize("pk", ["00000000-0000-0000-0000-000000000000", "not-a-case"])
def test_case_for_answers_404_for_no_such_case(demo, pk):
    from django.http import Http404

    with pytest.raises(Http404):
        access.case_for(demo["admin"], pk, "view")


def test_a_refused_look_is_a_403_page_with_nothing_of_the_case_and_one_event(client, cases, demo):
    case = cases["south"]
    client.force_login(demo["om.north"])
    response = client.get(f"/admin/triage/cases/inspect/{case.pk}/")
    assert response.status_code == 403
    assert case.reference not in response.content.decode()
    assert "You cannot see or change this" in response.content.decode()
    assert _refusals(case) == [{"action": "view"}]


@pytest.mark.parametrize(("path", "action"), ACTION_URLS)
def test_every_action_on_a_case_out_of_reach_is_refused_once_and_recorded(
    client, cases, demo, path, action
):
    case = cases["about_nominal"]
    match = case.matches.first()
    client.force_login(demo["om.south"])
    url = "/admin/triage/cases/" + path.format(pk=case.pk, match=match.pk)
    response = client.post(url, {"text": "x", "reason": "x", "reference": "x"})
    assert response.status_code == 403
    assert case.reference not in response.content.decode()
    assert _refusals(case) == [{"action": action}]


def test_assigning_needs_an_assigner_even_on_a_case_the_user_sees(client, cases, demo):
    case = cases["about_nominal"]
    client.force_login(demo["om.north"])  # sees it, may not hand it to someone else
    response = client.post(
        f"/admin/triage/cases/action/{case.pk}/assign/", {"assignee": demo["om.north2"].pk}
    )
    assert response.status_code == 403
    assert _refusals(case) == [{"action": "assign"}]
    case.refresh_from_db()
    assert case.assigned_to == demo["om.north"]


def test_bulk_assign_refuses_a_case_out_of_reach_and_records_it(client, cases, demo):
    client.force_login(demo["sup.north"])
    response = client.post(
        "/admin/triage/cases/bulk-assign/",
        {"assignee": demo["om.north"].pk, "cases": [str(cases["south"].pk)]},
    )
    # The form offers only the user's own cases: a forged id is not even a valid choice.
    assert response.status_code == 200
    cases["south"].refresh_from_db()
    assert cases["south"].assigned_to is None

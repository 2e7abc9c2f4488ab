import pytest

from tests.triage.conftest import submit, summary
from triage import access, services
from triage.services import case_open_for_submission

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
    services.case_assign(case_id=case.pk, acting_user=demo["triage"], assignee=None)
    assert case.reference not in _visible(demo["om.north"])
    match = cases["about_nominal"].matches.get()
    # The match is confirmed on this case too (the same person was reported twice).
    match.pk = None
    match.case = case
    match.save()
    services.case_match_confirm(match_id=match.pk, acting_user=demo["triage"])
    assert case.reference in _visible(demo["om.north"])


def test_assigning_a_case_opens_it_to_the_assignee(cases, demo):
    case = cases["south"]
    services.case_assign(case_id=case.pk, acting_user=demo["sup.south"], assignee=demo["om.south"])
    assert case.reference in _visible(demo["om.south"])


def test_only_triage_officers_and_supervisors_assign(cases, demo):
    assert access.can_assign(demo["triage"], cases["north"])
    assert access.can_assign(demo["sup.north"], cases["north"])
    assert not access.can_assign(demo["sup.north"], cases["south"])
    assert not access.can_assign(demo["om.north"], cases["about_nominal"])


def test_staff_without_the_triage_permission_see_nothing(cases, django_user_model):
    user = django_user_model.objects.create_user(username="editor", password="x" * 16)
    assert _visible(user) == set()

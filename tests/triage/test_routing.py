import pytest

from intake.constants import Scheme
from staff.models import Team
from tests.triage.conftest import submit, summary
from triage.constants import DeadlineKind, EventKind, Priority, RoutingCondition, RoutingTarget
from triage.models import RoutingRule
from triage.services.opening import case_open_for_submission

pytestmark = pytest.mark.django_db


def _open(scheme=Scheme.CONCERN, **kwargs):
    submission = submit(scheme=scheme, **kwargs)
    return case_open_for_submission(submission_id=submission.pk)


def test_a_concern_about_a_known_nominal_goes_to_their_offender_manager(nominals, demo):
    case = _open(answers=summary(names=["Darren Whitlock"], date_of_birth="1979-03-14"))
    assert case.assigned_to == demo["om.north"]
    assert case.team.name == "North management team"
    routed = case.events.get(kind=EventKind.ROUTED)
    assert "N-0001" in " ".join(routed.detail["reasons"])
    assert case.matches.first().nominal == nominals
    # The audit trail holds ids and scores, never the names that were sent.
    suggested = case.events.get(kind=EventKind.MATCH_SUGGESTED)
    assert "Whitlock" not in str(suggested.detail) and "Whitlock" not in str(routed.detail)


def test_a_weak_match_goes_to_the_team_for_the_area(nominals, demo):
    case = _open(answers=summary(names=["Darren Whitlock"], place_postcode="IP3 9QQ"))
    assert case.assigned_to is None
    assert case.team.name == "South management team"
    reasons = case.events.get(kind=EventKind.ROUTED).detail["reasons"]
    assert reasons[0].endswith("no confirmed or strong match")
    assert "IP3" in reasons[1]


def test_without_a_covered_postcode_the_case_waits_unassigned_and_says_why(demo):
    case = _open(answers=summary(place_postcode="ZE1 0AA"))
    assert case.team is None and case.assigned_to is None
    assert "unassigned" in case.events.get(kind=EventKind.ROUTED).detail["reasons"][-1]


@pytest.mark.parametrize("scheme", [Scheme.SARAHS_LAW, Scheme.CLARES_LAW])
def test_disclosure_applications_go_to_the_areas_disclosure_desk(demo, scheme):
    case = _open(scheme=scheme, answers=summary(place_postcode="NR1 1AA"))
    assert case.team.name == "Disclosure desk"
    whole = case.deadlines.get(kind=DeadlineKind.WHOLE_PROCESS)
    days = 28 if scheme == Scheme.CLARES_LAW else 45
    assert (whole.due_at - case.submission.submitted_at).days == days


def test_immediate_danger_is_urgent_and_alerts_the_duty_supervisor(
    demo, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = _open(answers=summary(place_postcode="IP1 2AB"), immediate_danger=True)
    assert case.priority == Priority.URGENT
    alert = case.events.get(kind=EventKind.SUPERVISOR_ALERTED)
    # The South team has no duty supervisor: the one on duty in the unit is alerted.
    assert alert.detail["user_ids"] == [demo["sup.north"].pk]
    urgent = [m for m in mailoutbox if m.subject.startswith("URGENT")]
    assert urgent[0].to == ["sup.north@example.invalid"]
    assert case.reference in urgent[0].body
    assert "outside the school" not in urgent[0].body


def test_routing_rules_edited_in_the_admin_apply(demo):
    desk = Team.objects.get(name="Disclosure desk")
    RoutingRule.objects.create(
        order=1,
        scheme=Scheme.CONCERN,
        condition=RoutingCondition.ALWAYS,
        target=RoutingTarget.FIXED_TEAM,
        team=desk,
    )
    case = _open(answers=summary(place_postcode="IP1 2AB"))
    assert case.team == desk

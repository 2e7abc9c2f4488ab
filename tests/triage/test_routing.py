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


# --- The routing table kept in each process ------------------------------------------------


# Committed for real, as a worker's changes are; serialized_rollback, as the browser tests do,
# keeps the groups and content types the migrations made.
COMMITTED = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def kept_table(settings):
    """The table kept as in production, on data committed for real (as in a worker)."""
    from django.core.cache import caches

    from triage import routing
    from triage.demo import demo_staff_ensure

    settings.ROUTING_CACHE_ENABLED = True
    demo_staff_ensure()
    caches["default"].delete(routing.GENERATION_KEY)
    routing._kept.table = None
    yield routing
    routing._kept.table = None


def _table_queries(action) -> list[str]:
    """The statements `action` sent that read the routing table's own tables."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        action()
    return [
        query["sql"]
        for query in captured.captured_queries
        if '"triage_routingrule"' in query["sql"] or 'FROM "triage_area"' in query["sql"]
    ]


def _fixed_rule(team: Team, *, order: int = 1) -> RoutingRule:
    return RoutingRule.objects.create(
        order=order,
        scheme=Scheme.CONCERN,
        condition=RoutingCondition.ALWAYS,
        target=RoutingTarget.FIXED_TEAM,
        team=team,
    )


@COMMITTED
def test_a_process_reads_the_routing_table_once_for_many_cases(kept_table):
    first = _table_queries(lambda: _open(answers=summary(place_postcode="IP1 2AB")))
    assert first, "the first case reads the table"
    cases = []
    later = _table_queries(
        lambda: cases.extend(_open(answers=summary(place_postcode="NR1 1AA")) for _ in range(3))
    )
    assert later == []
    assert [case.team.name for case in cases] == ["North management team"] * 3


@COMMITTED
def test_a_committed_rule_change_routes_the_next_case_by_it(kept_table):
    assert _open(answers=summary(place_postcode="IP1 2AB")).team.name == "South management team"
    desk = Team.objects.get(name="Disclosure desk")
    rule = _fixed_rule(desk)
    assert _open(answers=summary(place_postcode="IP1 2AB")).team == desk
    rule.is_active = False
    rule.save()
    assert _open(answers=summary(place_postcode="IP1 2AB")).team.name == "South management team"
    rule.delete()
    assert _table_queries(lambda: _open(answers=summary(place_postcode="IP1 2AB")))


@COMMITTED
def test_a_change_made_by_another_process_is_seen_from_the_next_case(kept_table):
    from django.core.cache import caches

    from triage.models import Area

    _open(answers=summary(place_postcode="IP1 2AB"))
    north = Team.objects.get(name="North management team")
    # Another process's change: the database and the shared generation change, this
    # process's signals never fire.
    Area.objects.filter(district="IP1").update(team=north)
    caches["default"].set(kept_table.GENERATION_KEY, "another-process", None)
    assert _open(answers=summary(place_postcode="IP1 2AB")).team == north


@COMMITTED
def test_a_change_not_yet_committed_is_routed_by_only_in_its_own_transaction(kept_table):
    from django.db import transaction

    desk = Team.objects.get(name="Disclosure desk")
    _open(answers=summary(place_postcode="IP1 2AB"))

    class RolledBack(Exception):
        pass

    with pytest.raises(RolledBack), transaction.atomic():
        _fixed_rule(desk)
        assert _open(answers=summary(place_postcode="IP1 2AB")).team == desk
        raise RolledBack
    assert _open(answers=summary(place_postcode="IP1 2AB")).team.name == "South management team"
    # And the process keeps the table again once nothing of its own is pending.
    assert _table_queries(lambda: _open(answers=summary(place_postcode="IP1 2AB"))) == []


@COMMITTED
def test_without_the_shared_cache_every_case_reads_the_table(kept_table, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            **settings.CACHES["default"],
            "BACKEND": "core.redis_cache.RedisCache",
            # Nothing listens on port 1: every cache call fails, quietly.
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "IGNORE_EXCEPTIONS": True},
        },
    }
    _open(answers=summary(place_postcode="IP1 2AB"))
    assert _table_queries(lambda: _open(answers=summary(place_postcode="IP1 2AB")))

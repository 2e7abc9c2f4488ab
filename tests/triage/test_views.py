import pytest
from django.contrib.auth.models import Permission

from intake.constants import Scheme
from intake.models import Submission
from intake.services import submission_create
from triage.constants import EventKind
from triage.services.opening import case_open_for_submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_staff(django_user_model):
    user = django_user_model.objects.create_user(username="editor", password="pw-editor-123456")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


def test_a_triage_officer_sees_the_case_in_the_queue(client, triage_officer, case):
    client.force_login(triage_officer)
    response = client.get("/admin/triage/cases/")
    assert response.status_code == 200
    assert case.reference in response.content.decode()


def test_opening_a_case_shows_what_was_sent_and_records_the_look(client, triage_officer, case):
    client.force_login(triage_officer)
    response = client.get(f"/admin/triage/cases/inspect/{case.pk}/")
    assert response.status_code == 200
    assert "He lied" in response.content.decode()
    viewed = case.events.get(kind=EventKind.VIEWED)
    assert viewed.actor == triage_officer


def test_staff_without_triage_access_are_refused_and_the_refusal_recorded(
    client, other_staff, case
):
    client.force_login(other_staff)
    assert client.get("/admin/triage/cases/").status_code in (302, 403)
    response = client.get(f"/admin/triage/cases/inspect/{case.pk}/")
    assert response.status_code in (302, 403)
    assert "He lied" not in response.content.decode()


def test_cases_cannot_be_edited_or_deleted_through_generic_forms(client, triage_officer, case):
    client.force_login(triage_officer)
    assert client.get(f"/admin/triage/cases/edit/{case.pk}/").status_code == 404
    assert client.get(f"/admin/triage/cases/delete/{case.pk}/").status_code == 404
    assert client.get("/admin/triage/cases/new/").status_code == 404


# --- Queues, case page actions and reference data ---------------------------------------------

from tests.triage.conftest import submit, summary  # noqa: E402
from triage.constants import CaseStatus, MatchStatus  # noqa: E402
from triage.models import Case  # noqa: E402


@pytest.fixture
def routed_case(nominals):
    submission = submit(answers=summary(names=["Darren Whitlock"], date_of_birth="1979-03-14"))
    return case_open_for_submission(submission_id=submission.pk)


def test_the_queue_lists_filters_and_shows_due_dates(client, demo, routed_case):
    client.force_login(demo["om.north"])
    for query in ("", "?queue=mine", "?queue=overdue", "?scheme=concern&status=new", "?queue=team"):
        response = client.get("/admin/triage/cases/" + query)
        assert response.status_code == 200, query
    assert routed_case.reference in client.get("/admin/triage/cases/?queue=mine").content.decode()
    assert (
        routed_case.reference
        not in client.get("/admin/triage/cases/?queue=overdue").content.decode()
    )


def test_the_queue_needs_the_same_queries_for_one_case_or_many(
    client, demo, routed_case, django_assert_max_num_queries
):
    client.force_login(demo["admin"])
    for _ in range(15):
        case_open_for_submission(submission_id=submit(answers=summary()).pk)
    with django_assert_max_num_queries(40) as captured:
        client.get("/admin/triage/cases/")
    many = len(captured)
    Case.objects.exclude(pk=routed_case.pk).update(status=CaseStatus.CLOSED)
    with django_assert_max_num_queries(many) as captured:
        client.get("/admin/triage/cases/?status=new")


def test_the_case_page_shows_matches_and_staff_confirm_them(client, demo, routed_case):
    client.force_login(demo["om.north"])
    page = client.get(f"/admin/triage/cases/inspect/{routed_case.pk}/").content.decode()
    assert "Darren Whitlock (N-0001)" in page
    assert "Same date of birth" in page
    match = routed_case.matches.get()
    response = client.post(f"/admin/triage/cases/match/{routed_case.pk}/{match.pk}/confirm/")
    assert response.status_code == 302
    match.refresh_from_db()
    assert match.status == MatchStatus.CONFIRMED and match.decided_by == demo["om.north"]
    assert routed_case.events.filter(kind=EventKind.MATCH_CONFIRMED).exists()


def test_actions_on_the_case_page_go_through_services(client, demo, routed_case):
    client.force_login(demo["om.north"])
    base = f"/admin/triage/cases/action/{routed_case.pk}/"
    client.post(base + "triage/")
    client.post(base + "note/", {"text": "Spoke to the school."})
    client.post(base + "pause/", {"reason": "Waiting for the school"})
    client.post(base + "resume/")
    client.post(base + "priority/", {"priority": "high", "reason": "Repeat reports"})
    client.post(base + "close/", {"outcome": "substantiated"})
    routed_case.refresh_from_db()
    assert routed_case.status == CaseStatus.CLOSED
    kinds = list(routed_case.events.values_list("kind", flat=True))
    for kind in (
        "status_changed",
        "note_added",
        "clock_paused",
        "clock_resumed",
        "priority_changed",
    ):
        assert kind in kinds
    assert routed_case.submission.public_status == "completed"


def test_someone_who_may_not_see_a_case_cannot_act_on_it(client, demo, routed_case):
    client.force_login(demo["om.south"])
    response = client.post(f"/admin/triage/cases/action/{routed_case.pk}/close/", {"outcome": "x"})
    assert response.status_code == 403
    refused = routed_case.events.get(kind=EventKind.ACCESS_REFUSED)
    assert refused.actor == demo["om.south"] and refused.detail == {"action": "close"}


def test_bulk_assign(client, demo):
    cases = [case_open_for_submission(submission_id=submit().pk) for _ in range(3)]
    client.force_login(demo["triage"])
    assert client.get("/admin/triage/cases/bulk-assign/").status_code == 200
    response = client.post(
        "/admin/triage/cases/bulk-assign/",
        {"cases": [str(c.pk) for c in cases[:2]], "assignee": demo["om.south"].pk},
    )
    assert response.status_code == 302
    assert Case.objects.filter(assigned_to=demo["om.south"]).count() == 2


def test_a_right_to_know_case_is_opened_from_the_back_office(client, demo):
    client.force_login(demo["disclosure"])
    response = client.post(
        "/admin/triage/cases/right-to-know/",
        {
            "subject_name": "Carl Mason",
            "person_at_risk_name": "Ann Other",
            "person_at_risk_postcode": "NR3 1AA",
            "reason": "Intelligence of previous abuse",
        },
    )
    case = Case.objects.get(is_right_to_know=True)
    assert response.status_code == 302
    assert case.reference.startswith("RK-")
    assert case.team.name == "Disclosure desk"
    assert case.deadlines.count() == 2


def test_the_dashboard_shows_cases_per_scheme(client, demo, routed_case):
    client.force_login(demo["admin"])
    page = client.get("/admin/").content.decode()
    assert 'data-testid="on-time-panel"' in page


def test_supervisors_edit_reference_data_and_others_do_not(client, demo, nominals):
    client.force_login(demo["sup.north"])
    assert client.get("/admin/triage/nominals/").status_code == 200
    assert client.get(f"/admin/triage/nominals/edit/{nominals.pk}/").status_code == 200
    client.force_login(demo["om.north"])
    assert client.get("/admin/triage/nominals/").status_code == 200
    assert client.get(f"/admin/triage/nominals/edit/{nominals.pk}/").status_code in (302, 403)


def test_the_case_page_shows_why_a_disclosure_applicant_is_worried(client, admin_user):
    receipt = submission_create(
        scheme=Scheme.SARAHS_LAW,
        answers={"reason": {"reason": "He was convicted of grooming in 2015"}},
    )
    case = case_open_for_submission(
        submission_id=Submission.objects.get(reference=receipt.reference).pk
    )
    client.force_login(admin_user)
    page = client.get(f"/admin/triage/cases/inspect/{case.pk}/").content.decode()
    assert "He was convicted of grooming in 2015" in page

import pytest
from django.contrib.auth.models import Permission

from intake.constants import Scheme
from intake.models import Submission
from intake.services import submission_create
from triage.constants import EventKind
from triage.services import case_open_for_submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(db):
    receipt = submission_create(scheme=Scheme.CONCERN, answers={"what": {"text": "He lied"}})
    return case_open_for_submission(
        submission_id=Submission.objects.get(reference=receipt.reference).pk
    )


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

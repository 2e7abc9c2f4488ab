from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.triage.conftest import submit
from triage.constants import EventKind, Outcome
from triage.models import Case, Nominal
from triage.services import lifecycle
from triage.services.opening import case_open_for_submission

pytestmark = pytest.mark.django_db


def test_the_retention_dry_run_lists_and_keeps_then_the_real_run_deletes(demo):
    case = case_open_for_submission(submission_id=submit(is_anonymous=True).pk)
    lifecycle.case_close(case_id=case.pk, acting_user=demo["triage"], outcome=Outcome.WITHDRAWN)
    Case.objects.filter(pk=case.pk).update(retain_until=timezone.now() - timedelta(days=1))
    out = StringIO()
    call_command("delete_expired_personal_data", "--dry-run", stdout=out)
    assert case.reference in out.getvalue() and "would lose" in out.getvalue()
    assert Case.objects.get(pk=case.pk).submission_id is not None
    call_command("delete_expired_personal_data", stdout=StringIO())
    assert Case.objects.get(pk=case.pk).submission_id is None


def test_load_demo_data_prints_passwords_once_and_makes_200_nominals(db):
    first, again = StringIO(), StringIO()
    call_command("load_demo_data", stdout=first)
    call_command("load_demo_data", stdout=again)
    assert first.getvalue().count("password: ") == 9
    assert "password: " not in again.getvalue()
    assert Nominal.objects.count() == 200


def test_an_export_of_the_queue_is_recorded_on_every_case_in_it(client, demo):
    case = case_open_for_submission(submission_id=submit().pk)
    client.force_login(demo["triage"])
    response = client.get("/admin/triage/cases/?export=csv")
    assert response.status_code == 200
    assert case.reference in b"".join(response.streaming_content).decode()
    exported = case.events.get(kind=EventKind.EXPORTED)
    assert exported.actor == demo["triage"] and exported.detail == {"format": "csv"}

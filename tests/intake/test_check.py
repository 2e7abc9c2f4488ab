"""Follow-up without an account: reference and receipt code open a plain-words status."""

import secrets

import pytest

from intake.constants import PublicStatus, Scheme
from intake.models import FollowUp, OutboxMessage
from intake.services import submission_create, submission_public_status_set

pytestmark = pytest.mark.django_db


def fresh_address() -> str:
    """A client address no earlier run has used: with Redis, counters outlive a test run."""
    return "10.{}.{}.{}".format(*secrets.token_bytes(3))


def make(scheme=Scheme.CONCERN, answers=None):
    return submission_create(scheme=scheme, answers=answers or {"about": {"topic": "other"}})


def open_request(client, receipt, code=None):
    return client.post(
        "/check/",
        {"reference": receipt.reference, "receipt_code": code or receipt.receipt_code},
    )


def test_the_right_codes_show_the_status_in_plain_words(client, home_page):
    receipt = make()
    response = open_request(client, receipt)
    assert response["Location"] == "/check/"
    page = client.get("/check/")
    assert "no-store" in page["Cache-Control"]
    body = page.content.decode()
    assert receipt.reference in body
    assert "Received" in body

    submission_public_status_set(
        submission_id=receipt.submission_id, status=PublicStatus.IN_PROGRESS
    )
    assert "Being looked at" in client.get("/check/").content.decode()
    submission_public_status_set(submission_id=receipt.submission_id, status=PublicStatus.COMPLETED)
    assert "Completed" in client.get("/check/").content.decode()


def test_codes_are_forgiving_of_case_spaces_and_dashes(client, home_page):
    receipt = make()
    code = receipt.receipt_code.replace("-", " ").lower()
    response = client.post(
        "/check/", {"reference": receipt.reference.lower().replace("-", ""), "receipt_code": code}
    )
    assert response["Location"] == "/check/"


def test_wrong_codes_get_one_generic_message(client, home_page):
    receipt = make()
    wrong_code = open_request(client, receipt, code="AAAA-BBBB-CCCC").content.decode()
    wrong_reference = client.post(
        "/check/", {"reference": "CR-0000-0000", "receipt_code": receipt.receipt_code}
    ).content.decode()
    message = "We could not find a request with that reference and receipt code"
    assert message in wrong_code and message in wrong_reference
    assert "<title>Error: " in wrong_code
    assert receipt.reference not in wrong_reference


def test_wrong_codes_are_rate_limited_by_client_address(client, home_page, settings):
    settings.INTAKE_RATE_LIMITS = {**settings.INTAKE_RATE_LIMITS, "check_failure": "3/15m"}
    receipt = make()
    address = {"REMOTE_ADDR": fresh_address()}
    for attempt in range(3):
        response = client.post(
            "/check/",
            {"reference": receipt.reference, "receipt_code": f"AAAA-BBBB-CCC{attempt}"},
            **address,
        )
        assert response.status_code == 200
    # A forged X-Forwarded-For header is ignored: the limit follows REMOTE_ADDR.
    response = client.post(
        "/check/",
        {"reference": receipt.reference, "receipt_code": receipt.receipt_code},
        HTTP_X_FORWARDED_FOR="198.51.100.1",
        **address,
    )
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    # Another address is not affected.
    other = client.post(
        "/check/",
        {"reference": receipt.reference, "receipt_code": receipt.receipt_code},
        REMOTE_ADDR=fresh_address(),
    )
    assert other["Location"] == "/check/"


def test_adding_information_reaches_the_case(client, home_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        receipt = make()
    open_request(client, receipt)
    response = client.post("/check/", {"action": "add", "text": ""})
    assert "Enter the information you want to add" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/check/", {"action": "add", "text": "He has a new car."})
    assert response["Location"] == "/check/?added=1"
    assert "We have added your information" in client.get(response["Location"]).content.decode()
    follow_up = FollowUp.objects.get()
    assert follow_up.text == "He has a new car."
    message = OutboxMessage.objects.get(follow_up=follow_up)
    assert message.task_name == "triage.attach_follow_up"
    assert message.status == "processed"


def test_adding_information_needs_the_codes_again_after_finishing(client, home_page):
    receipt = make()
    open_request(client, receipt)
    client.post("/check/finish/")
    response = client.post("/check/", {"action": "add", "text": "More"})
    assert "Enter your reference and receipt code again" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_a_third_party_clares_law_applicant_never_learns_of_a_disclosure(client, home_page):
    receipt = make(
        scheme=Scheme.CLARES_LAW,
        answers={"who": {"role": "third_party"}, "about-you": {"full_name": "Sue"}},
    )
    submission_public_status_set(submission_id=receipt.submission_id, status=PublicStatus.COMPLETED)
    response = open_request(client, receipt)
    assert response.status_code == 302, response.content.decode()
    body = client.get("/check/").content.decode()
    assert "you may not be told whether we shared any information" in body
    assert "disclosure was made" not in body.lower()

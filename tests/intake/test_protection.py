"""Robots and floods: rate limits on every POST, a honeypot, reCAPTCHA on the send page."""

import secrets
from unittest import mock

import pytest
from django_recaptcha.client import RecaptchaResponse

from intake.models import Submission
from tests.intake.journey_data import CONCERN, answer_all, declared

pytestmark = pytest.mark.django_db


def fresh_address() -> str:
    """A client address no earlier run has used: with Redis, counters outlive a test run."""
    return "10.{}.{}.{}".format(*secrets.token_bytes(3))


def test_every_step_post_is_rate_limited_per_client_address(client, home_page, settings):
    settings.INTAKE_RATE_LIMITS = {**settings.INTAKE_RATE_LIMITS, "step": "2/m"}
    address = {"REMOTE_ADDR": fresh_address()}
    for forged in ["198.51.100.1", "198.51.100.2"]:
        response = client.post(
            "/report/about/", {"topic": "other"}, HTTP_X_FORWARDED_FOR=forged, **address
        )
        assert response.status_code == 302
    response = client.post(
        "/report/about/", {"topic": "other"}, HTTP_X_FORWARDED_FOR="198.51.100.3", **address
    )
    assert response.status_code == 429
    assert "no-store" in response["Cache-Control"]


def test_sending_is_rate_limited(client, home_page, settings):
    settings.INTAKE_RATE_LIMITS = {**settings.INTAKE_RATE_LIMITS, "send": "1/h"}
    address = fresh_address()
    for _ in range(2):
        answer_all(client, CONCERN)
        client.post("/report/check-your-answers/", declared(client), REMOTE_ADDR=address)
    assert Submission.objects.count() == 1


def test_the_honeypot_refuses_robots(client, home_page):
    response = client.post("/report/about/", {"topic": "other", "website": "http://spam"})
    assert response.status_code == 400
    assert "journey:concern" not in client.session
    answer_all(client, CONCERN)
    response = client.post("/report/check-your-answers/", {"website": "x"})
    assert response.status_code == 400
    assert not Submission.objects.exists()


def test_recaptcha_is_off_without_keys(client, home_page):
    answer_all(client, CONCERN)
    page = client.get("/report/check-your-answers/")
    assert "recaptcha" not in page.content.decode()
    assert "google" not in page["Content-Security-Policy"]


@pytest.fixture
def recaptcha_keys(settings):
    settings.RECAPTCHA_PUBLIC_KEY = "public-test-key"
    settings.RECAPTCHA_PRIVATE_KEY = "private-test-key"


def test_recaptcha_opens_googles_hosts_on_the_send_page_alone(client, home_page, recaptcha_keys):
    answer_all(client, CONCERN)
    page = client.get("/report/check-your-answers/")
    assert 'data-sitekey="public-test-key"' in page.content.decode()
    assert "https://www.google.com/recaptcha/" in page["Content-Security-Policy"]
    other = client.get("/report/about/")
    assert "google" not in other["Content-Security-Policy"]
    assert "recaptcha" not in other.content.decode()


def test_a_failed_recaptcha_keeps_the_answers_and_says_so(client, home_page, recaptcha_keys):
    answer_all(client, CONCERN)
    with mock.patch(
        "django_recaptcha.client.submit", return_value=RecaptchaResponse(is_valid=False)
    ) as submit:
        response = client.post(
            "/report/check-your-answers/", {"g-recaptcha-response": "bad", "declaration": "yes"}
        )
    submit.assert_called_once()
    body = response.content.decode()
    assert "<title>Error: " in body
    assert "Confirm that you are not a robot" in body
    assert not Submission.objects.exists()
    assert "journey:concern" in client.session


def test_a_solved_recaptcha_sends(client, home_page, recaptcha_keys):
    answer_all(client, CONCERN)
    with mock.patch(
        "django_recaptcha.client.submit", return_value=RecaptchaResponse(is_valid=True)
    ) as submit:
        response = client.post(
            "/report/check-your-answers/", {"g-recaptcha-response": "ok", **declared(client)}
        )
    assert submit.call_args.kwargs["private_key"] == "private-test-key"
    assert response["Location"] == "/report/confirmation/"
    assert Submission.objects.count() == 1


def test_nothing_typed_reaches_a_url(client, home_page):
    response = None
    for path, data in CONCERN:
        response = client.post(path, data)
        assert "Smith" not in response["Location"]
        assert "?" not in response["Location"] or response["Location"].endswith("?change=1")


def _concurrently(count: int, attempt) -> list:
    """Run `attempt` on `count` threads released together; their results in any order."""
    import threading

    from django.db import connection

    barrier = threading.Barrier(count)
    results, lock = [], threading.Lock()

    def run():
        try:
            barrier.wait()
            outcome = attempt()
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_wrong_code_tries_are_counted_before_they_are_evaluated_under_concurrency(settings):
    """40 tries at once against a limit of 5: exactly 5 are let through to be evaluated."""
    from django.test import RequestFactory

    from intake import protection

    settings.INTAKE_RATE_LIMITS = {**settings.INTAKE_RATE_LIMITS, "check_failure": "5/15m"}
    address = fresh_address()

    def attempt():
        request = RequestFactory().post("/check/", REMOTE_ADDR=address)
        return protection.limit_reached(request, kind="check_failure")

    results = _concurrently(40, attempt)
    assert len(results) == 40
    assert results.count(False) == 5

from datetime import timedelta

import pytest
from django.utils import timezone

from intake.models import Submission
from tests.intake.journey_data import CONCERN, declared
from tests.intake.journey_data import answer_all as _answer_all

pytestmark = pytest.mark.django_db

COMPLETE = CONCERN


def answer_all(client, steps=COMPLETE):
    return _answer_all(client, steps)


def test_every_journey_page_is_never_cached(client, home_page):
    for path in ["/report/about/", "/report/check-your-answers/", "/report/timed-out/"]:
        response = client.get(path, follow=True)
        assert "no-store" in response["Cache-Control"], path


def test_a_missing_answer_shows_the_error_summary_and_keeps_what_was_typed(client, home_page):
    answer_all(client, COMPLETE[:2])
    answer_all(client, COMPLETE[2:3])
    response = client.post("/report/what-happened/", {"what_happened": "", "place": "Leeds"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in body
    assert 'href="#id_what_happened"' in body
    assert 'value="Leeds"' in body


def test_too_long_an_answer_is_refused_with_a_clear_message(client, home_page):
    answer_all(client, COMPLETE[:3])
    response = client.post(
        "/report/what-happened/", {"what_happened": "x" * 5001, "place": "Leeds"}
    )
    assert "5,000 characters or fewer" in response.content.decode()


def test_immediate_danger_stops_the_journey_with_999_and_a_way_on(client, home_page):
    # The first question of a concern report, before anything else is asked.
    assert client.get("/report/")["Location"] == "/report/danger/"
    response = client.post("/report/danger/", {"immediate_danger": "yes"})
    assert response["Location"] == "/report/stop/immediate_danger/"
    page = client.get(response["Location"]).content.decode()
    assert "Call 999 now" in page
    assert 'href="/report/about/"' in page


def test_check_answers_change_link_returns_to_check_answers(client, home_page):
    answer_all(client)
    page = client.get("/report/check-your-answers/").content.decode()
    assert "He has a new partner with two children." in page
    assert 'href="/report/what-happened/?change=1"' in page
    response = client.post(
        "/report/what-happened/?change=1",
        {"what_happened": "He has moved in with them.", "when": "", "place": "Leeds"},
    )
    assert response["Location"] == "/report/check-your-answers/"
    assert "He has moved in with them." in client.get(response["Location"]).content.decode()


def test_sending_stores_the_report_and_shows_the_reference_once(client, home_page):
    answer_all(client)
    response = client.post("/report/check-your-answers/", declared(client))
    assert response["Location"] == "/report/confirmation/"
    submission = Submission.objects.get()
    assert submission.is_anonymous
    assert submission.answers["what-happened"]["place"] == "Leeds"
    assert "journey:concern" not in client.session

    first = client.get("/report/confirmation/").content.decode()
    assert submission.reference in first
    assert 'data-testid="receipt-code"' in first
    # A reload shows the reference again, never the receipt code.
    second = client.get("/report/confirmation/").content.decode()
    assert submission.reference in second
    assert 'data-testid="receipt-code"' not in second
    assert "we show the receipt code only once" in second
    # Once the session is gone (Exit this page), nothing.
    client.get("/exit/")
    third = client.get("/report/confirmation/").content.decode()
    assert submission.reference not in third
    assert "already been shown" in third


def test_answers_expire_after_two_hours_idle(client, home_page):
    answer_all(client, COMPLETE[:2])
    session = client.session
    state = session["journey:concern"]
    state["touched"] = (timezone.now() - timedelta(hours=2, minutes=1)).isoformat()
    session["journey:concern"] = state
    session.save()

    response = client.post(
        "/report/what-happened/", {"what_happened": "Something", "place": "Leeds"}
    )
    assert response["Location"] == "/report/timed-out/"
    assert "journey:concern" not in client.session
    assert "did not do anything for 2 hours" in client.get("/report/timed-out/").content.decode()


def test_skipping_ahead_without_a_journey_is_sent_to_the_start(client, home_page):
    response = client.post("/report/anonymous/", {"anonymous": "yes"})
    assert response["Location"] == "/report/timed-out/"
    response = client.post("/apply/sarahs-law/each-child/1/", {"full_name": "Amy", "age": "9"})
    assert response["Location"] == "/apply/sarahs-law/timed-out/"
    assert not Submission.objects.exists()


def test_sending_with_a_page_left_unanswered_goes_back_to_that_page(client, home_page):
    answer_all(client)
    send = declared(client)
    session = client.session
    journey = session["journey:concern"]
    del journey["answers"]["how-you-know"]
    session["journey:concern"] = journey
    session.save()

    response = client.post("/report/check-your-answers/", send)

    assert response["Location"] == "/report/how-you-know/"
    assert not Submission.objects.exists()

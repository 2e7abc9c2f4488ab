"""A send is idempotent and its result recoverable: the one-time send key of check answers."""

import threading
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client

from intake import codes, services
from intake.constants import Scheme
from intake.models import OutboxMessage, Submission
from tests.intake.journey_data import CONCERN, DECLARED, answer_all, declared, send_key

SEND = "/report/check-your-answers/"
# serialized_rollback, like the browser tests: a plain flush would lose the content types
# and pages that migrations made, which later tests need.
TRANSACTIONAL = pytest.mark.django_db(transaction=True, serialized_rollback=True)
CONFIRMATION = "/report/confirmation/"


def receipt_code_shown(page: str) -> bool:
    return 'data-testid="receipt-code"' in page


@pytest.mark.django_db
def test_the_check_answers_page_carries_one_key_for_the_whole_journey(client, home_page):
    answer_all(client, CONCERN)
    first = send_key(client)
    assert len(first) >= 22  # 128 random bits, URL-safe base64
    assert send_key(client) == first
    assert client.session["journey:concern"]["send_key"] == first
    # Changing an answer keeps the key: nothing has been sent with it yet.
    client.post("/report/how-you-know/?change=1", {"how_known": "I live across the road."})
    assert send_key(client) == first


@pytest.mark.django_db
def test_two_posts_of_the_same_key_make_one_submission_and_one_confirmation(client, home_page):
    answer_all(client, CONCERN)
    send = declared(client)
    first = client.post(SEND, send)
    second = client.post(SEND, send)  # a double click, or the browser trying again
    assert first["Location"] == second["Location"] == CONFIRMATION
    submission = Submission.objects.get()
    assert OutboxMessage.objects.filter(submission=submission).count() == 1
    page = client.get(CONFIRMATION).content.decode()
    assert submission.reference in page
    # The repeat did not drop the receipt code still waiting to be shown.
    assert receipt_code_shown(page)


@pytest.mark.django_db
def test_a_repeat_after_the_code_was_shown_gives_the_reference_only(client, home_page):
    answer_all(client, CONCERN)
    send = declared(client)
    client.post(SEND, send)
    assert receipt_code_shown(client.get(CONFIRMATION).content.decode())
    assert client.post(SEND, send)["Location"] == CONFIRMATION
    page = client.get(CONFIRMATION).content.decode()
    assert Submission.objects.get().reference in page
    assert not receipt_code_shown(page)


@pytest.mark.django_db
def test_a_new_journey_has_a_new_key_and_makes_a_second_submission(client, home_page):
    answer_all(client, CONCERN)
    client.post(SEND, declared(client))
    answer_all(client, CONCERN)
    client.post(SEND, declared(client))
    assert Submission.objects.count() == 2
    assert Submission.objects.values("send_key_hash").distinct().count() == 2


@pytest.mark.django_db
def test_the_same_key_in_another_session_is_another_send(client, home_page):
    """The key is bound to the session: copies of a journey in two sessions are two sends,
    and a key seen elsewhere opens nothing."""
    answer_all(client, CONCERN)
    key = send_key(client)
    other = Client()
    answer_all(other, CONCERN)
    session = other.session
    journey = session["journey:concern"]
    journey["send_key"] = key
    session["journey:concern"] = journey
    session.save()
    client.post(SEND, {**DECLARED, "send_key": key})
    other.post(SEND, {**DECLARED, "send_key": key})
    assert Submission.objects.count() == 2


@pytest.mark.django_db
def test_the_confirmation_reloads_with_the_reference_and_the_code_once(client, home_page):
    answer_all(client, CONCERN)
    client.post(SEND, declared(client))
    reference = Submission.objects.get().reference
    first = client.get(CONFIRMATION).content.decode()
    assert reference in first and receipt_code_shown(first)
    for _ in range(2):
        again = client.get(CONFIRMATION).content.decode()
        assert reference in again
        assert not receipt_code_shown(again)
        assert "we show the receipt code only once" in again
    # The receipt code is nowhere in the session once shown.
    assert "receipt_code" not in client.session["intake:receipt"]
    # Another journey's confirmation page does not show it.
    assert reference not in client.get("/apply/clares-law/confirmation/").content.decode()


@pytest.mark.django_db
def test_a_failure_after_the_commit_then_a_reload_shows_the_reference(client, home_page):
    client.raise_request_exception = False
    answer_all(client, CONCERN)
    client.post(SEND, declared(client))
    reference = Submission.objects.get().reference
    # The redirect's confirmation page fails (the database went away while it was drawn).
    with mock.patch(
        "intake.views.JourneyConfirmationView.render_page",
        side_effect=OperationalError("server closed the connection unexpectedly"),
    ):
        failed = client.get(CONFIRMATION)
    assert failed.status_code == 503  # the service page (core.database_outage)
    # Nothing was shown, so the reload shows the reference and the code.
    page = client.get(CONFIRMATION).content.decode()
    assert reference in page
    assert receipt_code_shown(page)
    assert Submission.objects.count() == 1


@pytest.mark.django_db
def test_a_send_whose_session_was_never_saved_is_found_again(client, home_page):
    """The submission committed, then the send failed before the session was saved: the
    journey still holds its key, so check answers, the confirmation and Send again all find
    the one submission."""
    client.raise_request_exception = False
    answer_all(client, CONCERN)
    send = declared(client)
    with mock.patch("intake.views.remember_sent", side_effect=OperationalError("connection lost")):
        failed = client.post(SEND, send)
    assert failed.status_code == 503  # the service page (core.database_outage)
    submission = Submission.objects.get()
    assert "journey:concern" in client.session  # the session was not saved

    page = client.get(CONFIRMATION).content.decode()
    assert submission.reference in page
    assert not receipt_code_shown(page)  # it was never stored, so it cannot be shown
    assert client.post(SEND, send)["Location"] == CONFIRMATION
    assert Submission.objects.count() == 1


@pytest.mark.django_db
def test_send_again_after_the_error_page_goes_to_the_confirmation(client, home_page):
    client.raise_request_exception = False
    answer_all(client, CONCERN)
    send = declared(client)
    with mock.patch("intake.views.remember_sent", side_effect=OperationalError("connection lost")):
        client.post(SEND, send)
    # Back to check answers: it knows the report went, and says so.
    assert client.get(SEND)["Location"] == CONFIRMATION
    assert Submission.objects.get().reference in client.get(CONFIRMATION).content.decode()


@pytest.mark.django_db
def test_a_failure_before_the_commit_keeps_the_answers_to_send_again(client, home_page):
    client.raise_request_exception = False
    answer_all(client, CONCERN)
    send = declared(client)
    with mock.patch(
        "intake.services.OutboxMessage.objects.create",
        side_effect=OperationalError("connection lost"),
    ):
        assert client.post(SEND, send).status_code == 503
    assert not Submission.objects.exists()
    assert "journey:concern" in client.session
    assert client.post(SEND, send)["Location"] == CONFIRMATION
    assert Submission.objects.count() == 1
    assert receipt_code_shown(client.get(CONFIRMATION).content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "key",
    [None, "", "forged-key-aaaaaaaaaaaaaa", "x" * 10_000],
    ids=["absent", "empty", "forged", "long"],
)
def test_a_send_without_its_key_is_refused_and_keeps_the_answers(client, home_page, key):
    answer_all(client, CONCERN)
    real = send_key(client)
    data = dict(DECLARED) if key is None else {**DECLARED, "send_key": key}
    response = client.post(SEND, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in body
    assert "Your answers have not been sent yet" in body
    assert not Submission.objects.exists()
    assert "journey:concern" in client.session
    # The page shown again carries the journey's key: Send works from it.
    assert f'name="send_key" value="{real}"' in body
    assert 'id="declaration" name="declaration" type="checkbox" value="yes"' in body
    assert client.post(SEND, {**DECLARED, "send_key": real})["Location"] == CONFIRMATION


@pytest.mark.django_db
def test_a_session_from_before_send_keys_gets_one_and_sends(client, home_page):
    answer_all(client, CONCERN)
    session = client.session
    journey = session["journey:concern"]
    journey.pop("send_key", None)
    session["journey:concern"] = journey
    session.save()
    # A page drawn before the key existed posts without one: refused, nothing lost.
    assert client.post(SEND, DECLARED).status_code == 200
    assert client.post(SEND, declared(client))["Location"] == CONFIRMATION


@pytest.mark.django_db
def test_the_stored_key_is_a_keyed_hash_bound_to_the_session(client, home_page):
    answer_all(client, CONCERN)
    key = send_key(client)
    client.post(SEND, {**DECLARED, "send_key": key})
    stored = Submission.objects.get().send_key_hash
    assert key not in stored
    assert stored == codes.hash_send_key(key, session_key=client.session.session_key)


@TRANSACTIONAL
def test_concurrent_sends_of_the_same_key_make_exactly_one_submission(home_page):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write")
    client = Client()
    answer_all(client, CONCERN)
    send = declared(client)
    cookies = {morsel.key: morsel.value for morsel in client.cookies.values()}
    count = 8
    barrier = threading.Barrier(count)
    locations: list[str] = []
    errors: list[BaseException] = []

    def post() -> None:
        try:
            mine = Client()
            for name, value in cookies.items():
                mine.cookies[name] = value
            barrier.wait()
            response = mine.post(SEND, send)
            locations.append(response["Location"])
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=post) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert locations == [CONFIRMATION] * count
    submission = Submission.objects.get()
    assert OutboxMessage.objects.filter(submission=submission).count() == 1
    assert submission.reference in client.get(CONFIRMATION).content.decode()


@TRANSACTIONAL
def test_concurrent_creates_with_one_key_agree_on_one_submission():
    """The service alone: the unique constraint, not a read before the write, decides."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write")
    count = 8
    barrier = threading.Barrier(count)
    receipts: list[services.SubmissionReceipt] = []
    errors: list[BaseException] = []

    def create() -> None:
        try:
            barrier.wait()
            receipts.append(
                services.submission_create(
                    scheme=Scheme.CONCERN, answers={}, send_key_hash="a" * 64
                )
            )
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Submission.objects.count() == 1
    assert {receipt.reference for receipt in receipts} == {Submission.objects.get().reference}
    made = [receipt for receipt in receipts if receipt.created]
    assert len(made) == 1 and made[0].receipt_code
    assert all(receipt.receipt_code == "" for receipt in receipts if not receipt.created)

"""The back office's "done when", in Debian's Chromium. With PostgreSQL and Redis configured,
routing and the deadline sweep run in a real Celery worker process; otherwise in-process.

Requests are sent through intake's service with step answers (the public journeys have their
own browser tests); everything after that is the real path: outbox, task, matching,
routing, clocks, staff sign-in with a one-time password, queue and case page.
"""

import os
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import demo_staff_with_authenticators, staff_sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def back_office(request, db):
    """Demo teams, areas, staff in every role (each with an authenticator) and nominals."""
    if os.environ.get("REDIS_URL"):
        request.getfixturevalue("celery_worker")
    return demo_staff_with_authenticators(nominals=200)


def _open_queue(page, name):
    page.get_by_role("button", name="Triage").click()
    page.get_by_role("link", name=name, exact=True).click()
    # Let the page finish its own requests first: on SQLite (no REDIS_URL) the in-process
    # routing task and the live server's session writes would otherwise contend for the file.
    page.wait_for_load_state("networkidle")
    return page.url


def _wait_for(page, url, reference, timeout=20.0):
    started = time.monotonic()
    while True:
        page.goto(url)
        if page.get_by_role("link", name=reference).count():
            return time.monotonic() - started
        if time.monotonic() - started > timeout:
            pytest.fail(f"{reference} did not reach {url} within {timeout} seconds")
        time.sleep(0.5)


def _send(scheme, answers, **kwargs):
    from intake.services import submission_create

    return submission_create(scheme=scheme, answers=answers, **kwargs)


def test_a_concern_about_a_demo_nominal_reaches_their_offender_manager(
    page, live_server, back_office
):
    from intake.constants import Scheme

    manager = back_office["om.north"]
    staff_sign_in(page, live_server, manager)
    queue_url = _open_queue(page, "My cases")

    sent_at = time.monotonic()
    receipt = _send(
        Scheme.CONCERN,
        {
            "about": {"topic": "known_offender"},
            "person": {
                "full_name": "Darren Whitlock",
                "date_of_birth": "1979-03-14",
                "vehicle": "Silver Vauxhall Astra KX19 PLM",
            },
            "what-happened": {
                "what_happened": "He was waiting outside the primary school at home time.",
                "place": "Alder Close, Norwich NR2 4PD",
            },
        },
    )
    _wait_for(page, queue_url, receipt.reference)
    assert time.monotonic() - sent_at < 20

    page.get_by_role("link", name=receipt.reference).click()
    main = page.locator("main")
    expect(main).to_contain_text("Darren Whitlock (N-0001)")
    expect(main).to_contain_text("Same vehicle registration")
    expect(main).to_contain_text("to their offender manager om.north")
    expect(main).to_contain_text("waiting outside the primary school")

    # Staff confirm the match; the decision is recorded on the timeline.
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_test_id("timeline")).to_contain_text("Match confirmed by Owen")


def test_a_clares_law_application_reaches_the_disclosure_desk_with_its_28_day_clock(
    page, live_server, back_office
):
    from intake.constants import Scheme
    from triage.models import Case

    staff_sign_in(page, live_server, back_office["disclosure"])
    queue_url = _open_queue(page, "My team")
    receipt = _send(
        Scheme.CLARES_LAW,
        {
            "who": {"role": "third_party"},
            "person-at-risk": {"full_name": "Ann Other", "address": "3 Elm Road, Norwich NR1 2AB"},
            "person": {"full_name": "Carl Mason"},
        },
    )
    _wait_for(page, queue_url, receipt.reference)
    case = Case.objects.get(reference=receipt.reference)
    assert case.team.name == "Disclosure desk"
    page.get_by_role("link", name=receipt.reference).click()
    deadlines = page.get_by_test_id("deadlines")
    expect(deadlines).to_contain_text("Whole process")
    whole = case.deadlines.get(kind="whole_process")
    assert whole.due_at - case.submission.submitted_at == timedelta(days=28)
    expect(deadlines).to_contain_text(timezone.localtime(whole.due_at).strftime("%-d %b %Y"))


def test_an_overdue_case_escalates_to_the_supervisor(page, live_server, back_office):
    from intake.constants import Scheme
    from triage.constants import EventKind
    from triage.models import Case, CaseDeadline
    from triage.tasks import remind_and_escalate

    receipt = _send(
        Scheme.CONCERN,
        {
            "about": {"topic": "other"},
            "what-happened": {"what_happened": "Shouting every night.", "place": "NR5 8AB"},
        },
    )
    deadline = time.monotonic() + 20
    while not Case.objects.filter(reference=receipt.reference).exists():
        assert time.monotonic() < deadline, "the case was not opened"
        time.sleep(0.3)
    case = Case.objects.get(reference=receipt.reference)
    # Its 24 hours have passed.
    past = timezone.now() - timedelta(minutes=5)
    CaseDeadline.objects.filter(case=case).update(due_at=past, remind_at=past - timedelta(hours=1))
    Case.objects.filter(pk=case.pk).update(due_at=past)

    remind_and_escalate.delay()  # what Celery beat sends every minute
    deadline = time.monotonic() + 20
    while not case.events.filter(kind=EventKind.ESCALATED).exists():
        assert time.monotonic() < deadline, "the overdue case was not escalated"
        time.sleep(0.3)
    escalated = case.events.get(kind=EventKind.ESCALATED)
    assert escalated.detail["user_ids"] == [back_office["sup.north"].pk]

    staff_sign_in(page, live_server, back_office["sup.north"])
    queue_url = _open_queue(page, "Overdue")
    _wait_for(page, queue_url, receipt.reference, timeout=5)
    expect(page.locator("main")).to_contain_text("OVERDUE")
    page.get_by_role("link", name=receipt.reference).click()
    expect(page.get_by_test_id("timeline")).to_contain_text("Escalated to supervisor")

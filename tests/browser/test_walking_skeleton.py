"""The whole path once, in Debian's Chromium: a member of the public reports a concern and a
triage officer finds it in the queue. With PostgreSQL and Redis configured, routing runs in a
real Celery worker process; otherwise in-process."""

import os
import re
import time

import pytest
from playwright.sync_api import expect

from tests.conftest import axe_violations, totp_token

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _wait_for_case_in_queue(page, queue_url: str, reference: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        page.goto(queue_url)
        if page.get_by_role("link", name=reference).count():
            return
        if time.monotonic() > deadline:
            pytest.fail(f"{reference} did not reach the queue within {timeout} seconds")
        time.sleep(0.5)


def test_a_concern_report_reaches_the_triage_queue(
    page, live_server, starter_content, triage_officer, request
):
    if os.environ.get("REDIS_URL"):
        request.getfixturevalue("celery_worker")

    page.goto(live_server.url + "/")
    expect(page.get_by_role("button", name="Emergency Exit this page")).to_be_visible()
    expect(page.locator("footer")).to_contain_text("999")
    expect(page.locator("footer")).to_contain_text("101")
    assert axe_violations(page) == []

    page.get_by_role("button", name="Report a concern").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Report a concern")
    page.get_by_role("button", name="Start now").click()

    # Immediate danger first. Nothing chosen: the error summary links to the question.
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select yes if anyone is in immediate danger"
    )
    page.get_by_label("No").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Something online involving a child").check()
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("Usernames or profiles they use online").fill("gamer_dave on Roblox")
    page.get_by_role("button", name="Continue").click()
    # How they look is optional: Continue with nothing filled in.
    expect(page.get_by_role("heading", name="Help us recognise them")).to_be_visible()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("What happened?").fill("A man messaged my daughter on a game site.")
    page.get_by_label("Where did it happen?").fill("Online")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("How do you know this?").fill("She showed me the messages.")
    page.get_by_role("button", name="Continue").click()
    # Photos, screenshots or documents are optional.
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Check your answers before sending")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Something online involving a child")
    assert axe_violations(page) == []
    page.get_by_label("I understand how my answers will be used").check()
    page.get_by_role("button", name="Send").click()

    expect(page.locator(".govuk-panel")).to_contain_text("Concern report sent")
    reference = page.get_by_test_id("reference").inner_text().strip()
    assert re.fullmatch(r"CR-[0-9A-Z]{4}-[0-9A-Z]{4}", reference)
    receipt_code = page.get_by_test_id("receipt-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", receipt_code)
    assert page.csp_errors == []

    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()
    # Then the one-time password from the officer's authenticator (every admin URL needs it).
    page.get_by_label("Code").fill(totp_token(triage_officer))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Triage").click()
    page.get_by_role("link", name="Queue").click()
    queue_url = page.url
    _wait_for_case_in_queue(page, queue_url, reference)

    page.get_by_role("link", name=reference).click()
    expect(page.locator("main")).to_contain_text("A man messaged my daughter on a game site.")
    expect(page.locator("main")).to_contain_text("Case viewed by Tess")


def test_exit_this_page_clears_the_journey_and_leaves(page, live_server, home_page):
    # Leave for a page on this server rather than an outside site: there is no network here.
    from cms.models import SiteSettings

    site_settings = SiteSettings.for_site(home_page.get_site())
    site_settings.exit_page_url = live_server.url + "/healthz"
    site_settings.save()

    page.goto(live_server.url + "/report/")
    page.get_by_label("No").check()
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/report/about/$"))

    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_url(live_server.url + "/healthz")

    page.goto(live_server.url + "/report/about/")
    expect(page.get_by_role("heading", name="What is your concern about?")).to_be_visible()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Your session has timed out")).to_be_visible()


def test_escape_leaves_the_site(page, live_server, home_page):
    from cms.models import SiteSettings

    site_settings = SiteSettings.for_site(home_page.get_site())
    site_settings.exit_page_url = live_server.url + "/healthz"
    site_settings.save()

    page.goto(live_server.url + "/")
    page.keyboard.press("Escape")
    page.wait_for_url(live_server.url + "/healthz")

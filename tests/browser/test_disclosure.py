"""A disclosure officer takes a Clare's Law case from application to disclosure in Debian's
Chromium: triaged, checks, contact, forum, decision with the whole record, the letter
produced and downloaded as PDF, then closed. Screenshots go to $SCREENSHOT_DIR when set."""

import io
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import demo_staff_with_authenticators, staff_sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WORDS = "He was convicted in 2019 of assaulting a former partner."


@pytest.fixture
def clares_law_case(db):
    from intake.constants import Scheme
    from tests.triage.conftest import submit, summary
    from triage.services.opening import case_open_for_submission

    users = demo_staff_with_authenticators(nominals=5)
    answers = summary(place_postcode="NR1 1AA")
    answers["applicant"] = {"role": "person_at_risk", "name": "Jane Jones"}
    answers["contact"] = {
        "anonymous": False,
        "name": "Jane Jones",
        "safe_channels": ["phone"],
        "phone": "07700 900456",
        "email": None,
    }
    case = case_open_for_submission(
        submission_id=submit(scheme=Scheme.CLARES_LAW, answers=answers).pk
    )
    return users, case


def _shot(page, name):
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        size = page.viewport_size
        page.set_viewport_size({"width": 1280, "height": 5000})
        page.screenshot(path=str(Path(folder) / f"{name}.png"))
        page.set_viewport_size(size)


def _form(page, action):
    return page.locator(f"form[action$='/{action}/']")


def _done(page):
    expect(page.locator(".messages")).to_contain_text("Done.")


def test_a_disclosure_officer_takes_a_clares_law_case_to_disclosure(
    page, live_server, clares_law_case
):
    from django.utils import timezone

    users, case = clares_law_case
    staff_sign_in(page, live_server, users["disclosure"])
    page.goto(f"{live_server.url}/admin/triage/cases/inspect/{case.pk}/")
    page.get_by_role("button", name="Mark as triaged").click()
    _done(page)
    page.get_by_role("button", name="Start checks").click()
    _done(page)

    contact = _form(page, "contact")
    contact.get_by_label("Method").select_option("in_person")
    contact.get_by_label("Identity checked").check()
    contact.get_by_role("button", name="Record contact").click()
    _done(page)

    today = timezone.localdate().isoformat()
    forum = _form(page, "forum")
    forum.get_by_label("Forum:", exact=True).select_option("marac")
    forum.get_by_label("Forum reference").fill("MARAC-2026-114")
    forum.get_by_label("Date the forum meets").fill(today)
    forum.get_by_role("button", name="Refer").click()
    _done(page)

    decision = _form(page, "decision")
    decision.get_by_label("Disclose", exact=True).check()
    decision.get_by_role("button", name="Record decision").click()
    _done(page)

    # Closing now is refused, naming what is missing.
    close = _form(page, "close")
    close.get_by_label("Outcome").select_option("disclosed")
    close.get_by_role("button", name="Close case").click()
    expect(page.locator(".messages")).to_contain_text("This case cannot be closed yet: record")
    expect(page.locator(".messages")).to_contain_text("confidentiality undertaking")

    made = _form(page, "record_disclosure")
    made.get_by_label("Disclosed to").select_option("person_at_risk")
    made.get_by_label("Name of the person told").fill("Jane Jones")
    made.get_by_role("radio", name="In person").check()
    made.get_by_label("The words disclosed").fill(WORDS)
    made.get_by_role("button", name="Record disclosure").click()
    _done(page)

    undertaking = _form(page, "record_undertaking")
    undertaking.get_by_role("radio", name="Given", exact=False).check()
    undertaking.get_by_label("Date").fill(today)
    undertaking.get_by_role("button", name="Record undertaking").click()
    _done(page)

    plan = _form(page, "record_safety_plan")
    plan.get_by_label("Safety plan").fill("Stays with her sister; panic alarm fitted.")
    plan.get_by_label("Support services referred to").fill("IDVA service")
    plan.get_by_role("button", name="Record safety plan").click()
    _done(page)

    record = page.get_by_test_id("disclosure-record")
    expect(record).to_contain_text("MARAC, reference MARAC-2026-114")
    expect(record).to_contain_text("Jane Jones, the person at risk")
    expect(record).to_contain_text(WORDS)
    expect(record).to_contain_text("Given: the confidentiality undertaking was signed")
    expect(record).to_contain_text("IDVA service")
    expect(page.get_by_test_id("disclosure-missing")).to_contain_text("The record is complete")
    _shot(page, "disclosure-record")

    letter = _form(page, "produce_letter")
    letter.get_by_label("Letter:", exact=True).select_option("closure")
    letter.get_by_role("button", name="Produce letter").click()
    expect(page.locator(".messages")).to_contain_text("hand it over in person")
    letters = page.get_by_test_id("letters")
    expect(letters).to_contain_text("To print and hand over in person")
    with page.expect_download() as download:
        letters.get_by_role("link", name="Download closure letter (PDF)").click()
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = " ".join(pdf.pages[0].extract_text().split())
    assert "Dear Jane Jones" in text and case.reference in text and WORDS not in text

    close = _form(page, "close")
    close.get_by_label("Outcome").select_option("disclosed")
    close.get_by_role("button", name="Close case").click()
    _done(page)
    expect(page.get_by_test_id("timeline")).to_contain_text("Letter downloaded")
    expect(page.get_by_test_id("timeline")).to_contain_text("Decision made to Closed")
    _shot(page, "disclosure-closed")

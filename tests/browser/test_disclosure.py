"""A disclosure officer takes a Clare's Law case from application to disclosure in Debian's
Chromium: triaged, checks, contact, forum, decision with the whole record, the letter
produced and downloaded as PDF, then closed; the supervisor of the disclosure desk then makes
the statutory return that counts it, on the page and as CSV. Screenshots go to
$SCREENSHOT_DIR when set."""

import csv
import io
import os
from datetime import date
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
    # As intake writes it when she asks about her own safety (intake/summary.py): the
    # statutory return counts her relationship as "self".
    answers["person_at_risk"] = {
        "name": "Jane Jones",
        "postcode": "NR1 1AA",
        "relationship_to_applicant": "self",
        "knows_about_application": "yes",
    }
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


def _return_year_start(today: date) -> date:
    """1 April that starts the return's year (HMICFRS collects to 31 March) holding today."""
    return date(today.year if today.month > 3 else today.year - 1, 4, 1)


def _figures(rows: list[list[str]]) -> dict[str, list[str]]:
    """The return's table by figure: {"Disclosures made": ["1", "0", "1"], ...}."""
    return {row[0]: row[1:] for row in rows if row}


def test_a_disclosure_officer_takes_a_clares_law_case_to_disclosure(
    browser, page, live_server, clares_law_case
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

    # The case went to the disclosure desk for NR1, whose supervisor is the demo's sup.desk
    # (Dawn): it is her team's case, so her return counts it. sup.north supervises the area
    # team for NR1 and does not see it.
    case.refresh_from_db()
    assert case.team.name == "Disclosure desk"
    last_day = timezone.localdate()
    first_day = _return_year_start(last_day)

    context = browser.new_context(accept_downloads=True)
    try:
        sup = context.new_page()
        sup.set_default_timeout(15_000)
        staff_sign_in(sup, live_server, users["sup.desk"])
        sup.get_by_role("button", name="Reports").click()
        sup.get_by_role("link", name="Statutory return").click()
        expect(sup.get_by_role("heading", name="Statutory return", level=1)).to_be_visible()

        form = sup.get_by_test_id("return-form")
        form.get_by_label("Scheme").select_option(
            label="Domestic Violence Disclosure Scheme (Clare's Law)"
        )
        form.get_by_label("First day").fill(first_day.isoformat())
        form.get_by_label("Last day").fill(last_day.isoformat())
        form.get_by_role("button", name="Make the return").click()

        result = sup.get_by_test_id("return-result")
        expect(result.get_by_role("heading", level=2)).to_contain_text("Clare's Law")
        expect(result).to_contain_text("The cases of Disclosure desk")
        table = sup.get_by_test_id("return-table")
        expect(table.locator("thead th")).to_have_text(
            ["Figure", "Right to Ask", "Right to Know", "All applications"]
        )
        shown = _figures(
            [
                [" ".join(cell.split()) for cell in row.locator("th, td").all_inner_texts()]
                for row in table.locator("tbody tr").all()
            ]
        )
        expected = {
            "Applications received": ["1", "0", "1"],
            "Disclosures made": ["1", "0", "1"],
            "No disclosure": ["0", "0", "0"],
            "Withdrawn": ["0", "0", "0"],
            "Open at the end of the period": ["0", "0", "0"],
            "Decided within 28 days of the application": ["1", "0", "1"],
            "Decided after 28 days": ["0", "0", "0"],
            "Applicant's relationship: self": ["1", "0", "1"],
        }
        for figure, values in expected.items():
            assert shown.get(figure) == values, (figure, shown)

        with sup.expect_download() as download:
            result.get_by_role("link", name="CSV").click()
        assert download.value.suggested_filename == (
            f"statutory-return-clares-law-{first_day:%Y%m%d}-{last_day:%Y%m%d}.csv"
        )
        rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text("utf-8"))))
        heading = {row[0]: row[1] for row in rows[:4]}
        assert heading["Scheme"] == "Domestic Violence Disclosure Scheme (Clare's Law)"
        assert heading["Area"] == "The cases of Disclosure desk"
        assert heading["Period"] == (
            f"{first_day.day} {first_day:%B %Y} to {last_day.day} {last_day:%B %Y}"
        )
        assert rows[5] == ["Figure", "Right to Ask", "Right to Know", "All applications"]
        downloaded = _figures(rows[6:])
        for figure, values in expected.items():
            assert downloaded.get(figure) == values, (figure, downloaded)
        assert downloaded == shown
        _shot(sup, "disclosure-statutory-return")
    finally:
        context.close()

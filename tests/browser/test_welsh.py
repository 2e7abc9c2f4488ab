"""A Clare's Law application in Welsh in Debian's Chromium, from the Welsh home page to the
confirmation, axe-core clean on every page; then the case as the triage officer sees it:
tagged "Sent in Welsh", the questions in English beside the answers as typed.

The words the test looks for come from the Welsh catalogue, so a reviewer's change to the
Welsh does not break it; that every one of them is translated is tests/intake/test_welsh.py's.
"""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from intake.clares_law import ADDRESS_WORDS
from intake.constants import DECLARATION_TEXT
from intake.models import Submission
from tests.browser.conftest import demo_staff_with_authenticators, staff_sign_in
from tests.browser.test_intake_journeys import accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WORRIES = "Mae e'n darllen fy negeseuon ac mae arna i ofn."


def cy(english: str, context: str | None = None) -> str:
    with translation.override("cy"):
        welsh = translation.pgettext(context, english) if context else translation.gettext(english)
    assert welsh != english, f"not in Welsh: {english!r}"
    return welsh


def go_on(page) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    accessible(page)
    page.get_by_role("button", name=cy("Continue")).click()


@pytest.fixture
def welsh_site(db):
    from cms.services import starter_content_ensure

    starter_content_ensure()
    return demo_staff_with_authenticators(nominals=10)


def test_a_clares_law_application_in_welsh_reaches_the_case_tagged_sent_in_welsh(
    page, live_server, welsh_site
):
    page.goto(live_server.url + "/cy/")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    accessible(page)
    page.locator("main a[href='/cy/ask-for-a-disclosure/apply-clares-law/']").first.click()
    accessible(page)
    page.locator("main a.govuk-button--start").click()
    expect(page).to_have_url(live_server.url + "/cy/apply/clares-law/danger/")

    page.get_by_label(cy("No", "Is anyone in immediate danger?"), exact=True).check()
    go_on(page)
    page.get_by_label(cy("I am worried about my own safety")).check()
    go_on(page)

    # An error in Welsh, and nothing typed is lost.
    page.get_by_label(cy("Your full name")).fill("Siân Pritchard")
    go_on(page)
    expect(page).to_have_title(re.compile("^" + re.escape(cy("Error:"))))
    expect(page.locator(".govuk-error-summary")).to_contain_text(cy("Enter your address"))
    accessible(page)
    expect(page.get_by_label(cy("Your full name"))).to_have_value("Siân Pritchard")
    fill_date_welsh(page, "3", "4", "1988")
    page.get_by_label(cy("Your address")).fill("5 Ffordd y Llan, Caernarfon")
    page.get_by_label(cy("Postcode")).fill("LL55 1AA")
    go_on(page)

    page.get_by_label(cy("Their full name")).fill("Gareth Evans")
    page.get_by_label(cy("What is their relationship to the person at risk?")).fill("Partner")
    page.get_by_label(cy("How long have they been in this relationship?")).fill("2 flynedd")
    go_on(page)
    go_on(page)  # what they look like: optional

    page.get_by_label(cy("Yes"), exact=True).check()
    go_on(page)
    page.get_by_label(cy("Address"), exact=True).fill("9 Stryd y Felin, Bangor LL57 1AA")
    go_on(page)
    with translation.override("cy"):
        added = ADDRESS_WORDS.numbered(ADDRESS_WORDS.added, 1)
    expect(page.get_by_role("heading", name=added)).to_be_visible()
    page.get_by_label(cy("No"), exact=True).check()
    go_on(page)
    page.get_by_label(cy("No"), exact=True).check()
    go_on(page)  # no children

    page.get_by_label(cy("Why are you worried?")).fill(WORRIES)
    go_on(page)
    page.get_by_label(cy("Email"), exact=True).check()
    page.get_by_label(cy("Email address (if email is safe)")).fill("sian@example.org")
    go_on(page)
    go_on(page)  # keeping contact safe: optional

    expect(
        page.get_by_role("heading", name=cy("Check your answers before sending"))
    ).to_be_visible()
    expect(page.locator("main")).to_contain_text(WORRIES)
    accessible(page)
    page.get_by_label(cy(DECLARATION_TEXT)).check()
    page.get_by_role("button", name=cy("Send")).click()
    expect(page.locator(".govuk-panel")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    accessible(page)
    reference = page.get_by_test_id("reference").inner_text().strip()
    submission = Submission.objects.get(reference=reference)
    assert submission.language == "cy"
    assert submission.answers["reason"]["why_worried"] == WORRIES

    page.context.clear_cookies()
    staff_sign_in(page, live_server, welsh_site["triage"])
    page.goto(live_server.url + "/admin/triage/cases/?language=cy")
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_test_id("sent-in-welsh")).to_have_text("Sent in Welsh")
    main = page.locator("main")
    # The questions in English for staff; the answer in the person's own words.
    expect(main).to_contain_text("Why are you worried?")
    expect(main).to_contain_text(WORRIES)
    expect(main).not_to_contain_text(cy("Why are you worried?"))


def fill_date_welsh(page, day: str, month: str, year: str) -> None:
    page.get_by_label(cy("Day")).fill(day)
    page.get_by_label(cy("Month")).fill(month)
    page.get_by_label(cy("Year")).fill(year)

"""The three public journeys in Debian's Chromium, from their start pages: errors, the 999
stop page, add-another lists, change links, confirmation, then follow-up on /check/.

axe-core runs on every page reached, and no page may break the Content-Security-Policy."""

import re

import pytest
from playwright.sync_api import expect

from intake.models import FollowUp, Submission
from tests.conftest import axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
    assert page.csp_errors == []


def go_on(page) -> None:
    """Check the page as it stands, then press Continue."""
    accessible(page)
    page.get_by_role("button", name="Continue").click()


def fill_date(page, day: str, month: str, year: str) -> None:
    page.get_by_label("Day").fill(day)
    page.get_by_label("Month").fill(month)
    page.get_by_label("Year").fill(year)


def safe_contact_by_phone(page) -> None:
    expect(page.get_by_role("heading", name="How can we contact you safely?")).to_be_visible()
    page.get_by_label("Phone", exact=True).check()
    go_on(page)
    # Phone ticked without a number: the error links to the field, the tick is kept.
    expect(page).to_have_title(re.compile(r"^Error: "))
    page.locator(".govuk-error-summary").get_by_role("link", name="Enter a phone number").click()
    expect(page.get_by_label("Phone number (if phone is safe)")).to_be_focused()
    expect(page.get_by_label("Phone", exact=True)).to_be_checked()
    page.get_by_label("Phone number (if phone is safe)").fill("07700 900456")
    go_on(page)
    page.get_by_label("No, do not leave a message").check()
    go_on(page)
    page.get_by_label("When is it safe to contact you?").fill("Weekdays 9am to 3pm")
    page.get_by_label("A word we can ask for on the phone").fill("bluebell")
    go_on(page)


def caption_is(page, caption: str) -> None:
    expect(page.locator("main .govuk-caption-l").first).to_have_text(caption)


def send_and_read_receipt(page, prefix: str) -> tuple[str, str]:
    expect(page.get_by_role("heading", name="Check your answers before sending")).to_be_visible()
    expect(page.get_by_test_id("how-answers-are-used")).to_contain_text("partner agencies")
    accessible(page)
    # Send without the declaration: a GOV.UK error that links to the box, nothing lost.
    page.get_by_role("button", name="Send").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    accessible(page)
    page.locator(".govuk-error-summary").get_by_role(
        "link", name="Confirm that you understand how your answers will be used"
    ).click()
    expect(page.get_by_label("I understand how my answers will be used")).to_be_focused()
    page.get_by_label("I understand how my answers will be used").check()
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".govuk-panel")).to_be_visible()
    accessible(page)
    reference = page.get_by_test_id("reference").inner_text().strip()
    receipt_code = page.get_by_test_id("receipt-code").inner_text().strip()
    assert re.fullmatch(prefix + r"-[0-9A-Z]{4}-[0-9A-Z]{4}", reference)
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", receipt_code)
    return reference, receipt_code


def test_a_named_concern_report_with_errors_the_999_page_and_a_change(page, live_server, home_page):
    page.goto(live_server.url + "/report/")
    # Danger is the first question, captioned with the form's name inside its legend.
    expect(
        page.get_by_role("group", name=re.compile("Is anyone in immediate danger?"))
    ).to_be_visible()
    caption_is(page, "Report a concern")
    page.get_by_label("Yes").check()
    go_on(page)
    expect(page.get_by_role("heading", name=re.compile("Call 999 now"))).to_be_visible()
    accessible(page)
    page.get_by_role("button", name=re.compile("Continue with your")).click()

    caption_is(page, "Report a concern")
    go_on(page)
    expect(page).to_have_title(re.compile(r"^Error: "))
    accessible(page)
    page.get_by_label("The behaviour of someone I know is a registered sex offender").check()
    go_on(page)

    expect(page.get_by_role("heading", name="About the person")).to_be_visible()
    go_on(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter at least one detail about the person"
    )
    page.get_by_label("Their full name (if known)").fill("John Smith")
    fill_date(page, "1", "4", "1980")
    page.get_by_label("Their address, or the area").fill("12 High Street, Leeds LS1 4AP")
    go_on(page)

    expect(page.get_by_role("heading", name="Help us recognise them")).to_be_visible()
    page.get_by_label("Male", exact=True).check()
    page.get_by_label("What do they look like?").fill("Tall, shaved head, star tattoo on his neck")
    go_on(page)

    page.get_by_label("Where did it happen?").fill("Leeds")
    go_on(page)
    # Everything typed is kept on error.
    expect(page.get_by_label("Where did it happen?")).to_have_value("Leeds")
    page.get_by_label("What happened?").fill("He has a new partner with two children.")
    go_on(page)

    page.get_by_label("Yes", exact=True).check()
    go_on(page)
    page.get_by_label("How do you know this?").fill("I live next door.")
    go_on(page)
    # Photos, screenshots or documents are optional.
    go_on(page)
    page.get_by_label("No").check()
    go_on(page)
    page.get_by_label("What is your name?").fill("Jane Jones")
    go_on(page)
    safe_contact_by_phone(page)

    expect(page.locator(".govuk-summary-list").nth(1)).to_contain_text("registered sex offender")
    page.get_by_role("link", name="Change what happened?").click()
    expect(page.get_by_label("What happened?")).to_have_value(
        "He has a new partner with two children."
    )
    page.get_by_label("What happened?").fill("He has moved in with them.")
    go_on(page)
    expect(page.locator("main")).to_contain_text("He has moved in with them.")
    reference, receipt_code = send_and_read_receipt(page, "CR")

    submission = Submission.objects.get(reference=reference)
    assert submission.immediate_danger
    assert submission.answers["subject"]["postcode"] == "LS1 4AP"
    assert submission.answers["contact"]["voicemail_allowed"] is False
    assert submission.answers["subject"]["sex"] == "male"
    assert submission.answers["subject"]["description"].startswith("Tall, shaved head")
    assert submission.answers["declaration"]["version"]

    # Follow-up: a wrong code first, then the right one, then more information.
    page.locator("main").get_by_role("link", name="check or add to a request").click()
    page.get_by_label("Reference").fill(reference)
    page.get_by_label("Receipt code").fill("AAAA-BBBB-CCCC")
    go_on(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("We could not find a request")
    accessible(page)
    page.get_by_label("Receipt code").fill(receipt_code)
    go_on(page)
    expect(page.get_by_test_id("status")).to_have_text("Received")
    accessible(page)
    page.get_by_label("Add information to your request").fill("He has a new car.")
    page.get_by_role("button", name="Add information").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("We have added")
    accessible(page)
    assert FollowUp.objects.get(submission=submission).text == "He has a new car."


def test_a_sarahs_law_application_with_two_children(page, live_server, home_page):
    page.goto(live_server.url + "/apply/sarahs-law/")
    caption_is(page, "Sarah's Law application")
    page.get_by_label("No").check()
    go_on(page)

    expect(page.locator("main")).to_contain_text("interview")
    page.get_by_label("Your full name").fill("Jane Jones")
    fill_date(page, "31", "2", "1985")
    page.get_by_label("Your address").fill("3 Low Road, Leeds")
    page.get_by_label("Postcode").fill("LS2 7AB")
    page.get_by_label("What is your relationship to the child").fill("Mother")
    go_on(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Your date of birth must be a real date"
    )
    expect(page.get_by_label("Your full name")).to_have_value("Jane Jones")
    accessible(page)
    fill_date(page, "7", "6", "1985")
    go_on(page)

    page.get_by_label("Child's full name").fill("Amy Jones")
    page.get_by_label("Age, or rough age").fill("9")
    go_on(page)
    expect(page.get_by_role("heading", name="You have added 1 child")).to_be_visible()
    page.get_by_label("Yes").check()
    go_on(page)
    page.get_by_label("Child's full name").fill("Ben Jones")
    go_on(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the child's date of birth or their age"
    )
    accessible(page)
    page.get_by_label("Age, or rough age").fill("4")
    go_on(page)
    expect(page.get_by_role("heading", name="You have added 2 children")).to_be_visible()
    page.get_by_label("No").check()
    go_on(page)

    expect(page.get_by_role("heading", name="The child's parents and carers")).to_be_visible()
    go_on(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select whether the child's parent or carer knows about this application"
    )
    accessible(page)
    page.get_by_label("No", exact=True).check()
    page.get_by_label("Who has parental responsibility").fill("Their father and me")
    go_on(page)

    page.get_by_label("Their full name").fill("Mark Brown")
    page.get_by_label("How do they have contact with the child?").fill("He is my new partner.")
    go_on(page)
    page.get_by_label("Not known").check()
    go_on(page)
    page.get_by_label("Why are you worried?").fill("Something he said about his past.")
    go_on(page)
    safe_contact_by_phone(page)

    page.get_by_role("link", name="Change child 2: child's full name").click()
    page.get_by_label("Child's full name").fill("Benjamin Jones")
    go_on(page)
    expect(page.locator("main")).to_contain_text("Benjamin Jones")
    reference, _ = send_and_read_receipt(page, "SL")
    expect(page.locator("main")).to_contain_text("45 days")
    answers = Submission.objects.get(reference=reference).answers
    assert [child["name"] for child in answers["children"]] == ["Amy Jones", "Benjamin Jones"]
    assert answers["parent_or_carer"] == {
        "knows_about_application": "no",
        "parental_responsibility": "Their father and me",
    }
    assert answers["applicant"]["relationship"] == "Mother"


def test_a_third_party_clares_law_application(page, live_server, home_page):
    page.goto(live_server.url + "/apply/clares-law/")
    caption_is(page, "Clare's Law application")
    page.get_by_label("No").check()
    go_on(page)
    page.get_by_label("I am worried about someone else's safety").check()
    go_on(page)

    page.get_by_label("Your full name").fill("Sue Jones")
    fill_date(page, "1", "1", "1970")
    page.get_by_label("Your address").fill("5 Park Lane, York")
    page.get_by_label("Postcode").fill("YO1 7HH")
    go_on(page)

    page.get_by_label("What is your relationship to them?").fill("Sister")
    page.get_by_label("Their full name").fill("Jane Jones")
    page.get_by_label("Their address (if known)").fill("3 Low Road, Leeds LS2 7AB")
    page.get_by_label("No", exact=True).check()
    go_on(page)

    page.get_by_label("Their full name").fill("Mark Brown")
    page.get_by_label("Other names, including previous names").fill("Mark Green")
    page.get_by_label("What is their relationship to the person at risk?").fill("Partner")
    page.get_by_label("How long have they been in this relationship?").fill("6 months")
    go_on(page)
    page.get_by_label("Female", exact=True).check()
    go_on(page)

    page.get_by_label("Yes").check()
    go_on(page)
    page.get_by_label("Address").fill("9 Mill Street, Bradford BD1 1AA")
    page.get_by_label("When did they live there?").fill("2020 to 2023")
    go_on(page)
    expect(page.get_by_role("heading", name="You have added 1 address")).to_be_visible()
    page.get_by_label("No").check()
    go_on(page)

    expect(
        page.get_by_role("group", name="Do any children live with or have contact with them?")
    ).to_be_visible()
    page.get_by_label("Yes").check()
    go_on(page)
    go_on(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the child's first name")
    accessible(page)
    page.get_by_label("Child's first name").fill("Amy")
    page.get_by_label("Child's age, or rough age").fill("about 4")
    page.get_by_label("How is the child connected to them?").fill("Her daughter, lives with them")
    go_on(page)
    expect(page.get_by_role("heading", name="You have added 1 child")).to_be_visible()
    page.get_by_label("No").check()
    go_on(page)

    page.get_by_label("Why are you worried?").fill("He checks her phone and she is scared.")
    go_on(page)
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("Email address (if email is safe)").fill("sue@example.org")
    go_on(page)
    # E-mail only: no voicemail question.
    expect(page.get_by_role("heading", name="Keeping contact safe")).to_be_visible()
    go_on(page)

    page.get_by_role("link", name="Change address 1: address").click()
    page.get_by_label("Address").fill("10 Mill Street, Bradford BD1 1AA")
    go_on(page)
    expect(page.locator("main")).to_contain_text("10 Mill Street")
    # Ages read back as the person wrote them.
    expect(page.locator("main")).to_contain_text("about 4")
    reference, _ = send_and_read_receipt(page, "CL")
    expect(page.locator("main")).to_contain_text("28 days")
    answers = Submission.objects.get(reference=reference).answers
    assert answers["applicant"]["role"] == "third_party"
    assert answers["subject"]["addresses"] == ["10 Mill Street, Bradford BD1 1AA (2020 to 2023)"]
    assert answers["subject"]["sex"] == "female"
    assert answers["person_at_risk"]["knows_about_application"] == "no"
    assert [(child["name"], child["age_text"]) for child in answers["children"]] == [
        ("Amy", "about 4")
    ]


def test_the_timed_out_and_too_many_attempts_pages_are_accessible(
    page, live_server, home_page, settings
):
    page.goto(live_server.url + "/apply/clares-law/reason/")
    page.get_by_label("Why are you worried?").fill("Something")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Your session has timed out")).to_be_visible()
    accessible(page)

    settings.INTAKE_RATE_LIMITS = {**settings.INTAKE_RATE_LIMITS, "check_failure": "0/m"}
    page.goto(live_server.url + "/check/")
    page.get_by_label("Reference").fill("CL-0000-0000")
    page.get_by_label("Receipt code").fill("0000-0000-0000")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Too many attempts")).to_be_visible()
    accessible(page)


def test_a_journey_in_welsh_switches_language_on_the_same_page_and_is_accessible(
    page, live_server, home_page
):
    page.goto(live_server.url + "/cy/apply/clares-law/")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page).to_have_url(live_server.url + "/cy/apply/clares-law/danger/")
    expect(page.get_by_role("button", name="Gadael y dudalen hon")).to_be_visible()
    accessible(page)
    # GOV.UK's language select: a plain link, no JavaScript, to the same question in English.
    page.get_by_role("link", name="Change the language to English").click()
    expect(page).to_have_url(live_server.url + "/apply/clares-law/danger/")
    expect(page.locator("html")).to_have_attribute("lang", "en-GB")
    accessible(page)
    page.get_by_role("link", name="Newid yr iaith i\u2019r Gymraeg").click()
    expect(page).to_have_url(live_server.url + "/cy/apply/clares-law/danger/")

    # The time-out page in Welsh: answers posted after the session has gone.
    page.context.clear_cookies()
    page.goto(live_server.url + "/cy/apply/clares-law/reason/")
    page.locator("main textarea").fill("Rhywbeth")
    page.locator("main form button.govuk-button").click()
    expect(page.get_by_role("heading", name="Mae eich sesiwn wedi dod i ben")).to_be_visible()
    accessible(page)

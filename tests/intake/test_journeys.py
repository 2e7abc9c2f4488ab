"""The three journeys end to end through Django's test client."""

import re
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from intake.clares_law import CLARES_LAW
from intake.concern_report import CONCERN_REPORT
from intake.constants import DECLARATION_VERSION
from intake.journeys import is_changing, with_change_flag
from intake.models import OutboxMessage, Submission
from intake.sarahs_law import SARAHS_LAW
from intake.summary import SUMMARY_KEYS
from tests.intake.journey_data import (
    CLARES_LAW_THIRD_PARTY,
    CONCERN,
    NAMED_CONCERN,
    answer_all,
    declared,
)
from tests.intake.journey_data import (
    SARAHS_LAW as SARAHS_LAW_STEPS,
)

pytestmark = pytest.mark.django_db


def send(client, prefix: str) -> Submission:
    response = client.post(f"{prefix}check-your-answers/", declared(client, prefix))
    assert response["Location"] == f"{prefix}confirmation/"
    return Submission.objects.get()


def test_no_step_slug_clashes_with_the_summary_keys():
    for journey in (CONCERN_REPORT, SARAHS_LAW, CLARES_LAW):
        assert not {step.slug for step in journey.steps} & set(SUMMARY_KEYS), journey.name


def test_every_journey_starts_at_its_first_question(client, home_page):
    assert client.get("/report/")["Location"] == "/report/danger/"
    assert client.get("/apply/sarahs-law/")["Location"] == "/apply/sarahs-law/danger/"
    assert client.get("/apply/clares-law/")["Location"] == "/apply/clares-law/danger/"


def test_a_concern_report_needs_one_detail_about_the_person(client, home_page):
    answer_all(client, CONCERN[:2])
    response = client.post("/report/person/", {"full_name": "", "date_of_birth_0": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter at least one detail about the person" in body
    assert 'href="#id_full_name"' in body
    response = client.post("/report/person/", {"usernames": "kid_gamer_99"})
    assert response["Location"] == "/report/appearance/"


def test_an_anonymous_concern_report_asks_nothing_about_the_reporter(client, home_page):
    answer_all(client, CONCERN)
    submission = send(client, "/report/")
    assert submission.is_anonymous
    assert submission.answers["contact"]["anonymous"] is True
    assert submission.answers["applicant"] is None
    assert submission.answers["subject"]["names"] == ["John Smith"]
    assert submission.answers["subject"]["aliases"] == ["Johnny", "John Brown"]
    assert submission.answers["subject"]["date_of_birth"] == "1980-04-01"
    assert submission.answers["subject"]["postcode"] == "LS1 4AP"
    assert submission.answers["place"]["town"] == "Leeds"
    assert "safe-contact" not in submission.answers
    assert mail.outbox == []


def test_a_named_reporter_gives_safe_contact_and_gets_a_neutral_email(
    client, home_page, django_capture_on_commit_callbacks
):
    answer_all(client, NAMED_CONCERN)
    with django_capture_on_commit_callbacks(execute=True):
        submission = send(client, "/report/")
    assert not submission.is_anonymous
    assert submission.answers["contact"]["safe_channels"] == ["email"]
    assert submission.answers["contact"]["email"] == "jane@example.org"
    assert submission.answers["contact"]["confirmation_word"] == "bluebell"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jane@example.org"]
    text = (message.subject + message.body).lower()
    # Not even the reference: its letters name the scheme.
    assert submission.reference.lower() not in text
    for revealing in ["concern", "offender", "smith", "police", "clare", "sarah", "report"]:
        assert revealing not in text, revealing
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"processed"}


def test_no_email_is_sent_when_email_is_not_marked_safe(
    client, home_page, django_capture_on_commit_callbacks
):
    answer_all(client, SARAHS_LAW_STEPS)
    with django_capture_on_commit_callbacks(execute=True):
        send(client, "/apply/sarahs-law/")
    assert mail.outbox == []
    assert not OutboxMessage.objects.filter(task_name="intake.send_acknowledgement").exists()


def test_a_sarahs_law_application_with_two_children(client, home_page):
    answer_all(client, SARAHS_LAW_STEPS[:3])
    page = client.get("/apply/sarahs-law/each-child/").content.decode()
    assert "You have added 1 child" in page
    assert "Amy Jones" in page
    response = client.post("/apply/sarahs-law/each-child/", {"add_another": "yes"})
    assert response["Location"] == "/apply/sarahs-law/each-child/2/"
    # Neither a date of birth nor an age: one clear error, what was typed kept.
    response = client.post("/apply/sarahs-law/each-child/2/", {"full_name": "Ben Jones"})
    body = response.content.decode()
    assert "Enter the child&#x27;s date of birth or their age" in body
    assert 'value="Ben Jones"' in body
    response = client.post("/apply/sarahs-law/each-child/2/", {"full_name": "Ben", "age": "4"})
    assert response["Location"] == "/apply/sarahs-law/each-child/"
    assert (
        "You have added 2 children" in client.get("/apply/sarahs-law/each-child/").content.decode()
    )
    answer_all(client, SARAHS_LAW_STEPS[3:])
    page = client.get("/apply/sarahs-law/check-your-answers/").content.decode()
    assert 'href="/apply/sarahs-law/each-child/2/?change=1"' in page
    assert 'href="/apply/sarahs-law/each-child/?change=1"' in page
    assert "2 children" in page
    # Adding a third from check answers, then saying no more, comes back to check answers.
    response = client.post("/apply/sarahs-law/each-child/?change=1", {"add_another": "yes"})
    assert response["Location"] == "/apply/sarahs-law/each-child/3/?change=1"
    response = client.post(response["Location"], {"full_name": "Cal", "age": "1"})
    assert response["Location"] == "/apply/sarahs-law/each-child/?change=1"
    response = client.post(response["Location"], {"add_another": "no"})
    assert response["Location"] == "/apply/sarahs-law/check-your-answers/"
    summary = client.get("/apply/sarahs-law/each-child/?change=1").content.decode()
    assert 'action="/apply/sarahs-law/each-child/3/remove/?change=1"' in summary
    response = client.post("/apply/sarahs-law/each-child/3/remove/?change=1")
    assert response["Location"] == "/apply/sarahs-law/each-child/?change=1"
    response = client.post(response["Location"], {"add_another": "no"})
    assert response["Location"] == "/apply/sarahs-law/check-your-answers/"
    assert "interview" in client.get("/apply/sarahs-law/about-you/").content.decode()
    submission = send(client, "/apply/sarahs-law/")
    assert submission.reference.startswith("SL-")
    names = [child["name"] for child in submission.answers["children"]]
    assert names == ["Amy Jones", "Ben"]
    assert submission.answers["children"][1]["age"] == 4
    assert submission.answers["subject"]["contact_with_children"] == "He is my new partner."
    assert submission.answers["applicant"]["postcode"] == "LS2 7AB"
    assert submission.answers["contact"]["voicemail_allowed"] is False
    assert submission.answers["place"]["postcode"] == "LS2 7AB"
    page = client.get("/apply/sarahs-law/confirmation/").content.decode()
    assert "45 days" in page and "10 days" in page


def test_removing_a_child_and_the_minimum_of_one(client, home_page):
    answer_all(client, SARAHS_LAW_STEPS[:3])
    response = client.post("/apply/sarahs-law/each-child/1/remove/")
    assert response["Location"] == "/apply/sarahs-law/each-child/"
    assert client.get("/apply/sarahs-law/each-child/")["Location"] == (
        "/apply/sarahs-law/each-child/1/"
    )
    response = client.post("/apply/sarahs-law/each-child/", {"add_another": "no"})
    assert "Add at least 1 child" in response.content.decode()
    assert client.get("/apply/sarahs-law/each-child/5/").status_code == 404


def test_a_third_party_clares_law_application(client, home_page):
    answer_all(client, CLARES_LAW_THIRD_PARTY)
    page = client.get("/apply/clares-law/check-your-answers/").content.decode()
    assert "9 Mill Street" in page
    assert 'href="/apply/clares-law/subject-addresses/1/?change=1"' in page
    submission = send(client, "/apply/clares-law/")
    answers = submission.answers
    assert submission.reference.startswith("CL-")
    assert answers["applicant"]["role"] == "third_party"
    assert answers["person_at_risk"]["knows_about_application"] == "no"
    assert answers["subject"]["aliases"] == ["Mark Green"]
    assert answers["subject"]["addresses"] == ["9 Mill Street, Bradford BD1 1AA (2020 to 2023)"]
    assert answers["subject"]["relationship"] == "Partner, 6 months"
    assert answers["place"]["postcode"] == "LS2 7AB"
    assert "28 days" in client.get("/apply/clares-law/confirmation/").content.decode()


def test_a_person_at_risk_is_not_asked_about_someone_else(client, home_page):
    steps = [
        (path, {"role": "person_at_risk"} if path.endswith("/who/") else data)
        for path, data in CLARES_LAW_THIRD_PARTY
        if not path.endswith("/person-at-risk/")
    ]
    answer_all(client, steps)
    assert client.get("/apply/clares-law/person-at-risk/")["Location"] == "/apply/clares-law/"
    submission = send(client, "/apply/clares-law/")
    assert submission.answers["person_at_risk"]["relationship_to_applicant"] == "self"
    assert "person-at-risk" not in submission.answers


def test_clares_law_addresses_may_be_none(client, home_page):
    answer_all(client, CLARES_LAW_THIRD_PARTY[:5])
    page = client.get("/apply/clares-law/subject-addresses/").content.decode()
    assert "Do you know any address they have lived at in the last 5 years?" in page
    response = client.post("/apply/clares-law/subject-addresses/", {"add_another": "no"})
    assert response["Location"] == "/apply/clares-law/children-contact/"
    response = client.post("/apply/clares-law/subject-addresses/", {})
    assert "Select yes if you know another address" in response.content.decode()


def test_immediate_danger_in_clares_law_stops_with_999(client, home_page):
    response = client.post("/apply/clares-law/danger/", {"immediate_danger": "yes"})
    assert response["Location"] == "/apply/clares-law/stop/immediate_danger/"
    page = client.get(response["Location"]).content.decode()
    assert "Call 999 now" in page
    assert 'href="/apply/clares-law/who/"' in page


def test_changing_an_answer_that_opens_a_new_question_asks_it(client, home_page):
    answer_all(client, CONCERN)
    response = client.post("/report/anonymous/?change=1", {"anonymous": "no"})
    assert response["Location"] == "/report/about-you/"


def test_a_date_of_birth_must_be_real_and_in_the_past(client, home_page):
    answer_all(client, SARAHS_LAW_STEPS[:1])
    base = dict(SARAHS_LAW_STEPS[1][1])
    for day, month, year, message in [
        ("31", "2", "1990", "Your date of birth must be a real date"),
        ("1", "1", "2999", "Your date of birth must be in the past"),
        ("1", "", "1990", "Your date of birth must include a month"),
        ("99999999999999999999", "1", "1990", "Your date of birth must be a real date"),
    ]:
        data = {**base, "date_of_birth_0": day, "date_of_birth_1": month, "date_of_birth_2": year}
        response = client.post("/apply/sarahs-law/about-you/", data)
        assert response.status_code == 200
        assert message in response.content.decode()


def test_the_change_flag_is_read_from_the_query_and_carried_on_links(rf):
    assert is_changing(rf.get("/report/about/", {"change": "1"}))
    assert not is_changing(rf.get("/report/about/", {"change": "yes"}))
    assert not is_changing(rf.get("/report/about/"))
    assert with_change_flag("/report/about/") == "/report/about/?change=1"
    assert with_change_flag("/report/about/", False) == "/report/about/"


def test_sending_needs_the_declaration_and_keeps_the_answers_until_it_is_ticked(client, home_page):
    answer_all(client, CONCERN)
    page = client.get("/report/check-your-answers/").content.decode()
    assert "partner agencies" in page
    assert "criminal offence" in page
    assert "I understand how my answers will be used" in page
    response = client.post("/report/check-your-answers/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in body
    assert 'href="#declaration"' in body
    assert "Confirm that you understand how your answers will be used" in body
    assert "govuk-form-group--error" in body
    assert not Submission.objects.exists()
    # Nothing is lost: the answers are still there to send.
    assert "He has a new partner with two children." in body
    submission = send(client, "/report/")
    declaration = submission.answers["declaration"]
    assert declaration["version"] == DECLARATION_VERSION
    accepted = datetime.fromisoformat(declaration["accepted_at"])
    assert abs(timezone.now() - accepted) < timedelta(minutes=1)


def test_the_notice_links_to_the_privacy_notice_and_fits_the_scheme(client, starter_content):
    answer_all(client, SARAHS_LAW_STEPS)
    page = client.get("/apply/sarahs-law/check-your-answers/").content.decode()
    assert 'href="/privacy/"' in page
    assert "Misusing it can also be an offence" in page
    assert "6 years if we shared information" in page


def test_every_question_page_names_its_form_in_a_caption(client, home_page):
    captions = {
        "/report/": "Report a concern",
        "/apply/sarahs-law/": "Sarah&#x27;s Law application",
        "/apply/clares-law/": "Clare&#x27;s Law application",
    }
    for steps, start in [
        (CONCERN, "/report/"),
        (SARAHS_LAW_STEPS, "/apply/sarahs-law/"),
        (CLARES_LAW_THIRD_PARTY, "/apply/clares-law/"),
    ]:
        client.cookies.clear()
        seen = set()
        for path, data in steps:
            if path not in seen:
                page = client.get(path).content.decode()
                assert f'<span class="govuk-caption-l">{captions[start]}</span>' in page, path
                seen.add(path)
            client.post(path, data)
        page = client.get(f"{start}check-your-answers/").content.decode()
        assert f'<span class="govuk-caption-l">{captions[start]}</span>' in page


def test_rough_ages_are_shown_back_on_check_answers_as_the_person_wrote_them(client, home_page):
    answer_all(client, CLARES_LAW_THIRD_PARTY)
    page = client.get("/apply/clares-law/check-your-answers/").content.decode()
    # The person at risk's age ("late 30s") and the child's ("about 4"), in their words.
    assert "late 30s" in page
    assert "about 4" in page
    submission = send(client, "/apply/clares-law/")
    assert submission.answers["person-at-risk"]["age"] == "late 30s"
    assert submission.answers["person_at_risk"]["age_text"] == "late 30s"


def test_clares_law_asks_about_children_and_allows_none(client, home_page):
    answer_all(client, CLARES_LAW_THIRD_PARTY[:9])
    page = client.get("/apply/clares-law/children-contact/").content.decode()
    assert "Do any children live with or have contact with them?" in page
    response = client.post("/apply/clares-law/children-contact/", {})
    assert "Select yes if any children live with or have contact with them" in (
        response.content.decode()
    )
    response = client.post("/apply/clares-law/children-contact/", {"add_another": "no"})
    assert response["Location"] == "/apply/clares-law/reason/"
    answer_all(client, CLARES_LAW_THIRD_PARTY[-4:])
    page = client.get("/apply/clares-law/check-your-answers/").content.decode()
    assert "Children who live with or have contact with them" in page
    submission = send(client, "/apply/clares-law/")
    assert submission.answers["children"] == []
    assert submission.answers["children-contact"] == {"items": []}


def test_clares_law_children_the_subject_s_sex_and_description_reach_the_summary(client, home_page):
    answer_all(client, CLARES_LAW_THIRD_PARTY)
    page = client.get("/apply/clares-law/children-contact/").content.decode()
    assert "You have added 1 child" in page
    assert "Amy, about 4" in page
    submission = send(client, "/apply/clares-law/")
    answers = submission.answers
    assert answers["children"] == [
        {
            "name": "Amy",
            "date_of_birth": None,
            "age": 4,
            "age_range": [2, 6],
            "age_text": "about 4",
            "address": None,
            "relationship": "Jane's daughter, lives with them",
        }
    ]
    # "Not known" is no more use to matching than no answer.
    assert answers["subject"]["sex"] is None
    assert answers["subject"]["description"] == "Short, dark hair"
    assert answers["person_at_risk"]["knows_about_application"] == "no"
    assert answers["parent_or_carer"] is None


def test_the_person_at_risk_is_asked_whether_they_know_and_it_is_on_check_answers(
    client, home_page
):
    answer_all(client, CLARES_LAW_THIRD_PARTY)
    page = client.get("/apply/clares-law/check-your-answers/").content.decode()
    assert "Do they know you are making this application?" in page
    assert 'href="/apply/clares-law/person-at-risk/?change=1"' in page


def test_sarahs_law_parents_and_the_subject_s_description_reach_the_summary(client, home_page):
    answer_all(client, SARAHS_LAW_STEPS)
    page = client.get("/apply/sarahs-law/check-your-answers/").content.decode()
    assert "Does the child&#x27;s parent or carer know you are making this application?" in page
    assert "I am the child&#x27;s parent or carer" in page
    submission = send(client, "/apply/sarahs-law/")
    answers = submission.answers
    assert answers["parent_or_carer"] == {
        "knows_about_application": "applicant_is_parent",
        "parental_responsibility": "Me and her father",
    }
    assert answers["applicant"]["relationship"] == "Mother"
    assert answers["subject"]["sex"] is None
    assert answers["subject"]["description"] is None
    assert answers["children"][0]["relationship"] is None


def test_a_concern_report_asks_about_danger_first_and_records_the_subject_s_sex(client, home_page):
    assert [step.slug for step in CONCERN_REPORT.steps][:2] == ["danger", "about"]
    # Nothing may be answered before the danger question.
    assert client.post("/report/about/", {"topic": "other"})["Location"] == "/report/timed-out/"
    answer_all(client, CONCERN)
    submission = send(client, "/report/")
    assert submission.answers["subject"]["sex"] == "male"
    assert submission.answers["subject"]["description"].startswith("Tall, thin")
    assert submission.answers["parent_or_carer"] is None


# --- English and Welsh ------------------------------------------------------------------------

_HTML_LANG = re.compile(r'<html lang="([^"]+)"')


@pytest.mark.parametrize(("language", "tag"), [("", "en-GB"), ("/cy", "cy")])
@pytest.mark.parametrize(
    ("steps", "prefix"),
    [
        (CONCERN, "/report/"),
        (SARAHS_LAW_STEPS, "/apply/sarahs-law/"),
        (CLARES_LAW_THIRD_PARTY, "/apply/clares-law/"),
    ],
    ids=["concern", "sarahs_law", "clares_law"],
)
def test_every_step_answers_in_its_language_and_the_submission_records_it(
    client, home_page, steps, prefix, language, tag
):
    def page(path: str) -> str:
        response = client.get(path)
        assert response.status_code == 200, path
        assert _HTML_LANG.search(response.content.decode()).group(1) == tag, path
        return response.content.decode()

    page(f"{language}{prefix}danger/")
    for path, data in steps:
        found = client.get(language + path)
        if found.status_code == 200:
            assert _HTML_LANG.search(found.content.decode()).group(1) == tag, path
        response = client.post(language + path, data)
        assert response.status_code == 302, (path, response.content.decode()[:2000])
        # Every step leads on in the same language.
        assert response["Location"].startswith(f"{language}/"), response["Location"]
    page(f"{language}{prefix}check-your-answers/")
    submission = send(client, f"{language}{prefix}")
    page(f"{language}{prefix}confirmation/")
    assert submission.language == ("cy" if language else "en")


def test_a_shared_question_and_its_error_are_in_welsh_under_cy(client, home_page):
    page = client.get("/cy/apply/clares-law/danger/").content.decode()
    assert "Oes rhywun mewn perygl uniongyrchol?" in page
    assert "Cais Cyfraith Clare" in page
    assert ">Parhau</button>" in page
    response = client.post("/cy/apply/clares-law/danger/", {})
    body = response.content.decode()
    assert "Mae problem wedi codi" in body
    assert "Dewiswch \u2018Oes\u2019 os oes rhywun mewn perygl uniongyrchol" in body
    assert "<title>Gwall: " in body
    # The same page in English is unchanged.
    english = client.get("/apply/clares-law/danger/").content.decode()
    assert "Is anyone in immediate danger?" in english and "Oes rhywun" not in english

"""The disclosure record of Sarah's Law and Clare's Law cases, and the rule that a case
closes only once its record is complete."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from intake.constants import Scheme
from tests.triage.conftest import submit, summary
from triage.constants import CaseStatus, EventKind, Outcome
from triage.services import disclosure, lifecycle
from triage.services.opening import case_open_for_submission

pytestmark = pytest.mark.django_db

WORDS = "He was convicted in 2019 of assaulting a former partner."


def _at_contact(demo, scheme=Scheme.CLARES_LAW):
    case = case_open_for_submission(
        submission_id=submit(scheme=scheme, answers=summary(place_postcode="NR1 1AA")).pk
    )
    officer = demo["disclosure"]
    lifecycle.case_triage(case_id=case.pk, acting_user=officer)
    lifecycle.case_start_checks(case_id=case.pk, acting_user=officer)
    lifecycle.case_record_contact(
        case_id=case.pk, acting_user=officer, identity_checked=True, method="in_person"
    )
    return case, officer


def _at_forum(demo, scheme=Scheme.CLARES_LAW):
    case, officer = _at_contact(demo, scheme)
    lifecycle.case_refer_to_forum(
        case_id=case.pk,
        acting_user=officer,
        forum="local",
        forum_reference="LDF-2026-7",
        forum_date=timezone.localdate(),
    )
    return case, officer


def test_a_decision_needs_a_forum_or_immediate_risk(demo):
    case, officer = _at_contact(demo)
    with pytest.raises(ValidationError, match="Refer the case to a decision forum first"):
        lifecycle.case_record_decision(case_id=case.pk, acting_user=officer, decision="disclose")
    case = lifecycle.case_record_decision(
        case_id=case.pk, acting_user=officer, decision="disclose", immediate_risk=True
    )
    assert case.forum == "immediate" and case.status == CaseStatus.DECISION


def test_no_disclosure_needs_its_reason(demo):
    case, officer = _at_forum(demo)
    with pytest.raises(ValidationError, match="reason"):
        lifecycle.case_record_decision(
            case_id=case.pk, acting_user=officer, decision="no_disclosure"
        )
    case = lifecycle.case_record_decision(
        case_id=case.pk,
        acting_user=officer,
        decision="no_disclosure",
        no_disclosure_reason="nothing_to_disclose",
    )
    assert case.decision_disclose is False and case.no_disclosure_reason == "nothing_to_disclose"
    event = case.events.filter(kind=EventKind.STATUS_CHANGED).last()
    assert event.detail["decision"] == "no_disclosure"


def test_the_forum_is_one_that_meets_with_its_reference(demo):
    case, officer = _at_contact(demo)
    with pytest.raises(ValidationError):
        lifecycle.case_refer_to_forum(
            case_id=case.pk, acting_user=officer, forum="immediate", forum_reference="X"
        )
    case = lifecycle.case_refer_to_forum(
        case_id=case.pk,
        acting_user=officer,
        forum="mappa",
        forum_reference="MAPPA-12",
        forum_date=timezone.localdate(),
    )
    assert case.forum == "mappa" and case.forum_date == timezone.localdate()


def test_the_disclosure_made_is_recorded_and_its_words_stay_out_of_the_trail(demo):
    case, officer = _at_forum(demo)
    lifecycle.case_record_decision(case_id=case.pk, acting_user=officer, decision="disclose")
    with pytest.raises(ValidationError, match="disclosure is made to"):
        disclosure.case_record_disclosure(
            case_id=case.pk,
            acting_user=officer,
            recipient="parent_or_carer",
            recipient_name="Jane Jones",
            method="in_person",
            words=WORDS,
        )
    with pytest.raises(ValidationError, match="why"):
        disclosure.case_record_disclosure(
            case_id=case.pk,
            acting_user=officer,
            recipient="person_at_risk",
            recipient_name="Jane Jones",
            method="phone",
            words=WORDS,
        )
    case = disclosure.case_record_disclosure(
        case_id=case.pk,
        acting_user=officer,
        recipient="person_at_risk",
        recipient_name="Jane Jones",
        method="phone",
        phone_reason="She could not safely leave the house",
        words=WORDS,
    )
    assert case.disclosed_to_kind == "person_at_risk" and case.disclosure_method == "phone"
    assert case.details["disclosure"]["words"] == WORDS
    event = case.events.get(kind=EventKind.DISCLOSURE_RECORDED)
    assert event.detail["recipient"] == "person_at_risk" and event.detail["method"] == "phone"
    trail = str(list(case.events.values_list("detail", flat=True)))
    assert "Jane" not in trail and "convicted" not in trail
    # Encrypted at rest: the column holds no word of it.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT details FROM triage_case WHERE id = %s", [case.pk])
        assert "convicted" not in cursor.fetchone()[0]


def test_sarahs_law_discloses_in_person_only(demo):
    case, officer = _at_forum(demo, Scheme.SARAHS_LAW)
    lifecycle.case_record_decision(case_id=case.pk, acting_user=officer, decision="disclose")
    with pytest.raises(ValidationError, match="in person"):
        disclosure.case_record_disclosure(
            case_id=case.pk,
            acting_user=officer,
            recipient="parent_or_carer",
            recipient_name="Jane Jones",
            method="phone",
            phone_reason="Far away",
            words=WORDS,
        )


def test_a_refused_undertaking_is_recorded_with_its_effect(demo):
    case, officer = _at_forum(demo)
    lifecycle.case_record_decision(case_id=case.pk, acting_user=officer, decision="disclose")
    with pytest.raises(ValidationError, match="refusal"):
        disclosure.case_record_undertaking(
            case_id=case.pk, acting_user=officer, undertaking="refused", on=timezone.localdate()
        )
    case = disclosure.case_record_undertaking(
        case_id=case.pk,
        acting_user=officer,
        undertaking="refused",
        on=timezone.localdate(),
        effect="Disclosure went ahead: the risk outweighed the refusal.",
    )
    assert case.undertaking == "refused"
    assert case.details["disclosure"]["undertaking_effect"].startswith("Disclosure went ahead")
    event = case.events.get(kind=EventKind.UNDERTAKING_RECORDED)
    assert event.detail == {"undertaking": "refused", "on": timezone.localdate().isoformat()}


def test_an_immediate_risk_decision_is_ratified_by_a_forum(demo):
    case, officer = _at_contact(demo)
    lifecycle.case_record_decision(
        case_id=case.pk,
        acting_user=officer,
        decision="other_safeguarding",
        no_disclosure_reason="no_pressing_need",
        immediate_risk=True,
    )
    disclosure.case_record_safety_plan(
        case_id=case.pk, acting_user=officer, safety_plan="Refuge place found.", referrals="IDVA"
    )
    with pytest.raises(ValidationError, match="ratification"):
        lifecycle.case_close(case_id=case.pk, acting_user=officer, outcome=Outcome.NOT_DISCLOSED)
    with pytest.raises(ValidationError, match="before it was taken"):
        disclosure.case_ratify_decision(
            case_id=case.pk,
            acting_user=officer,
            forum="marac",
            forum_reference="MARAC-9",
            ratified_on=timezone.localdate() - timedelta(days=3),
        )
    case = disclosure.case_ratify_decision(
        case_id=case.pk,
        acting_user=officer,
        forum="marac",
        forum_reference="MARAC-9",
        ratified_on=timezone.localdate(),
    )
    assert case.ratified_by_forum == "marac"
    case = lifecycle.case_close(case_id=case.pk, acting_user=officer, outcome=Outcome.NOT_DISCLOSED)
    assert case.status == CaseStatus.CLOSED


def test_a_disclosure_case_closes_only_with_its_record_complete(demo):
    case, officer = _at_forum(demo)
    with pytest.raises(ValidationError, match="the decision"):
        lifecycle.case_close(case_id=case.pk, acting_user=officer, outcome=Outcome.DISCLOSED)
    lifecycle.case_record_decision(case_id=case.pk, acting_user=officer, decision="disclose")
    with pytest.raises(ValidationError) as refused:
        lifecycle.case_close(case_id=case.pk, acting_user=officer, outcome=Outcome.DISCLOSED)
    message = refused.value.messages[0]
    assert message.startswith("This case cannot be closed yet: record ")
    for missing in ("the disclosure made", "confidentiality undertaking", "safety plan"):
        assert missing in message
    with pytest.raises(ValidationError, match="close it as disclosure made"):
        lifecycle.case_close(case_id=case.pk, acting_user=officer, outcome=Outcome.NOT_DISCLOSED)
    with pytest.raises(ValidationError, match="closes as disclosed"):
        lifecycle.case_close(case_id=case.pk, acting_user=officer, outcome=Outcome.SUBSTANTIATED)
    disclosure.case_record_disclosure(
        case_id=case.pk,
        acting_user=officer,
        recipient="applicant",
        recipient_name="Jane Jones",
        method="in_person",
        words=WORDS,
    )
    disclosure.case_record_undertaking(
        case_id=case.pk, acting_user=officer, undertaking="given", on=timezone.localdate()
    )
    with pytest.raises(ValidationError, match=r"record the safety plan and referrals\."):
        lifecycle.case_close(case_id=case.pk, acting_user=officer, outcome=Outcome.DISCLOSED)
    disclosure.case_record_safety_plan(
        case_id=case.pk, acting_user=officer, safety_plan="Change locks.", referrals=""
    )
    case = lifecycle.case_close(case_id=case.pk, acting_user=officer, outcome=Outcome.DISCLOSED)
    assert case.status == CaseStatus.CLOSED
    with pytest.raises(ValidationError, match="closed"):
        disclosure.case_record_safety_plan(
            case_id=case.pk, acting_user=officer, safety_plan="Another"
        )


def test_a_withdrawn_application_and_a_concern_report_close_as_before(demo):
    case, officer = _at_contact(demo)
    assert (
        lifecycle.case_close(case_id=case.pk, acting_user=officer, outcome=Outcome.WITHDRAWN).status
        == CaseStatus.CLOSED
    )
    concern = case_open_for_submission(submission_id=submit().pk)
    assert (
        lifecycle.case_close(
            case_id=concern.pk, acting_user=demo["triage"], outcome=Outcome.UNSUBSTANTIATED
        ).status
        == CaseStatus.CLOSED
    )


def test_the_case_page_reads_the_record_in_words(client, demo):
    case, officer = _at_forum(demo)
    lifecycle.case_record_decision(case_id=case.pk, acting_user=officer, decision="disclose")
    disclosure.case_record_disclosure(
        case_id=case.pk,
        acting_user=officer,
        recipient="applicant",
        recipient_name="Jane Jones",
        method="in_person",
        words=WORDS,
    )
    client.force_login(officer)
    page = client.get(f"/admin/triage/cases/inspect/{case.pk}/").content.decode()
    assert "Local decision-making forum, reference LDF-2026-7" in page
    assert "Jane Jones, the applicant" in page
    assert WORDS in page
    assert "Confidentiality undertaking" in page and "Not recorded yet" in page
    assert "Before the case can close as disclosed, record:" in page


def test_the_record_is_posted_through_the_case_page(client, demo):
    case, officer = _at_forum(demo)
    client.force_login(officer)
    base = f"/admin/triage/cases/action/{case.pk}"
    client.post(f"{base}/decision/", {"decision": "disclose"})
    client.post(
        f"{base}/record_disclosure/",
        {
            "recipient": "applicant",
            "recipient_name": "Jane Jones",
            "method": "in_person",
            "words": WORDS,
        },
    )
    client.post(
        f"{base}/record_undertaking/",
        {"undertaking": "given", "on": timezone.localdate().isoformat()},
    )
    client.post(f"{base}/record_safety_plan/", {"safety_plan": "Plan", "referrals": "IDVA"})
    client.post(f"{base}/close/", {"outcome": "disclosed"})
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.undertaking == "given"
    kinds = set(case.events.values_list("kind", flat=True))
    assert {"disclosure_recorded", "undertaking_recorded", "safety_plan_recorded"} <= kinds

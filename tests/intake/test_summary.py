"""The scheme-independent summary triage codes against (docs/intake.md)."""

from intake.constants import Scheme
from intake.summary import SUMMARY_KEYS, find_postcode, lines, place_from, summarise

SUBJECT_KEYS = {
    "names",
    "aliases",
    "date_of_birth",
    "age",
    "age_range",
    "age_text",
    "addresses",
    "postcode",
    "vehicles",
    "phones",
    "usernames",
    "relationship",
    "contact_with_children",
    "sex",
    "description",
}
CONTACT_KEYS = {
    "anonymous",
    "name",
    "safe_channels",
    "phone",
    "email",
    "postal_address",
    "safe_times",
    "voicemail_allowed",
    "alternative_contact",
    "confirmation_word",
}


def test_every_key_is_present_even_for_empty_answers():
    for scheme in Scheme:
        summary = summarise(scheme=scheme, cleaned={}, immediate_danger=False)
        assert set(summary) == set(SUMMARY_KEYS)
        assert set(summary["subject"]) == SUBJECT_KEYS
        assert set(summary["contact"]) == CONTACT_KEYS
        assert set(summary["place"]) == {"postcode", "town", "text"}
        assert summary["subject"]["names"] == []


def test_postcodes_are_found_and_normalised():
    assert find_postcode("12 High St, leeds ls14ap") == "LS1 4AP"
    assert find_postcode("Flat 2, SW1A 1AA London") == "SW1A 1AA"
    assert find_postcode("Somewhere in Leeds", None) is None
    assert place_from("Leeds") == {"postcode": None, "town": "Leeds", "text": "Leeds"}
    assert place_from("ls1 4ap") == {"postcode": "LS1 4AP", "town": None, "text": "ls1 4ap"}


def test_lists_are_one_a_line_or_comma_separated():
    assert lines("Johnny\n  John Brown \n\n") == ["Johnny", "John Brown"]
    assert lines("Johnny, JB") == ["Johnny", "JB"]
    assert lines("") == []


def test_contact_keeps_only_the_channels_marked_safe():
    cleaned = {
        "anonymous": {"anonymous": "no"},
        "about-you": {"full_name": "Jane"},
        "safe-contact": {"safe_channels": ["email"], "phone": "07700 900123", "email": "j@e.org"},
        "voicemail": {"voicemail": "yes"},
    }
    contact = summarise(scheme=Scheme.CONCERN, cleaned=cleaned, immediate_danger=True)["contact"]
    assert contact["email"] == "j@e.org"
    assert contact["phone"] is None
    assert contact["voicemail_allowed"] is None
    assert contact["name"] == "Jane"


def test_an_anonymous_report_names_nobody():
    cleaned = {"anonymous": {"anonymous": "yes"}, "about-you": {"full_name": "Jane"}}
    summary = summarise(scheme=Scheme.CONCERN, cleaned=cleaned, immediate_danger=False)
    assert summary["applicant"] is None
    assert summary["contact"]["anonymous"] is True
    assert summary["contact"]["name"] is None


def test_a_rough_age_gives_a_range_the_words_and_a_single_age_for_older_readers():
    cleaned = {"person": {"full_name": "John", "age": "in his 60s"}}
    subject = summarise(scheme=Scheme.CONCERN, cleaned=cleaned, immediate_danger=False)["subject"]
    assert subject["age"] == 65
    assert subject["age_range"] == [60, 69]
    assert subject["age_text"] == "in his 60s"


def test_an_exact_age_is_a_range_of_one_year():
    cleaned = {"person": {"age": "70"}}
    subject = summarise(scheme=Scheme.SARAHS_LAW, cleaned=cleaned, immediate_danger=False)[
        "subject"
    ]
    assert (subject["age"], subject["age_range"], subject["age_text"]) == (70, [70, 70], "70")


def test_answers_stored_before_ages_were_text_hold_a_whole_number():
    cleaned = {"person": {"age": 70}, "each-child": {"items": [{"full_name": "Amy", "age": 9}]}}
    summary = summarise(scheme=Scheme.SARAHS_LAW, cleaned=cleaned, immediate_danger=False)
    assert summary["subject"]["age_range"] == [70, 70]
    assert summary["subject"]["age"] == 70
    assert summary["children"][0]["age"] == 9
    assert summary["children"][0]["age_range"] == [9, 9]
    assert summary["children"][0]["age_text"] == "9"


def test_no_age_or_one_that_cannot_be_read_gives_none_for_every_age_key():
    for age in ("", None, "nonsense", 500):
        cleaned = {"person": {"full_name": "John", "age": age}}
        subject = summarise(scheme=Scheme.CONCERN, cleaned=cleaned, immediate_danger=False)[
            "subject"
        ]
        assert (subject["age"], subject["age_range"], subject["age_text"]) == (None, None, None)


def test_each_child_and_the_person_at_risk_have_their_age_range():
    sarahs = {"each-child": {"items": [{"full_name": "Amy", "age": "about 4"}]}}
    child = summarise(scheme=Scheme.SARAHS_LAW, cleaned=sarahs, immediate_danger=False)["children"][
        0
    ]
    assert (child["age"], child["age_range"], child["age_text"]) == (4, [2, 6], "about 4")

    clares = {
        "who": {"role": "third_party"},
        "person-at-risk": {"full_name": "Sue", "age": "early 30s"},
        "person": {"age": "40 to 45"},
    }
    summary = summarise(scheme=Scheme.CLARES_LAW, cleaned=clares, immediate_danger=False)
    at_risk = summary["person_at_risk"]
    assert (at_risk["age"], at_risk["age_range"], at_risk["age_text"]) == (
        32,
        [30, 33],
        "early 30s",
    )
    assert summary["subject"]["age_range"] == [40, 45]

    clares["who"] = {"role": "person_at_risk"}
    at_risk = summarise(scheme=Scheme.CLARES_LAW, cleaned=clares, immediate_danger=False)[
        "person_at_risk"
    ]
    assert (at_risk["age"], at_risk["age_range"], at_risk["age_text"]) == (None, None, None)

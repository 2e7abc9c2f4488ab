"""The scheme-independent summary triage codes against (docs/intake.md)."""

from intake.constants import Scheme
from intake.summary import SUMMARY_KEYS, find_postcode, lines, place_from, summarise

SUBJECT_KEYS = {
    "names",
    "aliases",
    "date_of_birth",
    "age",
    "addresses",
    "postcode",
    "vehicles",
    "phones",
    "usernames",
    "relationship",
    "contact_with_children",
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

import pytest

from triage import matching
from triage.constants import IdentifierKind

pytestmark = pytest.mark.django_db


def _best(nominals, **subject):
    found = matching.candidates_for(subject=matching.subject_from_answers({"subject": subject}))
    return found[0] if found else None


def test_the_same_name_and_date_of_birth_is_a_strong_match(nominals):
    best = _best(nominals, names=["Darren Whitlock"], date_of_birth="1979-03-14")
    assert best.nominal_id == nominals.pk
    assert best.score >= 70
    assert any("Same date of birth" in reason for reason in best.reasons)


@pytest.mark.parametrize(
    "name",
    ["darren  WHITLOCK", "Daren Whitlok", "Daz Whitlock", "Darran Whitlocke", "Darren Whitlock-"],
)
def test_names_match_despite_spelling_case_and_aliases(nominals, name):
    best = _best(nominals, names=[name])
    assert best is not None and best.nominal_id == nominals.pk
    assert best.reasons


def test_a_number_plate_inside_a_description_matches(nominals):
    best = _best(nominals, vehicles=["Blue Ford Focus kx19plm"])
    assert best.nominal_id == nominals.pk
    assert any("vehicle registration" in reason for reason in best.reasons)


def test_phone_numbers_and_usernames_match_whatever_their_format(nominals):
    assert _best(nominals, phones=["+44 7700 900461"]).nominal_id == nominals.pk
    assert _best(nominals, usernames=["@DazW79"]).nominal_id == nominals.pk


def test_an_age_and_a_postcode_add_to_a_name(nominals):
    name_only = _best(nominals, names=["Darren Whitlock"])
    more = _best(
        nominals, names=["Darren Whitlock"], age=47, addresses=["14 Alder Close, Norwich NR2 4PD"]
    )
    assert more.score > name_only.score
    assert any("postcode" in reason for reason in more.reasons)


def test_missing_or_odd_keys_are_tolerated(nominals):
    assert matching.subject_from_answers(None).is_empty
    assert matching.subject_from_answers({"subject": "nonsense"}).is_empty
    subject = matching.subject_from_answers(
        {"subject": {"names": "Darren Whitlock", "date_of_birth": "not a date", "age": "40"}}
    )
    assert subject.date_of_birth is None and subject.age is None
    assert matching.candidates_for(subject=matching.subject_from_answers({})) == []


def test_nobody_is_suggested_for_a_stranger(nominals):
    assert _best(nominals, names=["Zebedee Quartermaine"], date_of_birth="2001-01-01") is None


def test_matching_needs_few_queries_whatever_the_number_of_nominals(
    nominals, django_assert_max_num_queries
):
    subject = matching.subject_from_answers(
        {
            "subject": {
                "names": ["John Smith", "Darren Whitlock"],
                "date_of_birth": "1979-03-14",
                "postcode": "NR2 4PD",
                "vehicles": ["KX19 PLM"],
                "phones": ["07700 900461"],
                "usernames": ["dazw79"],
            }
        }
    )
    # Names (2), date of birth, postcode, one per identifier kind, nominals + 3 prefetches.
    with django_assert_max_num_queries(4 + len(IdentifierKind) + 4):
        matching.candidates_for(subject=subject)

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core import postcodes


def test_the_first_postcode_in_the_texts_is_shown_with_one_space():
    assert postcodes.find_postcode(None, "", "12 High St, leeds ls14ap") == "LS1 4AP"
    assert postcodes.find_postcode("Flat 2, SW1A 1AA London", "NR2 4PD") == "SW1A 1AA"
    assert postcodes.find_postcode("Somewhere in Leeds", None) is None


def test_every_postcode_in_a_text_is_found_in_order_without_its_space():
    assert postcodes.find_postcodes("NR2 4PD, then nr3  1aa and\nLS14AP") == [
        "NR24PD",
        "NR31AA",
        "LS14AP",
    ]
    assert postcodes.find_postcodes("NR24PDX, AB12 CDE") == []
    assert postcodes.find_postcodes(None) == []


def test_districts_on_their_own_must_start_with_a_postcode_area():
    assert postcodes.find_districts("somewhere in nr2 or e1, off the A47") == ["NR2", "E1"]
    # A whole postcode's district is not a district on its own.
    assert postcodes.find_districts("14 Alder Close NR2 4PD") == []
    assert postcodes.find_districts(None) == []


@pytest.mark.parametrize(
    ("text", "only"),
    [
        ("ls1 4ap", True),
        ("  LS14AP ", True),
        ("Leeds LS1 4AP", False),
        ("LS1", False),
        ("", False),
        (None, False),
    ],
)
def test_a_text_that_is_only_a_postcode(text, only):
    assert postcodes.is_only_postcode(text) is only


@pytest.mark.parametrize(
    ("value", "normalised", "district"),
    [
        ("nr2 4pd", "NR24PD", "NR2"),
        (" SW1A-1AA ", "SW1A1AA", "SW1A"),
        ("NR24 4PD", "NR244PD", "NR24"),
        ("nr2", "", "NR2"),
        ("EC1A", "", "EC1A"),
        ("Leeds", "", ""),
        ("NR2 4PDX", "", ""),
        ("", "", ""),
        (None, "", ""),
    ],
)
def test_normalised_postcodes_and_their_districts(value, normalised, district):
    assert postcodes.normalise(value) == normalised
    assert postcodes.district(value) == district


def test_every_area_is_one_or_two_capital_letters():
    assert "NR" in postcodes.POSTCODE_AREAS
    assert all(area.isalpha() and area.isupper() for area in postcodes.POSTCODE_AREAS)
    assert {len(area) for area in postcodes.POSTCODE_AREAS} == {1, 2}


_AREA = st.sampled_from(sorted(postcodes.POSTCODE_AREAS))
_DIGIT = st.sampled_from("0123456789")
_LETTER = st.sampled_from("ABDEFGHJLNPQRSTUWXYZ")


@given(
    area=_AREA,
    digit=_DIGIT,
    inward_digit=_DIGIT,
    inward=st.tuples(_LETTER, _LETTER).map("".join),
    spacing=st.sampled_from(["", " ", "  "]),
    lower=st.booleans(),
)
def test_a_postcode_written_any_way_is_read_the_same(
    area, digit, inward_digit, inward, spacing, lower
):
    written = f"{area}{digit}{spacing}{inward_digit}{inward}"
    written = written.lower() if lower else written
    compact = f"{area}{digit}{inward_digit}{inward}"
    assert postcodes.find_postcode(f"Flat 1, {written}") == f"{area}{digit} {inward_digit}{inward}"
    assert postcodes.find_postcodes(f"near {written}.") == [compact]
    assert postcodes.normalise(written) == compact
    assert postcodes.district(written) == f"{area}{digit}"
    assert postcodes.is_only_postcode(written)

"""Ages as people write them, read as a range of whole years (intake/ages.py)."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from intake.ages import AgeRange, age_from_answer, parse_age

READ = [
    ("70", 70, 70),
    ("0", 0, 0),
    ("120", 120, 120),
    ("Aged 34", 34, 34),
    ("70 years old", 70, 70),
    ("70yrs", 70, 70),
    ("seventy", 70, 70),
    ("forty-five", 45, 45),
    ("forty five", 45, 45),
    ("a hundred", 100, 100),
    ("4.5", 4, 4),
    ("about 70", 65, 75),
    ("around 70", 65, 75),
    ("roughly 70", 65, 75),
    ("approx 70", 65, 75),
    ("approximately 70", 65, 75),
    ("about seventy", 65, 75),
    ("70ish", 65, 75),
    ("70-ish", 65, 75),
    ("70 or so", 65, 75),
    ("c. 70", 65, 75),
    ("c70", 65, 75),
    ("~70", 65, 75),
    ("70?", 65, 75),
    ("He's about 70", 65, 75),
    ("about 118", 113, 120),
    ("about 4", 2, 6),
    ("about 1", 0, 3),
    ("nearly 70", 67, 69),
    ("60s", 60, 69),
    ("in his 60s", 60, 69),
    ("in her sixties", 60, 69),
    ("in their 60's", 60, 69),
    ("In Their 60\u2019s", 60, 69),
    ("sixty-something", 60, 69),
    ("40-odd", 41, 49),
    ("early 30s", 30, 33),
    ("in her early twenties", 20, 23),
    ("mid-40s", 43, 47),
    ("mid forties", 43, 47),
    ("late fifties", 57, 59),
    ("late 50s", 57, 59),
    ("110s", 110, 119),
    ("teenager", 13, 19),
    ("a teenager", 13, 19),
    ("teens", 13, 19),
    ("in his teens", 13, 19),
    ("early teens", 13, 15),
    ("mid-teens", 15, 17),
    ("late teens", 17, 19),
    ("40-45", 40, 45),
    ("40 \u2013 45", 40, 45),
    ("40 to 45", 40, 45),
    ("between 40 and 45", 40, 45),
    ("40 or 45", 40, 45),
    ("45-40", 40, 45),
    ("about 40-45", 40, 45),
    ("60s or 70s", 60, 79),
    ("late 60s or early 70s", 67, 73),
    ("between forty and forty-five", 40, 45),
    ("over 60", 60, 100),
    ("older than 60", 60, 100),
    ("60+", 60, 100),
    ("60 or over", 60, 100),
    ("over 95", 95, 105),
    ("over 115", 115, 120),
    ("under 18", 0, 17),
    ("younger than 5", 0, 4),
    ("under 1", 0, 0),
    ("18 months", 1, 1),
    ("6 weeks old", 0, 0),
    ("a baby", 0, 1),
]


@pytest.mark.parametrize(("text", "low", "high"), READ, ids=[text for text, _, _ in READ])
def test_each_way_of_writing_an_age_gives_its_range(text, low, high):
    age = parse_age(text)
    assert (age.low, age.high) == (low, high)
    assert age.text == " ".join(text.split())


def test_the_words_are_kept_as_typed_with_spaces_collapsed():
    assert parse_age("  about   70 ") == AgeRange(low=65, high=75, text="about 70")


def test_the_midpoint_rounds_halves_up():
    assert parse_age("70").midpoint == 70
    assert parse_age("60s").midpoint == 65
    assert parse_age("about 70").midpoint == 70
    assert parse_age("under 18").midpoint == 9
    assert parse_age("70").is_exact
    assert not parse_age("about 70").is_exact


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("", "invalid", "Enter their age as a number or a rough age, like 34 or about 70"),
        ("   ", "invalid", "Enter their age as a number or a rough age, like 34 or about 70"),
        ("nonsense", "invalid", "Enter their age as a number or a rough age"),
        ("old", "invalid", "Enter their age as a number or a rough age"),
        ("between 40", "invalid", "Enter their age as a number or a rough age"),
        ("10s", "invalid", "Enter their age as a number or a rough age"),
        ("over 60s", "invalid", "Enter their age as a number or a rough age"),
        ("under 0", "invalid", "Enter their age as a number or a rough age"),
        ("1e9", "invalid", "Enter their age as a number or a rough age"),
        ("\u0663\u0660", "invalid", "Enter their age as a number or a rough age"),
        ("7" * 300, "invalid", "Enter their age as a number or a rough age"),
        ("-1", "min_value", "Their age must be 0 or more"),
        ("121", "max_value", "Their age must be 120 or less"),
        ("99999999999999999999999", "max_value", "Their age must be 120 or less"),
        ("130s", "max_value", "Their age must be 120 or less"),
        ("over 120", "max_value", "Their age must be 120 or less"),
        ("40-200", "max_value", "Their age must be 120 or less"),
        ("20-60", "too_wide", "Their age range must be 30 years or less, like 40 to 45"),
        ("20s to 60s", "too_wide", "Their age range must be 30 years or less"),
    ],
)
def test_what_cannot_be_read_gets_a_message(text, code, message):
    with pytest.raises(ValidationError) as raised:
        parse_age(text)
    assert raised.value.code == code
    assert raised.value.messages[0].startswith(message)


def test_messages_name_whose_age_it_is():
    with pytest.raises(ValidationError) as raised:
        parse_age("121", whose="the child's")
    assert raised.value.messages == ["The child's age must be 120 or less"]
    with pytest.raises(ValidationError) as raised:
        parse_age("soon", whose="the child's")
    assert raised.value.messages[0].startswith("Enter the child's age as a number")


def test_stored_answers_may_be_text_or_an_older_whole_number():
    assert age_from_answer(70) == AgeRange(low=70, high=70, text="70")
    assert age_from_answer("about 70") == AgeRange(low=65, high=75, text="about 70")
    for unreadable in (None, "", "nonsense", True, 500, -1, 70.5, ["70"]):
        assert age_from_answer(unreadable) is None


AGE_LIKE = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(max_codepoint=0x7F)),
    st.integers().map(str),
    st.from_regex(r"[a-z ]{0,12}-?[0-9]{1,6}(s|ish|\+)?( (to|or|-) [0-9]{1,4})?", fullmatch=True),
    st.lists(
        st.sampled_from(
            [
                "about",
                "over",
                "under",
                "in",
                "his",
                "60s",
                "early",
                "late",
                "mid",
                "-",
                "to",
                "or",
                "and",
                "between",
                "teens",
                "ish",
                "forty",
                "five",
                "\x00",
                "\u2013",
                "?",
                "121",
                "7",
                "years",
                "old",
                "c.",
                "+",
                "months",
                "a",
                "hundred",
                "odd",
            ]
        ),
        max_size=8,
    ).map(" ".join),
)


@given(AGE_LIKE)
def test_any_text_gives_a_range_within_bounds_or_a_validation_error(text):
    try:
        age = parse_age(text)
    except ValidationError as error:
        assert error.code in {"invalid", "min_value", "max_value", "too_wide"}
        return
    assert 0 <= age.low <= age.high <= 120
    assert age.text == " ".join(text.split())
    assert age_from_answer(age.text) == age

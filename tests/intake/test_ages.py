"""Ages as people write them, read as a range of whole years (intake/ages.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.functional import Promise
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


WELSH = [
    ("70 oed", 70, 70),
    ("70 mlwydd oed", 70, 70),
    ("Mae hi\u2019n 70 oed", 70, 70),
    ("70oed", 70, 70),
    ("2 flwydd oed", 2, 2),
    ("tua 70", 65, 75),
    ("Tua 70 oed", 65, 75),
    ("oddeutu 70", 65, 75),
    ("rhyw 70", 65, 75),
    ("o gwmpas 70", 65, 75),
    ("70 yn fras", 65, 75),
    ("tua 4", 2, 6),
    ("bron yn 70", 67, 69),
    ("bron 70", 67, 69),
    ("60au", 60, 69),
    ("60'au", 60, 69),
    ("yn ei 60au", 60, 69),
    ("yn eu 60au", 60, 69),
    ("yn ei chwedegau", 60, 69),
    ("yn ei drigeiniau", 60, 69),
    ("yn ei hugeiniau", 20, 29),
    ("ugeiniau", 20, 29),
    ("tridegau", 30, 39),
    ("yn ei thridegau", 30, 39),
    ("pedwardegau", 40, 49),
    ("yn ei bedwardegau", 40, 49),
    ("deugeiniau", 40, 49),
    ("pumdegau", 50, 59),
    ("yn ei phumdegau", 50, 59),
    ("saithdegau", 70, 79),
    ("wythdegau", 80, 89),
    ("yn ei hwythdegau", 80, 89),
    ("nawdegau", 90, 99),
    ("naw degau", 90, 99),
    ("110au", 110, 119),
    ("dechrau'r 60au", 60, 63),
    ("dechrau\u2019r 60au", 60, 63),
    ("canol y 60au", 63, 67),
    ("diwedd y 60au", 67, 69),
    ("dechrau'r chwedegau", 60, 63),
    ("yn nechrau ei chwedegau", 60, 63),
    ("yng nghanol ei 40au", 43, 47),
    ("ar ddiwedd ei 50au", 57, 59),
    ("yn ei 60au cynnar", 60, 63),
    ("yn ei 60au hwyr", 67, 69),
    ("dros 60", 60, 100),
    ("hŷn na 60", 60, 100),
    ("hyn na 60", 60, 100),
    ("HŶN NA 60", 60, 100),
    ("o leiaf 60", 60, 100),
    ("mwy na 60", 60, 100),
    ("60 neu hŷn", 60, 100),
    ("60 oed neu hŷn", 60, 100),
    ("60 a throsodd", 60, 100),
    ("60 neu fwy", 60, 100),
    ("dros 95", 95, 105),
    ("o dan 18", 0, 17),
    ("dan 18", 0, 17),
    ("iau na 18", 0, 17),
    ("llai na 5", 0, 4),
    ("18 neu iau", 0, 17),
    ("rhwng 40 a 45", 40, 45),
    ("rhwng 40 ac 45", 40, 45),
    ("40 i 45", 40, 45),
    ("40 neu 45", 40, 45),
    ("o 40 i 45", 40, 45),
    ("45 i 40", 40, 45),
    ("tua 40 i 45", 40, 45),
    ("60au neu 70au", 60, 79),
    ("rhwng 60au a 70au", 60, 79),
    ("diwedd y 60au neu ddechrau'r 70au", 67, 73),
    ("18 mis", 1, 1),
    ("18 mis oed", 1, 1),
    ("6 wythnos", 0, 0),
    ("6 wythnos oed", 0, 0),
    ("yn ei arddegau", 13, 19),
    ("yn ei harddegau", 13, 19),
    ("arddegau", 13, 19),
    ("dechrau'r arddegau", 13, 15),
    ("canol yr arddegau", 15, 17),
    ("diwedd yr arddegau", 17, 19),
    ("babi", 0, 1),
    ("baban", 0, 1),
    ("newydd-anedig", 0, 1),
]


@pytest.mark.parametrize(("text", "low", "high"), WELSH, ids=[text for text, _, _ in WELSH])
def test_each_way_of_writing_an_age_in_welsh_gives_its_range(text, low, high):
    age = parse_age(text)
    assert (age.low, age.high) == (low, high)
    assert age.text == " ".join(text.split())


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("oed", "invalid"),
        ("dan", "invalid"),
        ("tua", "invalid"),
        ("dros 60au", "invalid"),
        ("o dan 0", "invalid"),
        ("10au", "invalid"),
        ("121 oed", "max_value"),
        ("dros 120", "max_value"),
        ("130au", "max_value"),
        ("rhwng 20 a 60", "too_wide"),
        ("20au i 60au", "too_wide"),
    ],
)
def test_what_cannot_be_read_in_welsh_gets_the_same_codes(text, code):
    with pytest.raises(ValidationError) as raised:
        parse_age(text)
    assert raised.value.code == code


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


@pytest.mark.parametrize(
    ("whose", "text", "message"),
    [
        ("your", "soon", "Enter your age as a number or a rough age, like 34 or about 70"),
        ("your", "-1", "Your age must be 0 or more"),
        ("your", "121", "Your age must be 120 or less"),
        ("your", "20-60", "Your age range must be 30 years or less, like 40 to 45"),
        ("their", "-1", "Their age must be 0 or more"),
        ("the child's", "-1", "The child's age must be 0 or more"),
        ("the child's", "20-60", "The child's age range must be 30 years or less, like 40 to 45"),
        ("her", "121", "Her age must be 120 or less"),
        ("100% of the", "-1", "100% of the age must be 0 or more"),
    ],
)
def test_each_message_is_a_whole_sentence_for_whose_age_it_is(whose, text, message):
    with pytest.raises(ValidationError) as raised:
        parse_age(text, whose=whose)
    assert raised.value.messages == [message]


@pytest.mark.parametrize("whose", ["your", "their", "the child's"])
@pytest.mark.parametrize("text", ["soon", "-1", "121", "20-60"])
def test_the_messages_the_forms_use_are_marked_for_translation(whose, text):
    with pytest.raises(ValidationError) as raised:
        parse_age(text, whose=whose)
    assert isinstance(raised.value.message, Promise)


@pytest.mark.parametrize(
    ("whose", "text", "welsh"),
    [
        ("your", "soon", "Rhowch eich oedran fel rhif neu oedran bras, fel 34 neu tua 70"),
        ("their", "soon", "Rhowch eu hoedran fel rhif neu oedran bras, fel 34 neu tua 70"),
        (
            "the child's",
            "soon",
            "Rhowch oedran y plentyn fel rhif neu oedran bras, fel 9 neu tua 4",
        ),
        ("your", "-1", "Rhaid i\u2019ch oedran fod yn 0 neu fwy"),
        ("their", "-1", "Rhaid i\u2019w hoedran fod yn 0 neu fwy"),
        ("the child's", "-1", "Rhaid i oedran y plentyn fod yn 0 neu fwy"),
        ("your", "121", "Rhaid i\u2019ch oedran fod yn 120 neu lai"),
        ("their", "121", "Rhaid i\u2019w hoedran fod yn 120 neu lai"),
        ("the child's", "121", "Rhaid i oedran y plentyn fod yn 120 neu lai"),
        (
            "your",
            "20-60",
            "Rhaid i\u2019ch ystod oedran fod yn 30 o flynyddoedd neu lai, fel 40 i 45",
        ),
        (
            "their",
            "20-60",
            "Rhaid i\u2019w hystod oedran fod yn 30 o flynyddoedd neu lai, fel 40 i 45",
        ),
        (
            "the child's",
            "rhwng 20 a 60",
            "Rhaid i ystod oedran y plentyn fod yn 30 o flynyddoedd neu lai, fel 40 i 45",
        ),
    ],
)
def test_the_messages_come_out_in_welsh(whose, text, welsh):
    with translation.override("cy"), pytest.raises(ValidationError) as raised:
        parse_age(text, whose=whose)
    with translation.override("cy"):
        assert raised.value.messages == [welsh]


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


WELSH_LIKE = st.lists(
    st.sampled_from(
        [
            "tua",
            "oddeutu",
            "rhyw",
            "bron",
            "yn",
            "ei",
            "eu",
            "60au",
            "chwedegau",
            "dechrau'r",
            "canol",
            "y",
            "diwedd",
            "dros",
            "hŷn",
            "na",
            "o",
            "leiaf",
            "dan",
            "iau",
            "neu",
            "a",
            "ac",
            "i",
            "rhwng",
            "mis",
            "wythnos",
            "arddegau",
            "babi",
            "oed",
            "mlwydd",
            "121",
            "7",
            "-",
            "cynnar",
            "throsodd",
            "'au",
        ]
    ),
    max_size=8,
).map(" ".join)


@given(WELSH_LIKE)
def test_any_welsh_words_give_a_range_within_bounds_or_a_validation_error(text):
    try:
        age = parse_age(text)
    except ValidationError as error:
        assert error.code in {"invalid", "min_value", "max_value", "too_wide"}
        return
    assert 0 <= age.low <= age.high <= 120
    assert age_from_answer(age.text) == age


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

import csv
from datetime import date

import pytest
from django.utils import timezone

from triage import matching, nicknames
from triage.constants import STRONG_MATCH_SCORE, IdentifierKind, NominalCategory, RiskLevel, Sex
from triage.models import Nominal, NominalAddress, NominalIdentifier, NominalName

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


# --- Nicknames, ages as people write them, districts on their own, plates -----------------


def _nominal(given, family, *, born=date(1958, 6, 1), postcode="NR2 7QX", aliases=()):
    nominal = Nominal.objects.create(
        force_reference=f"T-{given}-{family}"[:30],
        given_name=given,
        family_name=family,
        date_of_birth=born,
        category=NominalCategory.values[0],
        risk_level=RiskLevel.values[0],
    )
    for is_alias, full_name in [(False, f"{given} {family}")] + [(True, a) for a in aliases]:
        NominalName.objects.create(nominal=nominal, full_name=full_name, is_alias=is_alias)
    NominalAddress.objects.create(nominal=nominal, address="3 Mill Road", postcode=postcode)
    return nominal


def _found(**subject):
    return matching.candidates_for(subject=matching.subject_from_answers({"subject": subject}))


@pytest.mark.parametrize(
    ("registered", "reported"),
    [
        ("Lawrence", "Laurie"),  # the supplement
        ("Laurie", "Lawrence"),  # the other way: registered under the nickname
        ("William", "Bill"),  # the package
        ("Bill", "William"),
        ("Margaret", "Peggy"),
        ("Terry", "Tel"),
        ("Darren", "Daz"),
        ("Mohammed", "Mo"),
        ("Elizabeth", "Liz"),
    ],
)
def test_a_nickname_with_the_same_family_name_is_found_and_scores_like_a_close_name(
    nominals, registered, reported
):
    wanted = _nominal(registered, "Pengelly")
    best = _best(nominals, names=[f"{reported} Pengelly"])
    assert best is not None and best.nominal_id == wanted.pk
    assert best.score == matching.POINTS["name_nickname"] == 30
    assert best.reasons == [
        f'Name "{registered} Pengelly" matches "{reported} Pengelly" (nickname) (+30)'
    ]


def test_a_nickname_needs_the_family_name_to_match_or_sound_alike(nominals):
    wanted = _nominal("Lawrence", "Pengelly")
    assert _best(nominals, names=["Laurie Pengelley"]).nominal_id == wanted.pk
    assert all(c.nominal_id != wanted.pk for c in _found(names=["Laurie Fairbairn"]))


def test_a_nickname_with_another_sound_is_looked_up_in_one_round_trip(
    nominals, django_assert_max_num_queries
):
    _nominal("Lawrence", "Pengelly")
    subject = matching.subject_from_answers({"subject": {"names": ["Laurie Pengelly"]}})
    # The lookup (one UNION), then the candidates' keys (four).
    with django_assert_max_num_queries(5):
        assert matching.candidates_for(subject=subject)


@pytest.mark.parametrize(
    ("nickname", "name"),
    [
        ("laurie", "lawrence"),
        ("bill", "william"),
        ("peggy", "margaret"),
        ("jon", "john"),
        ("daz", "darren"),
        ("gaz", "gary"),
        ("baz", "barry"),
        ("kaz", "karen"),
        ("shaz", "sharon"),
        ("tel", "terry"),
        ("del", "derek"),
        ("mo", "mohammed"),
        ("sue", "susan"),
        ("liz", "elizabeth"),
    ],
)
def test_given_name_keys_meet_for_a_nickname_and_its_name(nickname, name):
    assert nicknames.given_name_keys(nickname) & nicknames.given_name_keys(name)
    assert nickname in nicknames.given_name_keys(nickname)


def test_given_name_keys_keep_different_names_apart():
    assert not nicknames.given_name_keys("john") & nicknames.given_name_keys("james")
    assert not nicknames.given_name_keys("darren") & nicknames.given_name_keys("barry")
    assert nicknames.given_name_keys("zebedee") == {"zebedee"}
    assert nicknames.given_name_keys("") == frozenset()


def test_every_pair_of_the_supplement_file_meets():
    with nicknames.DIMINUTIVES_CSV.open(encoding="utf-8") as lines:
        rows = list(csv.DictReader(line for line in lines if not line.startswith("#")))
    assert len(rows) >= 20
    for row in rows:
        keys = nicknames.given_name_keys(row["diminutive"])
        assert row["canonical"] in keys, row


def _age_today(born: date) -> int:
    today = timezone.localdate()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def test_an_age_range_scores_when_the_age_today_is_in_it_give_or_take_two_years(nominals):
    wanted = _nominal("Gideon", "Pengelly")
    age = _age_today(wanted.date_of_birth)
    names = ["Gideon Pengelly"]
    inside = _best(nominals, names=names, age_range=[age - 5, age + 5], age_text="about 66")
    assert f'Age {age} fits "about 66" (+10)' in inside.reasons
    edge = _best(nominals, names=names, age_range=[age + 2, age + 6], age_text="late 60s")
    assert f'Age {age} fits "late 60s" (+10)' in edge.reasons
    outside = _best(nominals, names=names, age_range=[age + 3, age + 9], age_text="70s")
    assert not any("Age" in reason for reason in outside.reasons)
    assert inside.score == edge.score == outside.score + 10


def test_an_older_whole_number_age_still_scores(nominals):
    wanted = _nominal("Gideon", "Pengelly")
    age = _age_today(wanted.date_of_birth)
    best = _best(nominals, names=["Gideon Pengelly"], age=age + 1)
    assert f'Age {age} fits "{age + 1}" (+10)' in best.reasons


@pytest.mark.parametrize(
    "value",
    ["sixty", [60], [60, 70, 80], ["a", 70], [True, 70], [60, -1], {"low": 60}, [None, None]],
)
def test_a_malformed_age_range_is_ignored(value):
    subject = matching.subject_from_answers(
        {"subject": {"names": ["Gideon Pengelly"], "age_range": value, "age_text": "about 60"}}
    )
    assert subject.age_range is None and subject.age_text is None


def test_an_age_range_open_at_one_end_or_from_zero_is_read():
    read = matching.subject_from_answers
    assert read({"subject": {"age_range": [0, 17]}}).age_range == (0, 17)
    assert read({"subject": {"age_range": [70, None]}}).age_range == (70, 70)
    assert read({"subject": {"age_range": [45, 40], "age_text": "45-40"}}).age_range == (40, 45)


@pytest.mark.parametrize(
    "where",
    [
        {"postcode": "NR2"},
        {"postcode": "nr2"},
        {"addresses": ["somewhere in NR2"]},
        {"addresses": ["lives round nr2 way, off the A47"]},
    ],
)
def test_a_district_on_its_own_finds_and_scores_the_nominals_there(nominals, where):
    # "Pemgelly" sounds unlike "Pengelly" and is not the same name: only the district finds it.
    wanted = _nominal("Lawrence", "Pengelly", postcode="NR2 7QX")
    assert not any(c.nominal_id == wanted.pk for c in _found(names=["Lawrence Pemgelly"]))
    best = _best(nominals, names=["Lawrence Pemgelly"], **where)
    assert best is not None and best.nominal_id == wanted.pk
    assert "An address is in the same postcode district (+5)" in best.reasons
    subject = matching.subject_from_answers({"subject": {"names": ["X"], **where}})
    assert subject.districts == ("NR2",) and subject.postcodes == ()


def test_the_place_of_a_concern_gives_its_district_and_road_names_are_not_districts(nominals):
    subject = matching.subject_from_answers(
        {
            "subject": {"names": ["Lawrence Pemgelly"], "addresses": ["by the A47 and the A11"]},
            "place": {"postcode": None, "town": None, "text": "Near the shops in nr2"},
        }
    )
    assert subject.districts == ("NR2",)
    wanted = _nominal("Lawrence", "Pengelly", postcode="NR2 7QX")
    assert matching.candidates_for(subject=subject)[0].nominal_id == wanted.pk


def test_a_district_alone_suggests_nobody(nominals):
    assert _best(nominals, addresses=["somewhere in NR2"]) is None


@pytest.mark.parametrize(
    "plate",
    ["kx 19 plm", "KX19PLM", "Kx19 Plm", "Blue Ford Focus kx 19 plm", "silver van, reg KX 19PLM"],
)
def test_a_number_plate_with_any_spacing_or_case_matches(nominals, plate):
    best = _best(nominals, vehicles=[plate])
    assert best is not None and best.nominal_id == nominals.pk
    assert f'Same vehicle registration as "{plate}" (+35)' in best.reasons


# --- The subject's sex ------------------------------------------------------------------------


def _sexed(given, family, sex, **details):
    nominal = _nominal(given, family, **details)
    nominal.sex = sex
    nominal.save(update_fields=["sex"])
    return nominal


@pytest.mark.parametrize(
    ("value", "read"),
    [
        ("male", Sex.MALE),
        ("female", Sex.FEMALE),
        (" Female ", Sex.FEMALE),
        (None, None),
        ("not_known", None),
        ("", None),
        ("m", None),
        (["male"], None),
        (1, None),
    ],
)
def test_the_sex_is_read_and_anything_else_is_not_known(value, read):
    assert matching.subject_from_answers({"subject": {"sex": value}}).sex == read
    assert matching.subject_from_answers({"subject": {}}).sex is None


def test_the_demo_nominal_is_male(nominals):
    assert nominals.sex == Sex.MALE
    best = _best(nominals, names=["Darren Whitlock"], date_of_birth="1979-03-14", sex="male")
    assert best.nominal_id == nominals.pk and best.score >= STRONG_MATCH_SCORE


def test_a_nominal_of_the_other_sex_is_never_strong_and_ranks_below_one_that_agrees(nominals):
    # Everything agrees but the sex: 100 points of evidence.
    other = _sexed("Gideon", "Pengelly", Sex.FEMALE, born=date(1958, 6, 1), postcode="NR2 7QX")
    NominalIdentifier.objects.create(nominal=other, kind=IdentifierKind.VEHICLE, value="AB12 CDE")
    # Only a name close to the one given, nothing else.
    agrees = _sexed("Gideon", "Pengelley", Sex.MALE, born=date(1990, 1, 1), postcode="IP1 1AA")
    answers = {
        "names": ["Gideon Pengelly"],
        "date_of_birth": "1958-06-01",
        "postcode": "NR2 7QX",
        "vehicles": ["AB12 CDE"],
    }
    without = {c.nominal_id: c for c in _found(**answers)}
    assert without[other.pk].score == 100
    assert without[agrees.pk].score < STRONG_MATCH_SCORE

    found = _found(**answers, sex="male")
    assert [c.nominal_id for c in found][:2] == [agrees.pk, other.pk]
    weighed = found[1]
    assert weighed.score < matching.MIN_SCORE <= found[0].score
    assert weighed.score < STRONG_MATCH_SCORE
    lost = 100 - weighed.score
    assert weighed.reasons[-1] == f"Recorded as female, described as male (-{lost})"
    assert weighed.reasons[:-1] == without[other.pk].reasons
    assert found[0].score == without[agrees.pk].score  # agreement adds nothing


def test_a_nominal_of_the_other_sex_with_little_evidence_is_still_suggested(nominals):
    other = _sexed("Gideon", "Pengelly", Sex.MALE)
    found = _found(names=["Gideon Pengelly"], sex="female")
    assert [c.nominal_id for c in found] == [other.pk]
    assert found[0].score == 40 * matching.SEX_DIFFERS_KEEPS_PERCENT // 100
    assert found[0].reasons[-1] == f"Recorded as male, described as female (-{40 - found[0].score})"


@pytest.mark.parametrize(
    ("recorded", "described"),
    [("", "male"), ("", "female"), (Sex.FEMALE, None), (Sex.FEMALE, "not_known"), ("", None)],
)
def test_a_sex_not_known_on_either_side_changes_nothing(nominals, recorded, described):
    wanted = _sexed("Gideon", "Pengelly", recorded)
    answers = {"names": ["Gideon Pengelly"], "date_of_birth": "1958-06-01"}
    without = _found(**answers)
    with_sex = _found(**answers, sex=described)
    assert [(c.nominal_id, c.score, c.reasons) for c in with_sex] == [
        (c.nominal_id, c.score, c.reasons) for c in without
    ]
    assert with_sex[0].nominal_id == wanted.pk and with_sex[0].score >= STRONG_MATCH_SCORE


def test_the_same_sex_adds_nothing(nominals):
    _sexed("Gideon", "Pengelly", Sex.MALE)
    answers = {"names": ["Gideon Pengelly"], "date_of_birth": "1958-06-01"}
    same = _found(**answers, sex="male")[0]
    assert (same.score, same.reasons) == (_found(**answers)[0].score, _found(**answers)[0].reasons)

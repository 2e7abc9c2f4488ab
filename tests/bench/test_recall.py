"""Matching's recall on a register of a few thousand fictional nominals (bench/recall.py):
the right nominal first for at least 95% of noisy descriptions, and no strong match for
anyone who is not in the register."""

import pytest

from bench import recall

pytestmark = pytest.mark.django_db

NOMINALS = 3000
SEED = 5


def test_matching_finds_described_nominals_and_no_strangers():
    result = recall.run(nominals=NOMINALS, seed=SEED)
    summary = recall.report(result, nominals=NOMINALS, seed=SEED)
    assert result.described == recall.DESCRIPTIONS
    assert result.strangers == recall.DESCRIPTIONS
    assert set(result.by_kind) == set(recall.KINDS)
    assert {"right", "not given"} <= set(result.by_sex)
    assert result.recall_at_1 >= 0.95, summary
    assert result.strangers_strong == 0, summary


def test_the_descriptions_are_the_same_for_the_same_seed():
    register = recall.people(50, seed=SEED)
    first = recall.descriptions(register, seed=SEED, count=20)
    assert first == recall.descriptions(register, seed=SEED, count=20)
    assert {d.kind for d in first} == {*recall.KINDS, "stranger"}


def test_the_sex_is_drawn_apart_from_the_rest_of_each_description():
    register = recall.people(50, seed=SEED)
    assert {person.sex for person in register} == {"male", "female"}
    with_sex = recall.descriptions(register, seed=SEED, count=40)
    without = recall.descriptions(register, seed=SEED, count=40, sex_given=0)
    assert {d.sex_given for d in with_sex} >= {"right", "not given"}
    assert {d.sex_given for d in without} == {"not given"}
    for given, not_given in zip(with_sex, without, strict=True):
        assert not_given.answers["subject"]["sex"] is None
        assert given.answers["subject"]["sex"] in {"male", "female", None}
        given.answers["subject"]["sex"] = None
        assert given.answers == not_given.answers

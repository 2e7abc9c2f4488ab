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
    assert result.recall_at_1 >= 0.95, summary
    assert result.strangers_strong == 0, summary


def test_the_descriptions_are_the_same_for_the_same_seed():
    register = recall.people(50, seed=SEED)
    first = recall.descriptions(register, seed=SEED, count=20)
    assert first == recall.descriptions(register, seed=SEED, count=20)
    assert {d.kind for d in first} == {*recall.KINDS, "stranger"}

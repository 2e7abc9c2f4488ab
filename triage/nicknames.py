"""Given names that may stand for the same person: "Laurie" for Lawrence, "Bill" for William.

Two sources: the `nicknames` package (PyPI: English given names and their nicknames) and
`data/diminutives.csv`, the project's list of common British diminutives the package lacks
("Daz" for Darren, "Tel" for Terry, "Mo" for Mohammed). Words are normalised given names:
lower case ascii, as `normalise.name` makes them. Nothing here touches the database.
"""

import csv
from functools import lru_cache
from pathlib import Path

from nicknames import NickNamer

DIMINUTIVES_CSV = Path(__file__).resolve().parent / "data" / "diminutives.csv"


@lru_cache(maxsize=1)
def _namer() -> NickNamer:
    return NickNamer()


@lru_cache(maxsize=1)
def _supplement() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """(canonical forms of each diminutive, diminutives of each canonical form) from the CSV."""
    canonicals: dict[str, set[str]] = {}
    diminutives: dict[str, set[str]] = {}
    with DIMINUTIVES_CSV.open(encoding="utf-8") as lines:
        rows = csv.DictReader(line for line in lines if not line.startswith("#"))
        for row in rows:
            canonical = (row.get("canonical") or "").strip().lower()
            diminutive = (row.get("diminutive") or "").strip().lower()
            if canonical and diminutive and canonical != diminutive:
                canonicals.setdefault(diminutive, set()).add(canonical)
                diminutives.setdefault(canonical, set()).add(diminutive)
    return (
        {word: frozenset(found) for word, found in canonicals.items()},
        {word: frozenset(found) for word, found in diminutives.items()},
    )


@lru_cache(maxsize=8192)
def given_name_keys(word: str) -> frozenset[str]:
    """The canonical forms a given name may stand for, and the word itself ('laurie' ->
    {'laurie', 'lawrence', 'lauren', ...}). Two given names may be the same person's when
    their keys intersect. An empty word has no keys."""
    word = (word or "").strip().lower()
    if not word:
        return frozenset()
    canonicals, _diminutives = _supplement()
    return frozenset({word} | _namer().canonicals_of(word) | canonicals.get(word, frozenset()))


@lru_cache(maxsize=8192)
def given_name_variants(word: str) -> frozenset[str]:
    """Every given name whose keys meet the word's: its canonical forms and all their
    nicknames ('lawrence' -> {'lawrence', 'larry', 'laurie', ...}), for looking names up."""
    variants: set[str] = set()
    _canonicals, diminutives = _supplement()
    for key in given_name_keys(word):
        variants |= {key} | _namer().nicknames_of(key) | diminutives.get(key, frozenset())
    return frozenset(variants)

"""Generations in the shared cache: a token that names what each process keeps in memory,
replaced when what it was built from changes, so every process builds afresh at once without
anything having to be found and deleted (triage/routing.py, staff/sidebar.py)."""

from uuid import uuid4

from django.core.cache import caches


def generation_read(key: str) -> str | None:
    """The current generation under `key`; None while the shared cache cannot be reached
    (keep nothing then)."""
    cache = caches["default"]
    value = cache.get(key)
    if value is None:
        # Another process may add one first: then that one is the generation.
        token = uuid4().hex
        value = token if cache.add(key, token, None) else cache.get(key)
    return value


def generation_bump(key: str) -> None:
    """Everything kept under the current generation is forgotten, in every process."""
    caches["default"].set(key, uuid4().hex, None)

"""The dashboard's "Cases in the last 30 days" panel: what each reader sees, and its cache."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from intake.constants import Scheme
from tests.triage.test_charts import opened
from triage.returns_hooks import on_time_cache_key


def concern_opened_count(page: str) -> int:
    row = re.search(r"<th scope=\"row\">Concern report</th><td>(\d+)</td>", page)
    return int(row.group(1)) if row else 0


@pytest.mark.django_db
def test_each_reader_counts_only_their_own_cases(client, demo):
    cache.clear()
    recently = timezone.now() - timedelta(days=2)
    opened(demo, scheme=Scheme.CONCERN, when=recently)
    opened(demo, scheme=Scheme.CONCERN, when=recently, team="South management team")

    client.force_login(demo["sup.south"])
    assert concern_opened_count(client.get("/admin/").content.decode()) == 1
    client.force_login(demo["admin"])
    assert concern_opened_count(client.get("/admin/").content.decode()) == 2


@pytest.mark.django_db
def test_the_counts_are_kept_a_minute_then_counted_again(client, demo):
    cache.clear()
    recently = timezone.now() - timedelta(days=2)
    opened(demo, scheme=Scheme.CONCERN, when=recently)
    client.force_login(demo["admin"])
    assert concern_opened_count(client.get("/admin/").content.decode()) == 1

    opened(demo, scheme=Scheme.CONCERN, when=recently)
    # Within the minute the page shows the counts it kept, without counting again.
    assert concern_opened_count(client.get("/admin/").content.decode()) == 1
    assert cache.get(on_time_cache_key(demo["admin"])) is not None

    cache.delete(on_time_cache_key(demo["admin"]))  # as when the minute is up
    assert concern_opened_count(client.get("/admin/").content.decode()) == 2

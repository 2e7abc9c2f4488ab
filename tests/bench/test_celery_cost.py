"""bench.celery_cost, run on a few tasks so that it keeps working: every pool starts, takes
every task and reports a cost. Nothing here asserts a speed."""

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from bench.celery_cost import POOLS

ROOT = Path(__file__).resolve().parents[2]
ROW = re.compile(r"^\| (\w+) x(\d+) \| ([\d.]+) ms \| (\d+) \| (\d+) MiB \| (\d+) MiB \|$")


def test_every_pool_takes_every_task_and_reports_its_cost():
    if not os.environ.get("REDIS_URL"):
        pytest.skip("needs REDIS_URL for a real broker")
    redis = urlsplit(os.environ["REDIS_URL"])
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL")
    }
    # A Redis database of its own, as the smoke benchmark has.
    env["BENCH_REDIS_URL"] = urlunsplit(redis._replace(path="/12"))
    completed = subprocess.run(
        [sys.executable, "-m", "bench.celery_cost", "--tasks", "40", "--rounds", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-4000:]
    rows = [ROW.match(line) for line in completed.stdout.splitlines() if line.startswith("| ")]
    found = [row for row in rows if row]
    assert [(row[1], int(row[2])) for row in found] == list(POOLS)
    for row in found:
        assert float(row[3]) > 0
        assert int(row[5]) > 0
        assert int(row[6]) >= int(row[5])

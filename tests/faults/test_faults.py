"""Fault injection, the quick version (`python -m faults --quick --check`), so that it keeps
working and its goals keep being met.

It makes its own PostgreSQL cluster (initdb) and Redis on spare ports, so it runs wherever
their server programs are installed, whatever DATABASE_URL and REDIS_URL say; REQUIRE_FAULTS=1
(CI) makes their absence a failure instead of a skip. About three to four minutes.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from faults.services import missing_tools

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ("redis", "pool", "worker", "postgres", "beat")


@pytest.fixture
def faults_environment():
    reason = missing_tools()
    if reason:
        if os.environ.get("REQUIRE_FAULTS"):
            pytest.fail(f"REQUIRE_FAULTS is set but fault injection cannot run: needs {reason}")
        pytest.skip(f"needs {reason}")
    # The run names its own services; nothing of the test settings may leak into it.
    return {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL")
    }


def test_every_fault_loses_nothing_and_duplicates_nothing(faults_environment, tmp_path):
    completed = subprocess.run(
        [sys.executable, "-m", "faults", "--quick", "--check", "--results-dir", str(tmp_path)],
        cwd=ROOT,
        env=faults_environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-4000:]

    [raw] = tmp_path.glob("*-quick.json")
    results = json.loads(raw.read_text())
    assert list(results["scenarios"]) == list(SCENARIOS)
    for name, figures in results["scenarios"].items():
        assert figures["sent"] == 10, name
        # --check has already failed the run on a missed goal; the counts must add up too.
        assert figures["lost"] == figures["duplicated"] == 0, name
        assert figures["error_but_saved"] == figures["reference_not_saved"] == 0, name
        assert figures["shown"] + figures["errors_shown"] == figures["sent"], name
        assert figures["saved"] == figures["shown"] == figures["cases"], name
    # Sends went through each fault: every report was taken despite the Redis outage and
    # the worker's deaths, and someone saw the database's outage.
    for name in ("redis", "pool", "worker", "beat"):
        assert results["scenarios"][name]["shown"] == 10, name
    assert results["scenarios"]["postgres"]["errors_shown"] > 0
    [table] = tmp_path.glob("*-quick.md")
    assert "All met." in table.read_text()

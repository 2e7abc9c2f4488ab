"""The benchmark itself, run end to end on tiny data so that it keeps working.

It starts its own gunicorn and Celery worker on PostgreSQL and Redis and drives them with wrk;
nothing here asserts a speed (machines are shared and noisy): only that every measure ran,
every request was answered as a person would expect, and the table shows every goal.
"""

import json
import os
import random
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]


def _missing() -> str | None:
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        return "needs DATABASE_URL on PostgreSQL"
    if not os.environ.get("REDIS_URL"):
        return "needs REDIS_URL"
    if shutil.which("wrk") is None:
        return "needs wrk (apt-get install wrk)"
    return None


def _free_port_pair() -> int:
    """A free port whose next one is free too: the bench serves the page cache off there.
    Below the kernel's range for outgoing connections (32768 and up on Linux), so that no
    client socket of the run itself can take either port before the servers bind them."""
    for port in random.sample(range(20000, 30000, 2), 50):
        with socket.socket() as probe, socket.socket() as next_one:
            try:
                probe.bind(("127.0.0.1", port))
                next_one.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
            return port
    raise RuntimeError("No two free ports side by side")


@pytest.fixture
def bench_environment():
    reason = _missing()
    if reason:
        if os.environ.get("REQUIRE_BENCH"):
            pytest.fail(f"REQUIRE_BENCH is set but the benchmark cannot run: {reason}")
        pytest.skip(reason)
    database = urlsplit(os.environ["DATABASE_URL"])
    redis = urlsplit(os.environ["REDIS_URL"])
    port = _free_port_pair()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL")
    }
    env["BENCH_DATABASE_URL"] = urlunsplit(database._replace(path=f"{database.path}_bench"))
    # A Redis database of its own: the bench empties its database before it runs.
    env["BENCH_REDIS_URL"] = urlunsplit(redis._replace(path="/12"))
    return env, port


def test_the_smoke_benchmark_runs_every_measure_and_reports_every_goal(bench_environment, tmp_path):
    env, port = bench_environment
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--smoke",
            "--port",
            str(port),
            "--results-dir",
            str(tmp_path),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-4000:]

    [table] = tmp_path.glob("*-smoke.md")
    [raw] = tmp_path.glob("*-smoke.json")
    text = table.read_text()
    for measure in (
        "Home page: ratio to hello",
        "Long guidance page: ratio to hello",
        "Concern report send: accepted",
        "Send to routed case",
        "Queue: My team",
        "Queue: Overdue",
        "Queue: Case page",
        "Search as supervisor: a family name",
        "Search as triage officer: a case reference",
        "Statutory return: Clare's Law",
        "Statutory return: Sarah's Law",
        "Dashboard as supervisor: figures cached",
        "Dashboard as supervisor: figures computed",
        "Dashboard as administrator: figures cached",
        "Dashboard as administrator: figures computed",
        "dashboard: as administrator",
        "Matching against",
        "Home page, page cache off: CPU to hello's",
        "Section page, page cache off: CPU to hello's",
        "Long guidance page, page cache off: CPU to hello's",
        "Start page, page cache off: CPU to hello's",
        "Search page, page cache off: CPU to hello's",
        "Question page shown (GET, session read and written): CPU to hello's",
        "Question page answered (POST, session read and written, redirect): CPU to hello's",
        "Long guidance page, first visit after a publish",
        "page cache off: question_post",
        "Peak memory",
        "web CPU ms/req",
        "SQL/req",
    ):
        assert measure in text
    assert "Machine: " in text and " cores " in text

    results = json.loads(raw.read_text())
    # Every request was answered as expected: pages with 200, sends with the confirmation.
    for target in ("hello", "home", "guidance"):
        assert results["public"][target]["good"] > 0
        assert results["public"][target]["bad"] == 0
    for target in ("my_team", "overdue", "case_page"):
        assert results["queue"][target]["good"] > 0
        assert results["queue"][target]["bad"] == 0
    # The case page was drawn for a case of every scheme.
    assert results["queue"]["case_page"]["schemes"] == ["clares_law", "concern", "sarahs_law"]
    # Every kind of search ran as both roles, every answer a page.
    for role in ("supervisor", "officer"):
        kinds = results["search"][role]
        assert set(kinds) == {
            "surname",
            "common_surname",
            "nickname",
            "district",
            "postcode",
            "reference",
        }
        for figure in kinds.values():
            assert figure["good"] > 0 and figure["bad"] == 0
    # Pages drawn afresh on a server with the page cache off, and the question page shown and
    # answered: every answer as a person would expect (wrk checks the answer's redirect), each
    # with its CPU compared with the bare view's of the same round.
    uncached = results["uncached"]
    for target in ("hello", "home", "section", "guidance", "start", "search"):
        assert uncached[target]["good"] > 0 and uncached[target]["bad"] == 0, target
    for target in ("question_get", "question_post"):
        assert uncached[target]["good"] > 0 and uncached[target]["bad"] == 0, target
        assert uncached[target]["ratio"] > 0
    # Queries per request, averaged: the snapshot and the drawn content answer an uncached
    # page without SQL (each web worker builds the snapshot at its first request); a question
    # page writes its session in one UPDATE. (tests/cms counts them exactly.)
    for target in ("home", "section", "guidance", "start"):
        assert uncached[target]["queries"] < 1, target
    assert uncached["search"]["queries"] <= 6
    assert uncached["question_get"]["queries"] < 2
    assert uncached["after_publish"]["queries"] > 0
    burst = results["burst"]
    assert burst["good"] > 0 and burst["bad"] == 0
    # Every accepted send became a case, routed by the real worker (the run waits for that;
    # sends still in flight when wrk stopped are stored and routed, but not counted by wrk).
    assert burst["routed"] >= burst["good"]
    assert burst["worker_cpu_ms"] > 0
    steady = results["steady"]
    assert steady["accepted"] == steady["sent"] and steady["failed"] == 0
    assert steady["routed"] == steady["sent"]
    # The sends at rising rates, and the chart of latency against rate drawn from them and
    # from the whole journeys, linked from the report.
    assert [point["rate"] for point in results["send_by_rate"]] == [2, 5]
    for point in results["send_by_rate"]:
        assert point["routed"] == point["sent"] and point["to_case_p95_ms"] > 0
    [chart] = tmp_path.glob("*-smoke.png")
    with Image.open(chart) as drawn:
        assert drawn.format == "PNG" and drawn.size == (1100, 420)
        # Drawn, not blank: lines and text in more than a handful of colours.
        assert len(drawn.convert("RGB").getcolors(maxcolors=100_000) or []) > 20
    assert f"]({chart.name})" in text
    # The queue's, the case page's and search's query counts do not depend on how many cases
    # there are.
    counts = results["query_counts"]
    assert counts["small"] == counts["large"]
    assert any(name.startswith("search_officer_") for name in counts["large"])
    # The yearly return of each scheme ran as its command, to the end, and was measured; the
    # period is the last full year to 31 March, which the smoke data (a few days) may not reach.
    returns = results["statutory_return"]
    assert returns["to"].endswith("-03-31") and returns["from"].endswith("-04-01")
    for slug in ("clares-law", "sarahs-law"):
        figure = returns[slug]
        assert figure["wall_s"] > 0 and figure["peak_rss_mib"] > 0
        assert figure["rows"] >= 9
        assert figure["received"] >= 0 and figure["disclosed"] >= 0
    assert returns["startup"]["peak_rss_mib"] > 0
    # The dashboard was drawn for both readers, with its figures computed and cached.
    for role in ("supervisor", "administrator"):
        figure = results["dashboard"][role]
        assert figure["good"] > 0 and figure["bad"] == 0
        assert figure["uncached_ms"] > 0 and figure["uncached_tries"] == results["rounds"]
        # Computing the figures asks the database more than reading them from the cache.
        assert figure["uncached_queries"] > figure["queries"]
    assert results["matching"]["with_candidates"] > 0.5
    assert results["memory"]["web_worker_peak_mib"] > 0
    assert results["memory"]["celery_worker_peak_mib"] > 0
    # Whole concern reports, page after page as a browser makes them: every one reached its
    # confirmation, its CPU was compared with the bare view's, and a latency was measured at
    # each rate journeys were started at.
    whole = results["journey"]
    assert whole["requests_per_journey"] >= len(("start", "send", "confirmation")) + 2 * 9
    assert whole["ratio"] > 0 and whole["journey_cpu_ms"] > 0
    assert whole["throughput"]["completed"] > 0 and whole["throughput"]["failed"] == 0
    assert whole["by_rate"] and all(point["failed"] == 0 for point in whole["by_rate"])
    assert "Whole concern report (" in text and "Whole journeys started at a steady rate" in text

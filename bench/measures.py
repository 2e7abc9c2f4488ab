"""Each measure of the benchmark. Targets that are compared are run in turn inside each round,
so that whatever else the machine is doing falls on all of them alike; every figure is the
median of the rounds."""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from argparse import Namespace
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import F
from django.test import Client
from django.utils import timezone

from . import journey
from .dataset import Dataset, Scale, dataset_ensure, matching_subjects
from .middleware import QUERIES_HEADER
from .processes import (
    ROOT,
    Server,
    celery_start,
    cpu_seconds,
    cpu_seconds_tree,
    gunicorn_start,
    peak_rss_mib,
    postgres_root,
)

WRK_SCRIPT = Path(__file__).with_name("wrk_report.lua")
STEADY_RATE = 50  # submissions a second, as the issue sets it
SEND_POOL_PER_SECOND = 400  # sessions made ready per second of a send run; more than it sends


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def wrk_run(
    *,
    base_url: str,
    lines: list[str],
    duration: int,
    connections: int,
    server: Server,
    expect_location: str = "",
) -> dict[str, float]:
    """One wrk run: requests a second that got the expected answer, latency percentiles, and
    per request: CPU of the web server and of PostgreSQL, and SQL queries."""
    threads = min(2, connections)
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as file:
        file.write("\n".join(lines) + "\n")
    database = postgres_root()
    web_before = cpu_seconds(server.pids)
    db_before = cpu_seconds_tree(database) if database else 0.0
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(WRK_SCRIPT),
        base_url,
        "--",
        file.name,
        str(threads),
        expect_location,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    web_after = cpu_seconds(server.pids)
    db_after = cpu_seconds_tree(database) if database else 0.0
    os.unlink(file.name)
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    summary = json.loads(line.removeprefix("BENCH_JSON "))
    answered = max(1, summary["requests"])
    return {
        "rps": summary["good"] / (summary["duration_us"] / 1e6),
        "p50_ms": summary["p50_us"] / 1000,
        "p95_ms": summary["p95_us"] / 1000,
        "p99_ms": summary["p99_us"] / 1000,
        "web_cpu_ms": 1000 * (web_after - web_before) / answered,
        "db_cpu_ms": 1000 * (db_after - db_before) / answered,
        "queries": summary["queries"] / answered,
        "good": summary["good"],
        "bad": summary["bad"] + summary["socket_errors"],
        "exhausted": summary["exhausted"],
    }


def _summarise(runs: list[dict[str, float]]) -> dict[str, float]:
    """The median of each figure over the rounds, and the totals of good and bad answers."""
    summary = {key: _median([run[key] for run in runs]) for key in runs[0]}
    summary["good"] = sum(run["good"] for run in runs)
    summary["bad"] = sum(run["bad"] for run in runs)
    summary["rounds"] = len(runs)
    return summary


def _get_line(path: str, cookie: str = "") -> str:
    return f"GET\t{path}\t{cookie}\t"


def long_guidance_path() -> str:
    from cms.models import GuidancePage

    pages = GuidancePage.objects.live().specific()
    longest = max(pages, key=lambda page: len(json.dumps(list(page.body.raw_data), default=str)))
    return longest.get_url()


def public_pages(arguments: Namespace, *, base_url: str, web: Server) -> dict[str, Any]:
    targets = {
        "hello": "/bench/hello/",
        "home": "/",
        "guidance": long_guidance_path(),
    }
    runs: dict[str, list] = {name: [] for name in targets}
    ratios: dict[str, list] = {"home": [], "guidance": []}
    for _ in range(arguments.rounds):
        for name, path in targets.items():
            runs[name].append(
                wrk_run(
                    base_url=base_url,
                    lines=[_get_line(path)],
                    duration=arguments.duration,
                    connections=16,
                    server=web,
                )
            )
        for name in ratios:
            ratios[name].append(runs[name][-1]["rps"] / max(runs["hello"][-1]["rps"], 1e-9))
    result = {name: _summarise(found) for name, found in runs.items()}
    for name, values in ratios.items():
        result[name]["ratio"] = _median(values)
    result["guidance"]["path"] = targets["guidance"]
    return result


def staff_queue(
    arguments: Namespace, *, base_url: str, web: Server, dataset: Dataset
) -> dict[str, Any]:
    user = get_user_model().objects.get(username=dataset.supervisor_username)
    cookie = journey.staff_cookie(user)
    targets = {
        "my_team": [_get_line("/admin/triage/cases/?queue=team", cookie)],
        "overdue": [_get_line("/admin/triage/cases/?queue=overdue", cookie)],
        "case_page": [
            _get_line(f"/admin/triage/cases/inspect/{pk}/", cookie) for pk in dataset.case_ids
        ],
    }
    for name, lines in targets.items():
        reply = requests.get(
            base_url + lines[0].split("\t")[1],
            headers={"Cookie": cookie},
            allow_redirects=False,
            timeout=60,
        )
        if reply.status_code != 200:
            raise SystemExit(f"The {name} page answered {reply.status_code} to the supervisor")
    runs: dict[str, list] = {name: [] for name in targets}
    for _ in range(arguments.rounds):
        for name, lines in targets.items():
            runs[name].append(
                wrk_run(
                    base_url=base_url,
                    lines=lines,
                    duration=arguments.duration,
                    connections=2,
                    server=web,
                )
            )
    return {name: _summarise(found) for name, found in runs.items()}


def _routing_backlog_wait(since, *, timeout: float = 600) -> float:
    """Wait until every submission sent since `since` has its case routed; seconds waited."""
    from intake.models import Submission

    started = time.monotonic()
    while time.monotonic() - started < timeout:
        waiting = Submission.objects.filter(submitted_at__gte=since, case__isnull=True).count()
        if waiting == 0:
            return time.monotonic() - started
        time.sleep(0.5)
    raise SystemExit(f"Cases were still not opened {timeout} s after their submissions")


def submissions_burst(
    arguments: Namespace,
    *,
    base_url: str,
    web: Server,
    worker: Server,
    template: journey.SendTemplate,
) -> dict[str, Any]:
    """As many sends as the server will take: the final POST of complete concern reports."""
    from intake.models import Submission

    body = journey.send_body(template)
    runs, drains, routed, worker_cpu = [], [], [], []
    for _ in range(arguments.rounds):
        cookies = journey.send_cookies(template, SEND_POOL_PER_SECOND * arguments.duration)
        lines = [f"POST\t{journey.SEND_PATH}\t{cookie}\t{body}" for cookie in cookies]
        since = timezone.now()
        worker_before = cpu_seconds(worker.pids)
        run = wrk_run(
            base_url=base_url,
            lines=lines,
            duration=arguments.duration,
            connections=16,
            server=web,
            expect_location=journey.CONFIRMATION_PATH,
        )
        if run["exhausted"]:
            raise SystemExit("The send run used every prepared session: raise SEND_POOL_PER_SECOND")
        runs.append(run)
        drain_started = time.monotonic()
        _routing_backlog_wait(since)
        drains.append(time.monotonic() - drain_started)
        routed.append(Submission.objects.filter(submitted_at__gte=since).count())
        worker_cpu.append(1000 * (cpu_seconds(worker.pids) - worker_before) / max(1, routed[-1]))
    result = _summarise(runs)
    result["drain_s"] = _median(drains)
    result["routed"] = sum(routed)
    # Everything the worker spent on each report: opening, matching and routing its case,
    # and the staff e-mail task.
    result["worker_cpu_ms"] = _median(worker_cpu)
    return result


def submissions_steady(
    arguments: Namespace, *, base_url: str, template: journey.SendTemplate
) -> dict[str, Any]:
    """A steady STEADY_RATE sends a second; for each, from its acceptance to its case routed
    (to a team or an officer) by the worker, read from the database's own timestamps."""
    from triage.constants import EventKind
    from triage.models import CaseEvent

    seconds = 20 if not arguments.smoke else 2
    rate = STEADY_RATE if not arguments.smoke else 5
    count = seconds * rate
    cookies = journey.send_cookies(template, count)
    body = {"csrfmiddlewaretoken": template.csrf_token, "website": ""}
    send_ms: list[float] = []
    failures: list[int] = []
    lock = threading.Lock()

    def send(cookie: str) -> None:
        started = time.perf_counter()
        reply = requests.post(
            base_url + journey.SEND_PATH,
            data=body,
            headers={"Cookie": cookie},
            allow_redirects=False,
            timeout=30,
        )
        elapsed = 1000 * (time.perf_counter() - started)
        with lock:
            if reply.status_code == 302 and journey.CONFIRMATION_PATH in reply.headers.get(
                "Location", ""
            ):
                send_ms.append(elapsed)
            else:
                failures.append(reply.status_code)

    since = timezone.now()
    sender_before = os.times()
    with ThreadPoolExecutor(max_workers=16) as pool:
        origin = time.perf_counter()
        for index, cookie in enumerate(cookies):
            delay = origin + index / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(send, cookie)
    sender_after = os.times()
    _routing_backlog_wait(since, timeout=120)
    delays = [
        delay.total_seconds() * 1000
        for delay in CaseEvent.objects.filter(
            kind=EventKind.ROUTED, case__submission__submitted_at__gte=since
        )
        .annotate(delay=F("at") - F("case__submission__submitted_at"))
        .values_list("delay", flat=True)
    ]
    return {
        "rate": rate,
        "sent": count,
        "accepted": len(send_ms),
        "failed": len(failures),
        "send_p50_ms": _percentile(send_ms, 0.5),
        "send_p95_ms": _percentile(send_ms, 0.95),
        "routed": len(delays),
        "to_case_p50_ms": _percentile(delays, 0.5),
        "to_case_p95_ms": _percentile(delays, 0.95),
        "to_case_max_ms": max(delays) if delays else float("nan"),
        # The sender shares the machine: what it cost, so that it can be read out.
        "sender_cpu_ms": 1000
        * (sender_after.user + sender_after.system - sender_before.user - sender_before.system)
        / count,
    }


def matching(arguments: Namespace) -> dict[str, Any]:
    """One subject against every nominal, in the process, as the worker does it."""
    from django.db import reset_queries
    from django.test.utils import CaptureQueriesContext

    from triage.matching import candidates_for, subject_from_answers

    subjects = [subject_from_answers(answers) for answers in matching_subjects(300)]
    p50s, p95s, found = [], [], 0
    for _ in range(arguments.rounds):
        timings = []
        for subject in subjects:
            started = time.perf_counter()
            candidates = candidates_for(subject=subject)
            timings.append(1000 * (time.perf_counter() - started))
            found += bool(candidates)
        p50s.append(_percentile(timings, 0.5))
        p95s.append(_percentile(timings, 0.95))
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        candidates_for(subject=subjects[0])
    return {
        "subjects": len(subjects),
        "p50_ms": _median(p50s),
        "p95_ms": _median(p95s),
        "with_candidates": found / max(1, len(subjects) * arguments.rounds),
        "queries": len(queries),
    }


def queue_query_counts(arguments: Namespace) -> dict[str, int]:
    """On the comparison database: load its smaller data set, then count as below."""
    scale = Scale(
        cases=arguments.small_cases,
        nominals=max(100, arguments.nominals // 25),
        staff=arguments.staff,
    )
    return _query_counts(dataset_ensure(scale))


def _query_counts(dataset: Dataset) -> dict[str, int]:
    """SQL queries for each queue page on this database, after one warming request."""
    user = get_user_model().objects.get(username=dataset.supervisor_username)
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = journey.staff_cookie(user).split("=", 1)[1]
    paths = {
        "my_team": "/admin/triage/cases/?queue=team",
        "my_team_page_2": "/admin/triage/cases/?queue=team&p=2",
        "overdue": "/admin/triage/cases/?queue=overdue",
        "case_page": f"/admin/triage/cases/inspect/{dataset.case_ids[0]}/",
    }
    counts = {}
    for name, path in paths.items():
        client.get(path)
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        counts[name] = int(response[QUERIES_HEADER])
    return counts


def small_database_query_counts(arguments: Namespace, *, small_database_url: str) -> dict:
    command = [sys.executable, "-m", "bench", "--query-counts-only"]
    for name in ("cases", "nominals", "staff", "small_cases"):
        command += [f"--{name.replace('_', '-')}", str(getattr(arguments, name))]
    if arguments.smoke:
        command.append("--smoke")
    output = subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, "BENCH_QUERY_DATABASE_URL": small_database_url},
        capture_output=True,
        text=True,
    )
    if output.returncode:
        raise SystemExit(f"The comparison database failed:\n{output.stdout}\n{output.stderr}")
    line = next(line for line in output.stdout.splitlines() if line.startswith("BENCH_JSON "))
    return json.loads(line.removeprefix("BENCH_JSON "))


def run_all(arguments: Namespace, *, env: dict, logs: Path, small_database_url: str) -> dict:
    scale = Scale(cases=arguments.cases, nominals=arguments.nominals, staff=arguments.staff)
    started = time.monotonic()
    dataset = dataset_ensure(scale)
    results: dict[str, Any] = {
        "scale": scale.__dict__,
        "rounds": arguments.rounds,
        "duration_s": arguments.duration,
        "smoke": arguments.smoke,
        "load_s": round(time.monotonic() - started),
    }
    print("Query counts at two sizes", flush=True)
    results["query_counts"] = {
        "small": small_database_query_counts(arguments, small_database_url=small_database_url),
        "large": _query_counts(dataset),
        "small_cases": arguments.small_cases,
        "large_cases": scale.cases,
    }
    print("Matching", flush=True)
    results["matching"] = matching(arguments)

    base_url = f"http://127.0.0.1:{arguments.port}"
    worker = celery_start(
        env=env, concurrency=arguments.worker_concurrency, log=logs / "celery.log"
    )
    web = gunicorn_start(
        env=env, port=arguments.port, workers=arguments.web_workers, log=logs / "gunicorn.log"
    )
    try:
        results["servers"] = {
            "web_workers": arguments.web_workers,
            "celery_concurrency": arguments.worker_concurrency,
        }
        print("Public pages", flush=True)
        results["public"] = public_pages(arguments, base_url=base_url, web=web)
        print("Staff queue", flush=True)
        results["queue"] = staff_queue(arguments, base_url=base_url, web=web, dataset=dataset)
        template = journey.concern_report_answer(base_url)
        print("Submissions at a steady rate", flush=True)
        results["steady"] = submissions_steady(arguments, base_url=base_url, template=template)
        print("Submissions as fast as they are taken", flush=True)
        results["burst"] = submissions_burst(
            arguments, base_url=base_url, web=web, worker=worker, template=template
        )
        results["memory"] = {
            "web_worker_peak_mib": max(filter(None, map(peak_rss_mib, web.workers()))),
            "celery_worker_peak_mib": max(filter(None, map(peak_rss_mib, worker.pids))),
        }
    finally:
        web.stop()
        worker.stop()
    return results

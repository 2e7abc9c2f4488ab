"""Each measure of the benchmark. Targets that are compared are run in turn inside each round,
so that whatever else the machine is doing falls on all of them alike; every figure is the
median of the rounds."""

import csv
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
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import F
from django.test import Client
from django.utils import timezone

from intake.constants import Scheme

from . import journey, questions, whole_journey
from .dataset import SEARCH_KINDS, Dataset, Scale, dataset_ensure, matching_subjects, search_queries
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
SCHEMES = tuple(Scheme.values)  # the case page is measured on a case of each
STEADY_RATE = 50  # submissions a second, as the issue sets it
# Offered rates of sends for the latency chart (bench/chart.py): below, at and above the goal.
SEND_RATES = (10, 25, 50, 75)
SMOKE_SEND_RATES = (2, 5)
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
    _settle(server, database)
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


def _settle(server: Server, database: int | None, *, timeout: float = 20) -> None:
    """Wait for the requests still running when wrk stopped (a slow search can take seconds)
    to finish, so that they do not fall on the next run's figures."""
    deadline = time.monotonic() + timeout

    def used() -> float:
        return cpu_seconds(server.pids) + (cpu_seconds_tree(database) if database else 0.0)

    before = used()
    while time.monotonic() < deadline:
        time.sleep(0.3)
        now = used()
        if now - before < 0.03:  # less than a tenth of a core
            return
        before = now


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


# --- Pages drawn afresh: the page cache off, and the question pages -----------------------------

SEARCH_QUERY = "disclosure"  # words of the starter guidance, so that results are drawn
QUESTION_SESSIONS = 200  # sessions at the question page for each run, cycled by wrk
AFTER_PUBLISH_TRIES = 10  # first visits after a publish, in each round


def uncached_targets() -> dict[str, list[str]]:
    """The public pages as anyone is shown them when the page cache has no copy: a bare view
    to compare with, then each kind of Wagtail page (the longest guidance page) and search."""
    from cms.models import SectionPage, StartPage

    section = max(SectionPage.objects.live(), key=lambda page: page.numchild)
    start = StartPage.objects.live().first()
    return {
        "hello": [_get_line("/bench/hello/")],
        "home": [_get_line("/")],
        "section": [_get_line(section.get_url())],
        "guidance": [_get_line(long_guidance_path())],
        "start": [_get_line(start.get_url())],
        "search": [_get_line("/search/?" + urlencode({"q": SEARCH_QUERY}))],
    }


def _after_publish(web: Server, base_url: str, path: str, tries: int) -> dict[str, float]:
    """The first visit to a page after a publish: each try replaces the published generation
    (as publishing does, cms/published.py), then asks for the page once. Web CPU from /proc
    over all the tries, divided by them (one request is below the clock's resolution)."""
    from cms.published import generation_bump

    queries = []
    before = cpu_seconds(web.pids)
    for _ in range(tries):
        generation_bump()
        reply = requests.get(base_url + path, allow_redirects=False, timeout=60)
        if reply.status_code != 200:
            raise SystemExit(f"{path} answered {reply.status_code} after a publish")
        queries.append(int(reply.headers.get(QUERIES_HEADER, 0)))
    _settle(web, None)
    return {
        "web_cpu_ms": 1000 * (cpu_seconds(web.pids) - before) / tries,
        "queries": max(queries),
    }


def uncached_pages(
    arguments: Namespace, *, env: dict[str, str], logs: Path, port: int
) -> dict[str, Any]:
    """Public pages with the page cache off, and a question page of a journey (GET, and POST
    with its answer), on a web server of their own (PAGE_CACHE_ENABLED=false), each compared
    with the bare view in the same round: CPU per request and its ratio to the bare view's,
    and the SQL queries. Then the first visit to the long guidance page after a publish."""
    web = gunicorn_start(
        env={**env, "PAGE_CACHE_ENABLED": "false"},
        port=port,
        workers=arguments.web_workers,
        log=logs / "gunicorn-uncached.log",
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        targets = uncached_targets()
        for name, lines in targets.items():
            _answered_or_exit(base_url, lines[0], f"The {name} page")
        question = questions.question_reach(base_url)
        runs: dict[str, list] = {name: [] for name in [*targets, "question_get", "question_post"]}
        for _ in range(arguments.rounds):
            loads = {
                **{name: (lines, "") for name, lines in targets.items()},
                # Fresh sessions for each run, so that the page is drawn as at its first visit.
                "question_get": (
                    questions.question_get_lines(question, QUESTION_SESSIONS),
                    "",
                ),
                "question_post": (
                    questions.question_post_lines(question, QUESTION_SESSIONS),
                    questions.NEXT_PATH,
                ),
            }
            for name, (lines, expect_location) in loads.items():
                runs[name].append(
                    wrk_run(
                        base_url=base_url,
                        lines=lines,
                        duration=arguments.duration,
                        connections=16,
                        server=web,
                        expect_location=expect_location,
                    )
                )
            hello = max(runs["hello"][-1]["web_cpu_ms"], 1e-9)
            for name in runs:
                runs[name][-1]["ratio"] = runs[name][-1]["web_cpu_ms"] / hello
        result: dict[str, Any] = {name: _summarise(found) for name, found in runs.items()}
        guidance = targets["guidance"][0].split("\t")[1]
        result["guidance"]["path"] = guidance
        after = [
            _after_publish(web, base_url, guidance, AFTER_PUBLISH_TRIES)
            for _ in range(arguments.rounds)
        ]
        result["after_publish"] = {
            "web_cpu_ms": _median([found["web_cpu_ms"] for found in after]),
            "queries": max(found["queries"] for found in after),
            "tries": AFTER_PUBLISH_TRIES * len(after),
        }
        result["after_publish"]["ratio"] = (
            result["after_publish"]["web_cpu_ms"] / result["hello"]["web_cpu_ms"]
        )
        result["web_worker_peak_mib"] = max(filter(None, map(peak_rss_mib, web.workers())))
    finally:
        web.stop()
    return result


def _staff_cookies(dataset: Dataset) -> dict[str, str]:
    users = get_user_model().objects.filter(
        username__in=[
            dataset.supervisor_username,
            dataset.officer_username,
            dataset.administrator_username,
        ]
    )
    return {user.username: journey.staff_cookie(user) for user in users}


def _answered_or_exit(base_url: str, line: str, what: str) -> None:
    """A page that fails fails the bench, before any load is run on it."""
    _method, path, cookie, _body = line.split("\t")
    reply = requests.get(
        base_url + path, headers={"Cookie": cookie}, allow_redirects=False, timeout=120
    )
    if reply.status_code != 200:
        raise SystemExit(f"{what} answered {reply.status_code} ({path})")


def staff_queue(
    arguments: Namespace, *, base_url: str, web: Server, dataset: Dataset
) -> dict[str, Any]:
    cookies = _staff_cookies(dataset)
    cookie = cookies[dataset.supervisor_username]
    officer = cookies[dataset.officer_username]
    targets = {
        "my_team": [_get_line("/admin/triage/cases/?queue=team", cookie)],
        "overdue": [_get_line("/admin/triage/cases/?queue=overdue", cookie)],
        # The supervisor's team's cases and, so that every scheme is drawn, the officer's
        # (unit-wide) ones, alternately.
        "case_page": [
            line
            for pair in zip(
                [
                    _get_line(f"/admin/triage/cases/inspect/{pk}/", cookie)
                    for pk in dataset.case_ids
                ],
                [
                    _get_line(f"/admin/triage/cases/inspect/{pk}/", officer)
                    for pk in dataset.officer_case_ids
                ],
                strict=False,
            )
            for line in pair
        ],
    }
    for name, lines in targets.items():
        _answered_or_exit(base_url, lines[0], f"The {name} page")
    missing = set(SCHEMES) - set(dataset.case_by_scheme)
    if missing:
        raise SystemExit(f"No open case of {', '.join(sorted(missing))} for the case page")
    for scheme, (username, pk) in dataset.case_by_scheme.items():
        line = _get_line(f"/admin/triage/cases/inspect/{pk}/", cookies[username])
        _answered_or_exit(base_url, line, f"The case page of a {scheme} case")
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
    result = {name: _summarise(found) for name, found in runs.items()}
    result["case_page"]["schemes"] = sorted(dataset.case_by_scheme)
    return result


def _search_path(query: str) -> str:
    return "/admin/triage/cases/?" + urlencode({"q": query})


def search_targets(dataset: Dataset) -> dict[str, dict[str, list[str]]]:
    """role -> kind of query -> queries: the supervisor's find cases of their team, the
    triage officer's any case of the unit."""
    return {
        "supervisor": search_queries(team_id=dataset.team_id),
        "officer": search_queries(team_id=None),
    }


def case_search(
    arguments: Namespace, *, base_url: str, web: Server, dataset: Dataset
) -> dict[str, Any]:
    """The queue's search box: each kind of query in turn, as each role, through wrk."""
    cookies = _staff_cookies(dataset)
    users = {"supervisor": dataset.supervisor_username, "officer": dataset.officer_username}
    targets = {
        (role, kind): [_get_line(_search_path(query), cookies[users[role]]) for query in queries]
        for role, by_kind in search_targets(dataset).items()
        for kind, queries in by_kind.items()
    }
    for (role, kind), lines in targets.items():
        if not lines:
            raise SystemExit(f"No {kind} query found for the {role}")
        _answered_or_exit(base_url, lines[0], f"A {kind} search by the {role}")
    runs: dict[tuple, list] = {target: [] for target in targets}
    for _ in range(arguments.rounds):
        for target, lines in targets.items():
            runs[target].append(
                wrk_run(
                    base_url=base_url,
                    lines=lines,
                    duration=arguments.duration,
                    connections=2,
                    server=web,
                )
            )
    result: dict[str, dict] = {}
    for (role, kind), found in runs.items():
        result.setdefault(role, {})[kind] = {
            **_summarise(found),
            "queries_tried": len(targets[role, kind]),
        }
    return result


# --- The statutory return and the dashboard ---------------------------------------------------

DASHBOARD_PATH = "/admin/"
# Readers of the dashboard's charts: a supervisor (their team's cases) and an administrator
# (every case).
DASHBOARD_READERS = ("supervisor", "administrator")


def return_year(today: date) -> tuple[date, date]:
    """The latest full year to 31 March: the year a force makes its yearly return for."""
    end_year = today.year if today > date(today.year, 3, 31) else today.year - 1
    return date(end_year - 1, 4, 1), date(end_year, 3, 31)


def _child_run(command: list[str], *, env: dict) -> dict[str, Any]:
    """Run `command` to its end: wall time, and from the kernel's accounting of that one
    child (wait4), its peak resident set (ru_maxrss) and CPU time."""
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read().decode(errors="replace")
    return {
        "wall_s": wall,
        "peak_rss_mib": usage.ru_maxrss / 1024,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "returncode": process.returncode,
        "output": text,
    }


def _return_totals(path: Path) -> dict[str, str]:
    """The CSV's figures, each by its label, from the last column (all applications)."""
    with path.open(newline="", encoding="utf-8") as file:
        lines = [line for line in csv.reader(file) if len(line) >= 2]
    table = lines[[line[0] for line in lines].index("Figure") :]
    return {line[0]: line[-1] for line in table[1:]}


def statutory_returns(arguments: Namespace, *, env: dict) -> dict[str, Any]:
    """The yearly return of each scheme as a force makes it: `manage.py statutory_return` to
    a CSV file, a process of its own on the bench settings, timed from start to exit. Its
    start alone (Django, the settings and every app loaded: `statutory_return --help`) is
    measured too, to read the return's own share."""
    from triage.returns import RETURN_SCHEMES

    start, end = return_year(timezone.localdate())
    manage = [sys.executable, "manage.py", "statutory_return"]
    database = postgres_root()
    runs: dict[str, list[dict]] = {slug: [] for slug in RETURN_SCHEMES}
    startups = []
    with tempfile.TemporaryDirectory(prefix="bench-return-") as directory:
        for _ in range(arguments.rounds):
            startups.append(_child_run([*manage, "--help"], env=env))
            for slug in RETURN_SCHEMES:
                output = Path(directory) / f"{slug}.csv"
                db_before = cpu_seconds_tree(database) if database else 0.0
                run = _child_run(
                    [
                        *manage,
                        "--scheme",
                        slug,
                        "--from",
                        start.isoformat(),
                        "--to",
                        end.isoformat(),
                        "--format",
                        "csv",
                        "--output",
                        str(output),
                    ],
                    env=env,
                )
                run["db_cpu_s"] = (cpu_seconds_tree(database) if database else 0.0) - db_before
                if run["returncode"]:
                    raise SystemExit(f"statutory_return --scheme {slug} failed:\n{run['output']}")
                run["totals"] = _return_totals(output)
                runs[slug].append(run)
    result: dict[str, Any] = {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "startup": {
            "wall_s": _median([run["wall_s"] for run in startups]),
            "peak_rss_mib": max(run["peak_rss_mib"] for run in startups),
        },
    }
    for slug, found in runs.items():
        totals = found[-1]["totals"]
        result[slug] = {
            "wall_s": _median([run["wall_s"] for run in found]),
            "wall_max_s": max(run["wall_s"] for run in found),
            "walls_s": [round(run["wall_s"], 2) for run in found],
            "peak_rss_mib": max(run["peak_rss_mib"] for run in found),
            "cpu_s": _median([run["cpu_s"] for run in found]),
            "db_cpu_s": _median([run["db_cpu_s"] for run in found]),
            "received": int(totals["Applications received"]),
            "disclosed": int(totals["Disclosures made"]),
            "not_disclosed": int(totals["No disclosure"]),
            "withdrawn": int(totals["Withdrawn"]),
            "open_at_end": int(totals["Open at the end of the period"]),
            "rows": len(totals),
        }
    return result


def _dashboard_cache_keys(user) -> list[str]:
    """The cache keys under which the dashboard keeps a reader's figures (the charts' first),
    as triage/returns_hooks.py makes them (checked against the cache before relied on)."""
    from triage.returns_hooks import dashboard_cache_keys

    return dashboard_cache_keys(user)


def _dashboard_get(base_url: str, cookie: str) -> dict[str, float]:
    """One dashboard request: its time and SQL queries; the bench stops unless it is a page
    with the charts panel on it."""
    started = time.perf_counter()
    reply = requests.get(
        base_url + DASHBOARD_PATH, headers={"Cookie": cookie}, allow_redirects=False, timeout=120
    )
    elapsed = 1000 * (time.perf_counter() - started)
    if reply.status_code != 200 or "triage-chart" not in reply.text:
        raise SystemExit(
            f"The dashboard answered {reply.status_code} without its charts ({DASHBOARD_PATH})"
        )
    return {"ms": elapsed, "queries": int(reply.headers.get(QUERIES_HEADER, 0))}


def dashboard(
    arguments: Namespace, *, base_url: str, web: Server, dataset: Dataset
) -> dict[str, Any]:
    """The Wagtail admin's home with the charts panel, as a supervisor and as an
    administrator. The panel keeps each reader's figures for 5 minutes: the figures computed
    afresh (their cache key deleted before each of `rounds` single requests), then the page
    as it is served the rest of the time, under wrk like the queue."""
    from django.core.cache import cache

    cookies = _staff_cookies(dataset)
    usernames = {
        "supervisor": dataset.supervisor_username,
        "administrator": dataset.administrator_username,
    }
    users = {
        role: get_user_model().objects.get(username=username)
        for role, username in usernames.items()
    }
    database = postgres_root()
    uncached: dict[str, list[dict]] = {role: [] for role in DASHBOARD_READERS}
    for role in DASHBOARD_READERS:
        cookie = cookies[usernames[role]]
        keys = _dashboard_cache_keys(users[role])
        key = keys[0]
        _dashboard_get(base_url, cookie)
        if cache.get(key) is None:
            raise SystemExit(f"The dashboard's figures are not cached under {key}")
        for _ in range(arguments.rounds):
            cache.delete_many(keys)
            db_before = cpu_seconds_tree(database) if database else 0.0
            web_before = cpu_seconds(web.pids)
            reply = _dashboard_get(base_url, cookie)
            reply["web_cpu_ms"] = 1000 * (cpu_seconds(web.pids) - web_before)
            reply["db_cpu_ms"] = 1000 * (
                (cpu_seconds_tree(database) if database else 0) - db_before
            )
            uncached[role].append(reply)
            if cache.get(key) is None:
                raise SystemExit(f"The dashboard did not cache its figures under {key}")
    runs: dict[str, list] = {role: [] for role in DASHBOARD_READERS}
    for _ in range(arguments.rounds):
        for role in DASHBOARD_READERS:
            cookie = cookies[usernames[role]]
            # Cached before the run, as it is for a reader for 5 minutes after each miss.
            _dashboard_get(base_url, cookie)
            runs[role].append(
                wrk_run(
                    base_url=base_url,
                    lines=[_get_line(DASHBOARD_PATH, cookie)],
                    duration=arguments.duration,
                    connections=2,
                    server=web,
                )
            )
    result: dict[str, Any] = {}
    for role in DASHBOARD_READERS:
        found = uncached[role]
        result[role] = {
            **_summarise(runs[role]),
            "uncached_ms": _median([reply["ms"] for reply in found]),
            "uncached_max_ms": max(reply["ms"] for reply in found),
            "uncached_queries": max(reply["queries"] for reply in found),
            "uncached_web_cpu_ms": _median([reply["web_cpu_ms"] for reply in found]),
            "uncached_db_cpu_ms": _median([reply["db_cpu_ms"] for reply in found]),
            "uncached_tries": len(found),
        }
    return result


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


def _email_backlog_wait(since, *, timeout: float = 600) -> float:
    """Wait until every staff e-mail written since `since` is sent; seconds waited. The worker
    sends them only once no case is waiting (portal/celery.py), so they trail the cases."""
    from core.models import OutboundEmail, OutboundEmailStatus

    started = time.monotonic()
    while time.monotonic() - started < timeout:
        pending = OutboundEmail.objects.filter(
            created_at__gte=since, status=OutboundEmailStatus.PENDING
        ).count()
        if pending == 0:
            return time.monotonic() - started
        time.sleep(0.5)
    raise SystemExit(f"Staff e-mails were still not sent {timeout} s after their cases")


def _delays_ms(rows, *, start: str, end: str) -> list[float]:
    """For each row, milliseconds from its `start` field to its `end` field."""
    return [
        delay.total_seconds() * 1000
        for delay in rows.annotate(delay=F(end) - F(start)).values_list("delay", flat=True)
    ]


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
        # The worker's CPU a report includes its staff e-mails, sent after the cases.
        _email_backlog_wait(since)
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
    arguments: Namespace,
    *,
    base_url: str,
    template: journey.SendTemplate,
    rate: int | None = None,
    seconds: int | None = None,
) -> dict[str, Any]:
    """A steady `rate` sends a second (STEADY_RATE unless given); for each, from its
    acceptance to its case routed (to a team or an officer) by the worker, read from the
    database's own timestamps."""
    from core.models import OutboundEmail
    from triage.constants import EventKind
    from triage.models import CaseEvent

    if seconds is None:
        seconds = 20 if not arguments.smoke else 2
    if rate is None:
        rate = STEADY_RATE if not arguments.smoke else 5
    count = seconds * rate
    cookies = journey.send_cookies(template, count)
    body = {
        "csrfmiddlewaretoken": template.csrf_token,
        "website": "",
        "declaration": "yes",
        "send_key": template.send_key,
    }
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
    # Each rate starts from a worker with nothing left over from the one before.
    email_drain_s = _email_backlog_wait(since)
    # Each staff e-mail from its case's change to its sending.
    email_delays = _delays_ms(
        OutboundEmail.objects.filter(created_at__gte=since, sent_at__isnull=False),
        start="created_at",
        end="sent_at",
    )
    delays = _delays_ms(
        CaseEvent.objects.filter(kind=EventKind.ROUTED, case__submission__submitted_at__gte=since),
        start="case__submission__submitted_at",
        end="at",
    )
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
        "emails": len(email_delays),
        "to_email_p50_ms": _percentile(email_delays, 0.5),
        "to_email_p95_ms": _percentile(email_delays, 0.95),
        "email_drain_s": email_drain_s,
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
    """SQL queries for each queue page, each scheme's case page and each kind of search on
    this database, after one warming request."""
    users = {
        user.username: user
        for user in get_user_model().objects.filter(
            username__in=[dataset.supervisor_username, dataset.officer_username]
        )
    }
    clients = {}
    for username, user in users.items():
        client = Client(HTTP_HOST="127.0.0.1")
        client.cookies[settings.SESSION_COOKIE_NAME] = journey.staff_cookie(user).split("=", 1)[1]
        clients[username] = client
    supervisor = dataset.supervisor_username
    paths = {
        "my_team": (supervisor, "/admin/triage/cases/?queue=team"),
        "my_team_page_2": (supervisor, "/admin/triage/cases/?queue=team&p=2"),
        "overdue": (supervisor, "/admin/triage/cases/?queue=overdue"),
        "case_page": (supervisor, f"/admin/triage/cases/inspect/{dataset.case_ids[0]}/"),
    }
    for scheme, (username, pk) in dataset.case_by_scheme.items():
        paths[f"case_page_{scheme}"] = (username, f"/admin/triage/cases/inspect/{pk}/")
    roles = {"supervisor": supervisor, "officer": dataset.officer_username}
    for role, by_kind in search_targets(dataset).items():
        for kind, queries in by_kind.items():
            if queries:
                paths[f"search_{role}_{kind}"] = (roles[role], _search_path(queries[0]))
    counts = {}
    for name, (username, path) in paths.items():
        client = clients[username]
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
    print("Statutory return", flush=True)
    results["statutory_return"] = statutory_returns(arguments, env=env)

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
        print("Pages drawn afresh and question pages", flush=True)
        results["uncached"] = uncached_pages(arguments, env=env, logs=logs, port=arguments.port + 1)
        print("Staff queue", flush=True)
        results["queue"] = staff_queue(arguments, base_url=base_url, web=web, dataset=dataset)
        print("Dashboard", flush=True)
        results["dashboard"] = dashboard(arguments, base_url=base_url, web=web, dataset=dataset)
        print("Case search", flush=True)
        results["search"] = case_search(arguments, base_url=base_url, web=web, dataset=dataset)
        results["search_kinds"] = SEARCH_KINDS
        template = journey.concern_report_answer(base_url)
        print("Submissions at a steady rate", flush=True)
        results["steady"] = submissions_steady(arguments, base_url=base_url, template=template)
        print("Submissions at rising rates, for the chart", flush=True)
        results["send_by_rate"] = [
            submissions_steady(
                arguments,
                base_url=base_url,
                template=template,
                rate=rate,
                seconds=2 if arguments.smoke else 10,
            )
            for rate in (SMOKE_SEND_RATES if arguments.smoke else SEND_RATES)
        ]
        print("Submissions as fast as they are taken", flush=True)
        results["burst"] = submissions_burst(
            arguments, base_url=base_url, web=web, worker=worker, template=template
        )
        print("Whole concern reports, as a browser makes them", flush=True)
        results["journey"] = whole_journey.whole_journeys(arguments, base_url=base_url, web=web)
        results["memory"] = {
            # Every web worker of both servers, and every process of the Celery worker.
            "web_worker_peak_mib": max(
                results["uncached"]["web_worker_peak_mib"],
                *filter(None, map(peak_rss_mib, web.workers())),
            ),
            "celery_worker_peak_mib": max(filter(None, map(peak_rss_mib, worker.pids))),
        }
    finally:
        web.stop()
        worker.stop()
    return results

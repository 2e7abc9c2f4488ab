"""One table: every figure beside its goal, with the machine and the commit it was taken on."""

import json
import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import whole_journey
from .chart import latency_chart_write
from .processes import ROOT

GOALS = {
    "ratio": 0.7,
    "accepted_per_s": 150,
    "to_case_p95_ms": 1000,
    "queue_p95_ms": 150,
    "matching_p95_ms": 50,
    "search_p95_ms": 150,
    "return_s": 5,
    "return_mib": 200,
    "dashboard_p95_ms": 300,
    # Pages drawn afresh (page cache off) and question pages: CPU per request as a multiple of
    # the bare view's in the same round, and SQL queries per page (issue 15).
    "uncached_ratio": 5,
    "uncached_queries": 6,
    "question_ratio": 4,
    "memory_mib": 160,
}
UNCACHED_PAGES = {
    "home": "Home page",
    "section": "Section page",
    "guidance": "Long guidance page",
    "start": "Start page",
    "search": "Search page",
}
QUESTION_LOADS = {
    "question_get": "Question page shown (GET, session read and written)",
    "question_post": "Question page answered (POST, session read and written, redirect)",
}
ROLES = {"supervisor": "supervisor", "officer": "triage officer", "administrator": "administrator"}
RETURN_SCHEMES = {"clares-law": "Clare's Law", "sarahs-law": "Sarah's Law"}


def _command_output(*command: str) -> str:
    try:
        return subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        return "unknown"


def machine() -> dict[str, Any]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory_kib = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    psql_version = _command_output("psql", "--version")
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kib / 1024 / 1024, 1),
        "cpu": cpu,
        "python": platform.python_version(),
        "postgresql": (psql_version.split() or ["unknown"])[-1],
        "wrk": _command_output("wrk", "--version").split("\n")[0][:40] or "unknown",
    }


def _verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def _counts_text(counts: list) -> str:
    return "/".join(str(count) for count in counts)


def rows(results: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(measure, figure, goal, verdict) for the table."""
    table = []
    public = results["public"]
    hello = public["hello"]
    table.append(
        (
            "Hello view (baseline)",
            f"{hello['rps']:.0f} req/s, p95 {hello['p95_ms']:.1f} ms",
            "-",
            "",
        )
    )
    for name, label in (("home", "Home page"), ("guidance", "Long guidance page")):
        figure = public[name]
        table.append(
            (
                f"{label}: ratio to hello",
                f"{figure['ratio']:.2f} ({figure['rps']:.0f} req/s, p95 {figure['p95_ms']:.1f} ms)",
                f">= {GOALS['ratio']}",
                _verdict(figure["ratio"] >= GOALS["ratio"]),
            )
        )
    table += _uncached_rows(results)
    table += whole_journey.journey_rows(results)
    burst = results["burst"]
    table.append(
        (
            "Concern report send: accepted",
            f"{burst['rps']:.0f} /s (p95 {burst['p95_ms']:.0f} ms, {burst['bad']} refused)",
            f">= {GOALS['accepted_per_s']} /s",
            _verdict(burst["rps"] >= GOALS["accepted_per_s"] and not burst["bad"]),
        )
    )
    steady = results["steady"]
    table.append(
        (
            f"Send to routed case at {steady['rate']}/s",
            f"p50 {steady['to_case_p50_ms']:.0f} ms, p95 {steady['to_case_p95_ms']:.0f} ms "
            f"({steady['routed']}/{steady['sent']} routed)",
            f"p95 < {GOALS['to_case_p95_ms']} ms",
            _verdict(
                steady["to_case_p95_ms"] < GOALS["to_case_p95_ms"]
                and steady["routed"] == steady["sent"]
            ),
        )
    )
    counts = results["query_counts"]
    for name, label in (("my_team", "My team"), ("overdue", "Overdue"), ("case_page", "Case page")):
        figure = results["queue"][name]
        # The case page's count is compared for a case of each scheme as well.
        keys = {
            "my_team": ["my_team", "my_team_page_2"],
            "overdue": ["overdue"],
            "case_page": [
                "case_page",
                *sorted(key for key in counts["large"] if key.startswith("case_page_")),
            ],
        }[name]
        small = sorted({counts["small"].get(key) for key in keys}, key=str)
        large = sorted({counts["large"].get(key) for key in keys}, key=str)
        same = all(counts["small"].get(key) == counts["large"].get(key) for key in keys)
        schemes = f" ({', '.join(figure['schemes'])})" if figure.get("schemes") else ""
        table.append(
            (
                f"Queue: {label}",
                f"p95 {figure['p95_ms']:.0f} ms{schemes}; queries {_counts_text(small)} at "
                f"{counts['small_cases']:,} cases, {_counts_text(large)} at "
                f"{counts['large_cases']:,}",
                f"p95 < {GOALS['queue_p95_ms']} ms, same queries",
                _verdict(figure["p95_ms"] < GOALS["queue_p95_ms"] and same and not figure["bad"]),
            )
        )
    for role, by_kind in results.get("search", {}).items():
        for kind, figure in by_kind.items():
            key = f"search_{role}_{kind}"
            small, large = counts["small"].get(key), counts["large"].get(key)
            table.append(
                (
                    f"Search as {ROLES.get(role, role)}: {results['search_kinds'][kind]}",
                    f"p95 {figure['p95_ms']:.0f} ms; queries {small} at "
                    f"{counts['small_cases']:,} cases, {large} at {counts['large_cases']:,}",
                    f"p95 < {GOALS['search_p95_ms']} ms, same queries",
                    _verdict(
                        figure["p95_ms"] < GOALS["search_p95_ms"]
                        and small == large
                        and not figure["bad"]
                    ),
                )
            )
    table += _return_and_dashboard_rows(results)
    match = results["matching"]
    table.append(
        (
            f"Matching against {results['scale']['nominals']:,} nominals",
            f"p50 {match['p50_ms']:.1f} ms, p95 {match['p95_ms']:.1f} ms "
            f"({match['queries']} queries)",
            f"p95 < {GOALS['matching_p95_ms']} ms",
            _verdict(match["p95_ms"] < GOALS["matching_p95_ms"]),
        )
    )
    memory = results["memory"]
    table.append(
        (
            "Peak memory",
            f"web worker {memory['web_worker_peak_mib']:.0f} MiB, "
            f"Celery worker {memory['celery_worker_peak_mib']:.0f} MiB",
            f"<= {GOALS['memory_mib']} MiB each",
            _verdict(
                max(memory["web_worker_peak_mib"], memory["celery_worker_peak_mib"])
                <= GOALS["memory_mib"]
            ),
        )
    )
    return table


def _uncached_rows(results: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """Pages drawn afresh and question pages, each against the bare view of the same round."""
    found = results.get("uncached")
    if not found:
        return []
    hello = found["hello"]
    table = []
    for name, label in UNCACHED_PAGES.items():
        figure = found[name]
        table.append(
            (
                f"{label}, page cache off: CPU to hello's",
                f"x{figure['ratio']:.1f} ({figure['web_cpu_ms']:.2f} ms against "
                f"{hello['web_cpu_ms']:.2f}); {figure['queries']:.0f} queries",
                f"<= {GOALS['uncached_ratio']}x, <= {GOALS['uncached_queries']} queries",
                _verdict(
                    figure["ratio"] <= GOALS["uncached_ratio"]
                    and figure["queries"] <= GOALS["uncached_queries"]
                    and not figure["bad"]
                ),
            )
        )
    for name, label in QUESTION_LOADS.items():
        figure = found[name]
        table.append(
            (
                f"{label}: CPU to hello's",
                f"x{figure['ratio']:.1f} ({figure['web_cpu_ms']:.2f} ms against "
                f"{hello['web_cpu_ms']:.2f}); {figure['queries']:.0f} queries",
                f"<= {GOALS['question_ratio']}x",
                _verdict(figure["ratio"] <= GOALS["question_ratio"] and not figure["bad"]),
            )
        )
    after = found["after_publish"]
    table.append(
        (
            "Long guidance page, first visit after a publish",
            f"{after['web_cpu_ms']:.1f} ms CPU (x{after['ratio']:.1f}); {after['queries']} queries",
            "reported",
            "",
        )
    )
    return table


def _return_and_dashboard_rows(results: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    table = []
    found = results.get("statutory_return")
    if found:
        startup = found["startup"]
        for slug, label in RETURN_SCHEMES.items():
            figure = found[slug]
            table.append(
                (
                    f"Statutory return: {label}, {found['from']} to {found['to']}",
                    f"{figure['wall_s']:.1f} s (slowest {figure['wall_max_s']:.1f} s), peak "
                    f"{figure['peak_rss_mib']:.0f} MiB; Django's start alone "
                    f"{startup['wall_s']:.1f} s, {startup['peak_rss_mib']:.0f} MiB; "
                    f"{figure['received']:,} received, {figure['disclosed']:,} disclosed, "
                    f"{figure['not_disclosed']:,} not",
                    f"< {GOALS['return_s']} s, < {GOALS['return_mib']} MiB",
                    _verdict(
                        figure["wall_max_s"] < GOALS["return_s"]
                        and figure["peak_rss_mib"] < GOALS["return_mib"]
                    ),
                )
            )
    for role, figure in results.get("dashboard", {}).items():
        reader = ROLES.get(role, role)
        table.append(
            (
                f"Dashboard as {reader}: figures cached (5 min)",
                f"p50 {figure['p50_ms']:.0f} ms, p95 {figure['p95_ms']:.0f} ms; "
                f"{figure['queries']:.0f} queries",
                f"p95 < {GOALS['dashboard_p95_ms']} ms",
                _verdict(figure["p95_ms"] < GOALS["dashboard_p95_ms"] and not figure["bad"]),
            )
        )
        table.append(
            (
                f"Dashboard as {reader}: figures computed",
                f"{figure['uncached_ms']:.0f} ms (slowest of {figure['uncached_tries']}: "
                f"{figure['uncached_max_ms']:.0f} ms); {figure['uncached_queries']} queries, "
                f"DB CPU {figure['uncached_db_cpu_ms']:.0f} ms",
                f"< {GOALS['dashboard_p95_ms']} ms (one request per reader in 5 min)",
                _verdict(figure["uncached_max_ms"] < GOALS["dashboard_p95_ms"]),
            )
        )
    return table


def load_rows(results: dict[str, Any]) -> list[list[str]]:
    """Every load run's median figures, with CPU and SQL per request."""
    lines = []
    sections = [("public", results["public"])]
    if "uncached" in results:
        sections.append(
            (
                "page cache off",
                {
                    name: figure
                    for name, figure in results["uncached"].items()
                    if name in ("hello", *UNCACHED_PAGES, *QUESTION_LOADS)
                },
            )
        )
    sections.append(("queue", results["queue"]))
    if "dashboard" in results:
        sections.append(
            (
                "dashboard",
                {
                    f"as {ROLES.get(role, role)}": figure
                    for role, figure in results["dashboard"].items()
                },
            )
        )
    for role, by_kind in results.get("search", {}).items():
        sections.append((f"search as {ROLES.get(role, role)}", by_kind))
    sections.append(("send", {"concern report send": results["burst"]}))
    for section, targets in sections:
        for name, figure in targets.items():
            lines.append(
                [
                    f"{section}: {name}",
                    f"{figure['rps']:.0f}",
                    f"{figure['p50_ms']:.1f}",
                    f"{figure['p95_ms']:.1f}",
                    f"{figure['p99_ms']:.1f}",
                    f"{figure['web_cpu_ms']:.2f}",
                    f"{figure['db_cpu_ms']:.2f}",
                    f"{figure['queries']:.1f}",
                ]
            )
    return lines


def _markdown_table(header: list[str], body: list[list[str]] | list[tuple]) -> str:
    widths = [max(len(str(row[i])) for row in [header, *body]) for i in range(len(header))]

    def line(cells) -> str:
        return (
            "| "
            + " | ".join(str(cell).ljust(width) for cell, width in zip(cells, widths, strict=True))
            + " |"
        )

    return "\n".join(
        [line(header), "|" + "|".join("-" * (width + 2) for width in widths) + "|"]
        + [line(row) for row in body]
    )


def report_text(results: dict[str, Any]) -> str:
    info = results["machine"]
    scale = results["scale"]
    heading = (
        f"# Benchmark {results['date']} at {results['commit']}"
        f"{' (smoke: tiny data, figures mean nothing)' if results['smoke'] else ''}\n\n"
        f"Machine: {info['cores']} cores ({info['cpu']}), {info['memory_gib']} GiB, "
        f"Python {info['python']}, PostgreSQL {info['postgresql']}, {info['wrk']}.\n"
        f"Data: {scale['cases']:,} cases, {scale['nominals']:,} nominals, "
        f"{scale['staff']:,} staff. Each figure is the median of {results['rounds']} rounds of "
        f"{results['duration_s']} s; gunicorn {results['servers']['web_workers']} sync workers, "
        f"Celery {results['servers']['celery_concurrency']} processes, wrk on the same machine.\n"
    )
    goals = _markdown_table(["Measure", "Figure", "Goal", ""], rows(results))
    loads = _markdown_table(
        [
            "Load run",
            "req/s",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "web CPU ms/req",
            "DB CPU ms/req",
            "SQL/req",
        ],
        load_rows(results),
    )
    steady = results["steady"]
    burst = results["burst"]
    notes = (
        f"\nSteady sends: {steady['accepted']}/{steady['sent']} accepted, send p50 "
        f"{steady['send_p50_ms']:.0f} ms, p95 {steady['send_p95_ms']:.0f} ms; slowest case "
        f"routed after {steady['to_case_max_ms']:.0f} ms; the sender's own CPU "
        f"{steady['sender_cpu_ms']:.1f} ms a send; its {steady.get('emails', 0)} staff e-mails, "
        f"sent once no case waits, p50 {steady.get('to_email_p50_ms', float('nan')):.0f} ms, "
        f"p95 {steady.get('to_email_p95_ms', float('nan')):.0f} ms after their case's change.\n"
        f"Burst sends: the worker took a median {burst['drain_s']:.1f} s after each "
        f"{results['duration_s']} s run to route the backlog ({burst['routed']} cases); "
        f"worker CPU {burst['worker_cpu_ms']:.1f} ms a case.\n"
        f"Matching: {results['matching']['subjects']} subjects, "
        f"{results['matching']['with_candidates']:.0%} with candidates.\n"
        f"{_return_notes(results)}"
        f"{_send_by_rate_notes(results)}"
        f"{whole_journey.journey_notes(results)}"
        f"Query counts: {json.dumps(results['query_counts'])}\n"
        f"Whole run {results['elapsed_s']} s, of which loading data {results['load_s']} s.\n"
    )
    return f"{heading}\n{goals}\n\n{loads}\n{notes}"


def _return_notes(results: dict[str, Any]) -> str:
    found = results.get("statutory_return")
    if not found:
        return ""
    parts = [
        f"{label} {found[slug]['cpu_s']:.1f} s of the command's CPU and "
        f"{found[slug]['db_cpu_s']:.1f} s of PostgreSQL's (runs: "
        f"{', '.join(f'{wall:.1f}' for wall in found[slug]['walls_s'])} s)"
        for slug, label in RETURN_SCHEMES.items()
    ]
    return f"Statutory return (manage.py statutory_return, CSV): {'; '.join(parts)}.\n"


def _send_by_rate_notes(results: dict[str, Any]) -> str:
    points = "; ".join(
        f"{point['rate']}/s: p50 {point['to_case_p50_ms']:.0f} ms, p95 "
        f"{point['to_case_p95_ms']:.0f} ms ({point['routed']}/{point['sent']} routed)"
        for point in results.get("send_by_rate") or []
    )
    return f"Send to routed case at rising rates: {points}.\n" if points else ""


def report_write(results: dict[str, Any], directory: Path) -> Path:
    commit = _command_output("git", "rev-parse", "--short", "HEAD") or "unknown"
    if _command_output("git", "status", "--porcelain", "--untracked-files=no"):
        commit += "+changes"
    results["commit"] = commit
    results["date"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    results["machine"] = machine()
    text = report_text(results)
    print("\n" + text)
    directory.mkdir(parents=True, exist_ok=True)
    stem = (
        datetime.now(UTC).strftime("%Y-%m-%dT%H%M")
        + f"-{commit}"
        + ("-smoke" if results["smoke"] else "")
    )
    (directory / f"{stem}.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    chart = latency_chart_write(results, directory / f"{stem}.png")
    if chart is not None:
        text += f"\n![Latency against offered rate]({chart.name})\n"
    path = directory / f"{stem}.md"
    path.write_text(text)
    return path

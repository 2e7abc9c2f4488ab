"""`python -m faults [--quick] [--check]`: the scenarios, the table, the results file.

Exits non-zero when the run itself failed; with --check, also when a goal was missed.
"""

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.processes import ROOT

from . import services
from .scenarios import FULL, QUICK, SCENARIOS, Plan, Rig


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m faults", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="10 reports each, 5 s outages")
    parser.add_argument("--check", action="store_true", help="fail when a goal is missed")
    parser.add_argument("--reports", type=int, help="reports sent in each scenario")
    parser.add_argument("--rate", type=float, help="reports started a second")
    parser.add_argument("--outage", type=float, help="seconds each service stays away")
    parser.add_argument(
        "--only", action="append", choices=list(SCENARIOS), help="run this scenario (repeatable)"
    )
    parser.add_argument("--web-port", type=int, default=28000)
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--worker-concurrency", type=int, default=2)
    parser.add_argument("--results-dir", type=Path, default=ROOT / "faults" / "results")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    return parser.parse_args()


def _plan(arguments: argparse.Namespace) -> Plan:
    plan = QUICK if arguments.quick else FULL
    changes = {
        name: getattr(arguments, name)
        for name in ("reports", "rate", "outage")
        if getattr(arguments, name) is not None
    }
    return Plan(**{**plan.__dict__, **changes})


def _seconds(value) -> str:
    return "-" if value is None else f"{value:.1f}"


COLUMNS = [
    ("Scenario", None),
    ("Sent", "sent"),
    ("References shown", "shown"),
    ("Saved", "saved"),
    ("Cases", "cases"),
    ("Lost", "lost"),
    ("Duplicated", "duplicated"),
    ("Error shown, saved", "error_but_saved"),
    ("Reference, not saved", "reference_not_saved"),
    ("Errors shown", "errors_shown"),
    ("Sent again", "pressed_again"),
    ("To routed p50 s", "routed_p50_s"),
    ("p95 s", "routed_p95_s"),
    ("max s", "routed_max_s"),
]


def table(results: dict) -> str:
    lines = [
        "| " + " | ".join(title for title, _ in COLUMNS) + " |",
        "| --- " + "| ---: " * (len(COLUMNS) - 1) + "|",
    ]
    for name, (title, _) in SCENARIOS.items():
        figures = results["scenarios"].get(name)
        if figures is None:
            continue
        cells = [title]
        for _, key in COLUMNS[1:]:
            value = figures[key]
            cells.append(_seconds(value) if key.endswith("_s") else str(value))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _git(*arguments: str) -> str:
    return subprocess.run(  # noqa: S603 (fixed arguments)
        [shutil.which("git") or "/usr/bin/git", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def _commit() -> str:
    try:
        head = _git("rev-parse", "--short", "HEAD")
        dirty = _git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head}+changes" if dirty else head


def report_write(results: dict, folder: Path, quick: bool) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{datetime.now(UTC):%Y-%m-%dT%H%M}-{results['commit']}{'-quick' if quick else ''}"
    plan, missed = results["plan"], results["missed"]
    text = [
        f"# Fault injection, {results['started']} ({results['commit']})",
        "",
        f"{plan['reports']} concern reports a scenario, {plan['rate']:g} a second; each fault "
        f"{plan['fault_at']:g} s after the first send, outages of {plan['outage']:g} s. "
        f"Machine: {results['machine']}. Drained {_seconds(results['drain_s'])} s after "
        f"the last scenario; run took {results['elapsed_s']} s.",
        "",
        table(results),
        "",
        "Goals: 0 lost, 0 duplicated, 0 error shown but saved, 0 references for unsaved "
        "reports. " + ("All met." if not missed else "Missed: " + "; ".join(missed)),
        "",
        "Errors people saw, by scenario:",
        "",
    ]  # fmt: skip
    for name, figures in results["scenarios"].items():
        errors = ", ".join(f"{error}: {count}" for error, count in figures["errors"].items())
        text.append(f"- {name}: {errors or 'none'}")
    text.append(
        f"\nKills that found a pool process at work: pool {results['pool_kills_while_busy']}, "
        f"whole worker {results['worker_kills_while_busy']}; "
        f"tasks the worker reported lost with their process (WorkerLostError): "
        f"{results['worker_lost_tasks']}."
    )
    (folder / f"{stem}.md").write_text("\n".join(text) + "\n")
    (folder / f"{stem}.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    return folder / f"{stem}.md"


def main() -> int:
    arguments = _arguments()
    plan = _plan(arguments)
    missing = services.missing_tools()
    if missing:
        print(f"Cannot run: needs {missing}", file=sys.stderr)
        return 2
    chosen = arguments.only or list(SCENARIOS)
    folder = Path(tempfile.mkdtemp(prefix="portal-faults-"))
    os.chmod(folder, 0o755)  # noqa: S103 (PostgreSQL runs as its own user)
    rig = Rig(
        folder=folder,
        web_port=services.spare_port(arguments.web_port),
        web_workers=arguments.web_workers,
        concurrency=arguments.worker_concurrency,
    )
    started = time.monotonic()
    try:
        rig.up()
        results = _run(rig, plan, chosen)
    finally:
        rig.down()
        if not arguments.keep:
            shutil.rmtree(folder, ignore_errors=True)
    results["elapsed_s"] = round(time.monotonic() - started)
    results["plan"] = plan.__dict__
    results["commit"] = _commit()
    results["machine"] = f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}"
    print()
    print(table(results))
    path = report_write(results, arguments.results_dir, arguments.quick)
    print(f"\nDrained in {_seconds(results['drain_s'])} s; run took {results['elapsed_s']} s.")
    print(f"Written to {path}")
    if results["missed"]:
        print("Goals missed: " + "; ".join(results["missed"]))
        return 1 if arguments.check else 0
    print("Every goal met: 0 lost, 0 duplicated, 0 error shown but saved, 0 unsaved references.")
    return 0


def _run(rig: Rig, plan: Plan, chosen: list[str]) -> dict:
    os.environ.update(rig.env)
    import django

    django.setup()
    from django.utils import timezone

    from bench import journey

    from . import sender, tally

    since = timezone.now()
    template = journey.concern_report_answer(rig.base_url)
    markers = {
        name: [sender.marker_new(name, index) for index in range(plan.reports)] for name in chosen
    }
    sessions = {name: sender.sessions_prepare(template, markers[name]) for name in chosen}
    seens = []
    worker_log = rig.logs / "worker.log"
    lost_before = _count(worker_log, LOST_TASK)
    for name in chosen:
        title, faults = SCENARIOS[name]
        print(f"{title}: {plan.reports} reports", flush=True)
        seens += sender.send_steadily(
            base_url=rig.base_url,
            template=template,
            scenario=name,
            session_keys=sessions[name],
            markers=markers[name],
            rate=plan.rate,
            during=faults(rig, plan),
        )
        rig.healthy_wait()
    print("Waiting for every case to be opened and routed", flush=True)
    drain_s = tally.drain_wait(since, timeout=plan.drain_timeout)
    if rig.second_beat is not None:
        # Both beats must have ticked together at least once.
        left = plan.beat_overlap - (time.monotonic() - rig.second_beat_started)
        if left > 0:
            time.sleep(left)
            drain_s = tally.drain_wait(since, timeout=plan.drain_timeout)
    scenarios = tally.tally(seens, since)
    unmarked = scenarios.pop("_unmarked_submissions")
    if unmarked:
        raise SystemExit(f"{unmarked} submissions carry no marker: the harness is broken")
    return {
        "started": f"{since:%Y-%m-%d %H:%M} UTC",
        "scenarios": scenarios,
        "drain_s": drain_s,
        "backlog_after_drain": tally.backlog(since),
        "worker_lost_tasks": _count(worker_log, LOST_TASK) - lost_before,
        "pool_kills_while_busy": f"{sum(rig.pool_kills)} of {len(rig.pool_kills)}",
        "worker_kills_while_busy": f"{sum(rig.worker_kills)} of {len(rig.worker_kills)}",
        "missed": tally.goals_missed(scenarios),
        "sends": [seen.__dict__ for seen in seens],
    }


LOST_TASK = "Task handler raised error: WorkerLostError"


def _count(log: Path, text: str) -> int:
    return log.read_text(errors="replace").count(text) if log.exists() else 0


if __name__ == "__main__":
    sys.exit(main())

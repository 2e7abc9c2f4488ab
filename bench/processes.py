"""The servers under test, and what the kernel says they cost: CPU time and peak memory."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def children_of(pid: int) -> list[int]:
    """Every descendant of `pid`, read from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def cpu_seconds(pids: Iterable[int]) -> float:
    """User plus system CPU time of the processes (their own, not their children's)."""
    total = 0
    for pid in pids:
        if fields := _stat(pid):
            total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


def cpu_seconds_tree(root: int) -> float:
    """CPU time of a process and every descendant, living or ended: the kernel adds an
    ended child's time to its parent's cutime and cstime once the parent has waited for it.
    PostgreSQL starts and ends a backend per connection, so this is the way to count it."""
    fields = _stat(root)
    if fields is None:
        return 0.0
    reaped = (int(fields[13]) + int(fields[14])) / CLOCK_TICKS
    return cpu_seconds([root, *children_of(root)]) + reaped


def peak_rss_mib(pid: int) -> float | None:
    """The process's high-water resident set size (VmHWM)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def postgres_root() -> int | None:
    """The PostgreSQL server's first process (its postmaster), if it runs on this machine."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() in ("postgres", "postmaster"):
                    found[int(entry.name)] = int(_stat(int(entry.name))[1])
            except (OSError, TypeError):
                continue
    roots = [pid for pid, parent in found.items() if parent not in found]
    return min(roots) if roots else None


@dataclass
class Server:
    name: str
    process: subprocess.Popen

    @property
    def pids(self) -> list[int]:
        return [self.process.pid, *children_of(self.process.pid)]

    def workers(self) -> list[int]:
        return children_of(self.process.pid)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _start(
    name: str, module_arguments: list[str], *, env: dict[str, str], log: Path, ready
) -> Server:
    """Start `python -m <module_arguments>`, logging to `log`, and wait up to a minute for
    `ready(server)` to say it is serving."""
    process = subprocess.Popen(
        [sys.executable, "-m", *module_arguments],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    server = Server(name, process)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} stopped at start; see {log}")
        if ready(server):
            return server
        time.sleep(0.3)
    server.stop()
    raise SystemExit(f"{name} was not ready within a minute; see {log}")


def gunicorn_start(*, env: dict[str, str], port: int, workers: int, log: Path) -> Server:
    def answers(_server: Server) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as reply:
                return reply.status == 200
        except OSError:
            return False

    return _start(
        "gunicorn",
        [
            "gunicorn",
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--backlog",
            "2048",
            "--log-level",
            "warning",
        ],
        env=env,
        log=log,
        ready=answers,
    )


def celery_start(
    *,
    env: dict[str, str],
    concurrency: int,
    log: Path,
    pool: str = "prefork",
    queue: str | None = None,
) -> Server:
    """The Procfile's worker; `pool` and a `queue` of its own for bench.celery_cost."""
    hostname = f"{queue}@localhost"

    def pinged(_server: Server) -> bool:
        from portal.celery import app

        return bool(app.control.ping(destination=[hostname], timeout=0.5))

    # A prefork worker is ready once the pool's processes exist (the broker connection is
    # checked by the first routed submission, which the run waits for); the other pools have
    # no processes to count, and are asked by the hostname their queue gives them.
    ready = (lambda server: len(server.workers()) >= concurrency) if pool == "prefork" else pinged
    return _start(
        "the Celery worker",
        [
            "celery",
            "-A",
            "portal",
            "worker",
            "--pool",
            pool,
            "--concurrency",
            str(concurrency),
            *(["--queues", queue, "--hostname", hostname] if queue else []),
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        env=env,
        log=log,
        ready=ready,
    )

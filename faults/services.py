"""Throwaway PostgreSQL and Redis servers of the run's own, and the portal's processes on them.

Each server lives in a temporary folder on a spare loopback port, so stopping or killing it
harms nothing else on the machine. As root, PostgreSQL runs as the `postgres` user (it refuses
to run as root).
"""

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.processes import (
    ROOT,
    Server,
    celery_start,
    children_of,
    cpu_seconds,
    gunicorn_start,
)

POSTGRES_USER = "postgres"


def run(command: list[str], *, log: Path | None = None, env: dict | None = None, timeout=300):
    """Run a command to its end, its output appended to `log`; raise if it fails."""
    output = log.open("ab") if log else subprocess.DEVNULL
    try:
        subprocess.run(  # noqa: S603 (fixed commands, no shell)
            command,
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            check=True,
            timeout=timeout,
        )
    finally:
        if log:
            output.close()


def spawn(command: list[str], *, log: Path, env: dict | None = None) -> subprocess.Popen:
    """Start a long-running command in its own process group, its output appended to `log`."""
    with log.open("ab") as output:
        return subprocess.Popen(  # noqa: S603 (fixed commands, no shell)
            command,
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def wait_until(check: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise SystemExit(f"{what} within {timeout:.0f} s")


def port_answers(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def spare_port(preferred: int) -> int:
    """`preferred` if nothing listens there, else one the kernel picks."""
    if not port_answers(preferred):
        return preferred
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_bin() -> Path | None:
    """The newest Debian PostgreSQL server's bin folder, or the one on PATH."""
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0,
    )
    if versions:
        return versions[-1].parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def missing_tools() -> str | None:
    """What the run needs and this machine lacks, or None."""
    if postgres_bin() is None:
        return "PostgreSQL's server programs (initdb, pg_ctl): apt-get install postgresql"
    if shutil.which("redis-server") is None:
        return "redis-server: apt-get install redis-server"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(POSTGRES_USER)
        except KeyError:
            return "a 'postgres' user to run PostgreSQL as (the run is root)"
    return None


class Postgres:
    """A cluster made by initdb in `folder`, trusting loopback, listening on `port`."""

    def __init__(self, folder: Path, port: int, log: Path):
        self.folder, self.port, self.log = folder, port, log
        self.data = folder / "data"
        self.bin = postgres_bin()
        self.as_owner = ["runuser", "-u", POSTGRES_USER, "--"] if os.geteuid() == 0 else []

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/portal_faults"

    def _ctl(self, *arguments: str, timeout: float = 120) -> None:
        run([*self.as_owner, str(self.bin / "pg_ctl"), "-D", str(self.data), *arguments],
            log=self.log, timeout=timeout)  # fmt: skip

    def create(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.as_owner:
            user = pwd.getpwnam(POSTGRES_USER)
            os.chown(self.folder, user.pw_uid, user.pw_gid)
            self.log.touch()
            os.chown(self.log, user.pw_uid, user.pw_gid)
        run(
            [
                *self.as_owner,
                str(self.bin / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--no-sync",
            ],
            log=self.log,
        )
        self.start()
        run(
            [
                *self.as_owner,
                str(self.bin / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "portal_faults",
            ],
            log=self.log,
        )

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder}"
        self._ctl("-l", str(self.log), "-o", options, "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        """`fast` ends every session and shuts down cleanly; `immediate` is a crash: no
        checkpoint, recovery from the WAL at the next start."""
        self._ctl("-m", mode, "-w", "-t", "60", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def destroy(self) -> None:
        if self.running():
            with contextlib.suppress(subprocess.SubprocessError, OSError):
                self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


class Redis:
    """redis-server on `port`, keeping nothing on disk: a restart starts it empty."""

    def __init__(self, folder: Path, port: int, log: Path):
        self.folder, self.port, self.log = folder, port, log
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.process = spawn(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            log=self.log,
        )
        wait_until(lambda: port_answers(self.port), timeout=20, what="Redis did not answer")

    def kill(self) -> None:
        """SIGKILL: whatever it held (queued tasks, sessions, rate counts) is gone."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def destroy(self) -> None:
        self.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "R"
    except (OSError, IndexError):
        return False


def busy_wait(pids: list[int], *, timeout: float) -> bool:
    """Wait, at most `timeout` seconds, until one of the processes is running or has used CPU
    since the last look (a pool process at work on a task); whether one was."""
    deadline = time.monotonic() + timeout
    used = {pid: cpu_seconds([pid]) for pid in pids}
    while time.monotonic() < deadline:
        time.sleep(0.005)
        for pid in pids:
            now = cpu_seconds([pid])
            if _running(pid) or now > used[pid]:
                return True
            used[pid] = now
    return False


def kill_tree(server: Server) -> None:
    """SIGKILL a process and every descendant at once, as when its machine dies."""
    for pid in [server.process.pid, *children_of(server.process.pid)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    server.process.wait(timeout=10)


def web_start(*, env: dict, port: int, workers: int, log: Path) -> Server:
    return gunicorn_start(env=env, port=port, workers=workers, log=log)


def worker_start(*, env: dict, concurrency: int, log: Path) -> Server:
    return celery_start(env=env, concurrency=concurrency, log=log)


def beat_start(*, env: dict, schedule: Path, log: Path) -> Server:
    """The Procfile's beat, with a schedule file of its own."""
    process = spawn(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "beat",
            "--loglevel",
            "INFO",
            "--schedule",
            str(schedule),
        ],
        log=log,
        env=env,
    )
    time.sleep(1)
    if process.poll() is not None:
        raise SystemExit(f"celery beat stopped at start; see {log}")
    return Server("celery beat", process)

"""The rig (private PostgreSQL and Redis, gunicorn, a Celery worker and beat) and the faults."""

import contextlib
import os
import signal
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.processes import Server

from . import services


@dataclass(frozen=True)
class Plan:
    reports: int  # sends in each scenario
    rate: float  # sends started a second
    fault_at: float  # seconds after the first send
    outage: float  # seconds a service stays away
    drain_timeout: float  # seconds to wait for every case at the end
    beat_overlap: float = 65.0  # the second beat lives at least this long beside the first


FULL = Plan(reports=120, rate=4.0, fault_at=5.0, outage=15.0, drain_timeout=420.0)
QUICK = Plan(reports=10, rate=1.0, fault_at=2.0, outage=5.0, drain_timeout=240.0)


@dataclass
class Rig:
    folder: Path
    web_port: int
    web_workers: int
    concurrency: int
    logs: Path = field(init=False)
    postgres: services.Postgres = field(init=False)
    redis: services.Redis = field(init=False)
    env: dict[str, str] = field(init=False)
    web: Server | None = None
    worker: Server | None = None
    beat: Server | None = None
    second_beat: Server | None = None
    second_beat_started: float = 0.0
    pool_kills: list[bool] = field(default_factory=list)  # whether a task was under way
    worker_kills: list[bool] = field(default_factory=list)

    def __post_init__(self):
        self.logs = self.folder / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        os.chmod(self.logs, 0o777)  # noqa: S103 (PostgreSQL writes its log here as its own user)
        self.postgres = services.Postgres(
            self.folder / "postgres", services.spare_port(55432), self.logs / "postgres.log"
        )
        self.redis = services.Redis(
            self.folder / "redis", services.spare_port(56379), self.logs / "redis.log"
        )
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.bench",
            "DATABASE_URL": self.postgres.url,
            "REDIS_URL": self.redis.url,
            "STATIC_ROOT": str(self.folder / "static"),
            "PYTHONUNBUFFERED": "1",
        }
        self.env.pop("CELERY_BROKER_URL", None)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def manage(self, *arguments: str) -> None:
        services.run(
            [sys.executable, "manage.py", *arguments], log=self.logs / "setup.log", env=self.env
        )

    def up(self) -> None:
        print(
            f"PostgreSQL on {self.postgres.port}, Redis on {self.redis.port}; logs in {self.logs}",
            flush=True,
        )
        self.postgres.create()
        self.redis.start()
        print("Migrating, collecting static files, loading starter content and demo staff",
              flush=True)  # fmt: skip
        self.manage("migrate", "--noinput")
        self.manage("collectstatic", "--noinput", "-v", "0")
        self.manage("load_starter_content")
        # Prints each account's random password once: kept in the setup log, not shown.
        self.manage("load_demo_data")
        self.web_port = services.spare_port(self.web_port)  # checked again: setup takes a minute
        self.web = services.web_start(
            env=self.env, port=self.web_port, workers=self.web_workers, log=self.logs / "web.log"
        )
        self.worker_start()
        self.beat = services.beat_start(
            env=self.env, schedule=self.folder / "beat-schedule", log=self.logs / "beat.log"
        )

    def worker_start(self) -> None:
        self.worker = services.worker_start(
            env=self.env, concurrency=self.concurrency, log=self.logs / "worker.log"
        )

    def healthy_wait(self, timeout: float = 90) -> None:
        """Until /healthz says the database, the cache and the broker all answer."""

        def answers() -> bool:
            try:
                url = f"{self.base_url}/healthz"
                with urllib.request.urlopen(url, timeout=3) as reply:  # noqa: S310 (http)
                    return reply.status == 200
            except OSError:
                return False

        services.wait_until(answers, timeout=timeout, what="The portal was not healthy again")

    def down(self) -> None:
        for server in (self.second_beat, self.beat, self.worker, self.web):
            if server is not None:
                server.stop()
        self.redis.destroy()
        self.postgres.destroy()


# --- The faults: each a list of (seconds after the first send, action) ---------------------


def redis_killed(rig: Rig, plan: Plan) -> list[tuple[float, Callable[[], None]]]:
    """Redis SIGKILLed (broker, cache, sessions' copies and rate counts gone) and started
    again, empty, `outage` seconds later."""
    return [(plan.fault_at, rig.redis.kill), (plan.fault_at + plan.outage, rig.redis.start)]


def worker_children_killed(rig: Rig, plan: Plan) -> list[tuple[float, Callable[[], None]]]:
    """kill -9 every pool process of the worker, three times over `outage` seconds, each time
    as soon as one of them is seen running (a task under way); the worker's main process
    starts new ones."""

    def kill_children() -> None:
        children = rig.worker.workers()
        busy = services.busy_wait(children, timeout=max(3.0, plan.outage / 3))
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        rig.pool_kills.append(busy)

    return [(plan.fault_at + share * plan.outage, kill_children) for share in (0, 0.5, 1)]


def worker_killed(rig: Rig, plan: Plan) -> list[tuple[float, Callable[[], None]]]:
    """The whole worker (main process and pool) SIGKILLed as soon as a task is seen under way,
    started again `outage` seconds later."""

    def kill() -> None:
        rig.worker_kills.append(services.busy_wait(rig.worker.workers(), timeout=3.0))
        services.kill_tree(rig.worker)

    return [(plan.fault_at, kill), (plan.fault_at + plan.outage, rig.worker_start)]


def postgres_stopped(rig: Rig, plan: Plan) -> list[tuple[float, Callable[[], None]]]:
    """PostgreSQL stopped in immediate mode (a crash: every connection cut, recovery from
    the WAL at the next start) and started `outage` seconds later."""
    return [
        (plan.fault_at, lambda: rig.postgres.stop("immediate")),
        (plan.fault_at + plan.outage, rig.postgres.start),
    ]


def second_beat(rig: Rig, plan: Plan) -> list[tuple[float, Callable[[], None]]]:
    """A second beat, with its own schedule file, beside the first until the run ends."""

    def start() -> None:
        rig.second_beat = services.beat_start(
            env=rig.env, schedule=rig.folder / "beat-schedule-2", log=rig.logs / "beat-2.log"
        )
        rig.second_beat_started = time.monotonic()

    return [(0.0, start)]


SCENARIOS: dict[str, tuple[str, Callable[[Rig, Plan], list]]] = {
    "redis": ("Redis killed, back after the outage", redis_killed),
    "pool": ("Worker's pool processes SIGKILLed", worker_children_killed),
    "worker": ("Whole worker killed, restarted", worker_killed),
    "postgres": ("PostgreSQL stopped, back after the outage", postgres_stopped),
    "beat": ("A second beat started", second_beat),
}

"""`python -m bench.celery_cost [--tasks N]`: what Celery itself costs a task, by pool.

Starts a Celery worker as the Procfile does (the portal's app and settings, Redis, late
acknowledgement, prefetch of one), once for each pool in POOLS, hands it N tasks that do
nothing (Celery's own `celery.accumulate`, which returns its arguments), and reads the
worker's CPU from /proc before and after. What is left is the message read, reserved, handed
to the pool, run, acknowledged and its signals sent, and the worker's answers to the few
questions a second that tell this process when every task is done. The publisher is this
process, and is not counted. Compare it with a report's work in-process (`python -m
bench.profile route --timed`): a report is two tasks, the case opened and its staff e-mails.

It uses the bench's Redis database (BENCH_REDIS_URL, 9 by default), and reads no database.
"""

import argparse
import os
import tempfile
import time
import uuid
from pathlib import Path

from .processes import celery_start, cpu_seconds, peak_rss_mib

# (pool, processes or threads): the Procfile's prefork pool, and the two pools without one
# process per task slot.
POOLS = (("prefork", 4), ("threads", 4), ("solo", 1))
TASK = "celery.accumulate"


def _done(queue: str, tasks: int) -> bool:
    """Every task taken from the queue and none still running, by the worker's own count."""
    from portal.celery import app

    hostname = f"{queue}@localhost"
    inspect = app.control.inspect(destination=[hostname], timeout=1)
    stats = (inspect.stats() or {}).get(hostname, {})
    if stats.get("total", {}).get(TASK, 0) < tasks:
        return False
    return not (inspect.active() or {}).get(hostname)


def cost_measure(*, pool: str, concurrency: int, tasks: int, env: dict, log: Path) -> dict:
    from portal.celery import app

    # A queue of its own, so that nothing else queued on this Redis database is counted.
    queue = f"cost-{pool}-{uuid.uuid4().hex[:8]}"
    worker = celery_start(pool=pool, concurrency=concurrency, queue=queue, env=env, log=log)
    try:
        time.sleep(1)  # the pool's processes settle after the first ping
        before = cpu_seconds(worker.pids)
        started = time.monotonic()
        task = app.tasks[TASK]
        for number in range(tasks):
            task.apply_async(args=[number], queue=queue)
        while not _done(queue, tasks):
            if time.monotonic() - started > 300:
                raise SystemExit(f"{pool}: the tasks were not done in 5 minutes; see {log}")
            time.sleep(0.2)
        elapsed = time.monotonic() - started
        cpu = cpu_seconds(worker.pids) - before
        peak = max(filter(None, map(peak_rss_mib, worker.pids)))
        total_rss = sum(filter(None, map(peak_rss_mib, worker.pids)))
    finally:
        worker.stop()
    return {
        "pool": pool,
        "concurrency": concurrency,
        "tasks": tasks,
        "cpu_ms_a_task": 1000 * cpu / tasks,
        "tasks_a_second": tasks / elapsed,
        "peak_rss_mib": peak,
        "processes_rss_mib": total_rss,
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.celery_cost", description=__doc__)
    parser.add_argument("--tasks", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=2)
    arguments = parser.parse_args()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.bench",
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"),
        "DATABASE_URL": os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench"
        ),
        "PYTHONUNBUFFERED": "1",
    }
    os.environ.update(env)
    import django

    django.setup()
    log = Path(tempfile.mkdtemp(prefix="bench-celery-")) / "celery.log"
    print("| Pool | CPU a task | Tasks a second | Peak RSS of a process | All processes |")
    print("|---|---|---|---|---|")
    # In turns, so that a busy minute on a shared machine falls on every pool alike.
    for _ in range(arguments.rounds):
        for pool, concurrency in POOLS:
            found = cost_measure(
                pool=pool, concurrency=concurrency, tasks=arguments.tasks, env=env, log=log
            )
            print(
                f"| {pool} x{concurrency} | {found['cpu_ms_a_task']:.2f} ms | "
                f"{found['tasks_a_second']:.0f} | {found['peak_rss_mib']:.0f} MiB | "
                f"{found['processes_rss_mib']:.0f} MiB |",
                flush=True,
            )


if __name__ == "__main__":
    main()

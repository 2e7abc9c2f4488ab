"""`python -m bench`: load the data, start the servers, run every measure, print the table.

Run it through `make bench` (full scale) or `make bench-smoke` (tiny data, seconds). It needs
PostgreSQL, Redis and wrk; it creates its own databases and uses its own Redis database.
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .processes import ROOT


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="tiny data and short runs")
    parser.add_argument("--rounds", type=int, help="runs of each measure (median reported)")
    parser.add_argument("--duration", type=int, help="seconds of each load run")
    parser.add_argument("--cases", type=int)
    parser.add_argument("--nominals", type=int)
    parser.add_argument("--staff", type=int)
    parser.add_argument("--small-cases", type=int, help="cases in the comparison database")
    parser.add_argument(
        "--port", type=int, default=8765, help="and the next one, for the page cache off"
    )
    parser.add_argument("--web-workers", type=int, default=4)
    parser.add_argument("--worker-concurrency", type=int, default=4)
    parser.add_argument("--results-dir", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument(
        "--query-counts-only",
        action="store_true",
        help=argparse.SUPPRESS,  # used by the run itself for the comparison database
    )
    arguments = parser.parse_args()
    full = not arguments.smoke
    defaults = {
        "rounds": 3,
        "duration": 10 if full else 1,
        "cases": 1_000_000 if full else 2_000,
        "nominals": 50_000 if full else 500,
        "staff": 300 if full else 30,
        "small_cases": 10_000 if full else 200,
    }
    for name, value in defaults.items():
        if getattr(arguments, name) is None:
            setattr(arguments, name, value)
    return arguments


def _bench_database_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")


def _database_url(name: str) -> str:
    return urlunsplit(urlsplit(_bench_database_url())._replace(path=f"/{name}"))


def _database_names(arguments: argparse.Namespace) -> tuple[str, str]:
    base = urlsplit(_bench_database_url()).path.lstrip("/")
    suffix = "_smoke" if arguments.smoke else ""
    return f"{base}{suffix}", f"{base}{suffix}_small"


def _services_check(database_names: tuple[str, ...], redis_url: str) -> None:
    import psycopg
    import redis

    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    admin_url = _database_url("postgres")
    try:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            for name in database_names:
                found = connection.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", [name]
                ).fetchone()
                if not found:
                    connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        raise SystemExit(f"PostgreSQL does not answer at {admin_url}: {error}") from error
    try:
        # The bench's own Redis database: emptied so no earlier run's sessions, rate counts
        # or cached pages change this one.
        redis.Redis.from_url(redis_url).flushdb()
    except redis.RedisError as error:
        raise SystemExit(f"Redis does not answer at {redis_url}: {error}") from error


def _manage(env: dict[str, str], *arguments: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *arguments, "-v", "0"], cwd=ROOT, env=env, check=True
    )


def _port_free(port: int) -> None:
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise SystemExit(f"Port {port} is taken: pass --port")


def main() -> None:
    arguments = _arguments()
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
    big, small = _database_names(arguments)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.bench",
        "DATABASE_URL": _database_url(big),
        "REDIS_URL": redis_url,
        "PYTHONUNBUFFERED": "1",
    }
    if arguments.query_counts_only:
        env["DATABASE_URL"] = os.environ["BENCH_QUERY_DATABASE_URL"]
    os.environ.update(env)

    if arguments.query_counts_only:
        import django

        django.setup()
        from .measures import queue_query_counts

        print("BENCH_JSON " + json.dumps(queue_query_counts(arguments)))
        return

    _services_check((big, small), redis_url)
    _port_free(arguments.port)
    _port_free(arguments.port + 1)  # the web server with the page cache off
    print(f"Preparing {big}: migrations, static files, starter pages", flush=True)
    _manage(env, "migrate", "--noinput")
    _manage(env, "collectstatic", "--noinput")
    _manage(env, "load_starter_content")
    _manage({**env, "DATABASE_URL": _database_url(small)}, "migrate", "--noinput")

    import django

    django.setup()
    from . import measures

    logs = Path(tempfile.mkdtemp(prefix="bench-logs-"))
    started = time.time()
    results = measures.run_all(
        arguments, env=env, logs=logs, small_database_url=_database_url(small)
    )
    results["elapsed_s"] = round(time.time() - started)
    from .report import report_write

    path = report_write(results, arguments.results_dir)
    print(f"\nWritten to {path} (server logs in {logs})")


if __name__ == "__main__":
    main()

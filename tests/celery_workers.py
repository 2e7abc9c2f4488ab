"""A real Celery worker for the tests: a process on Redis reading the test's own database, on
a queue of the test's own."""

import os
import shutil
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest
from django.db import connection

from portal.celery import app as celery_app
from portal.celery import background_queue

ROOT = Path(__file__).resolve().parent.parent


def _database_url_for_test_database() -> str:
    parsed = urlparse(os.environ["DATABASE_URL"])
    return urlunparse(parsed._replace(path="/" + connection.settings_dict["NAME"]))


def wait_until(predicate, timeout: float = 30) -> bool:
    """True once `predicate()` is, polling a few times a second; False after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return False


def celery_worker_skip_unless_possible() -> None:
    if not os.environ.get("REDIS_URL") or not os.environ.get("DATABASE_URL", "").startswith(
        "postgres"
    ):
        pytest.skip("needs DATABASE_URL (PostgreSQL) and REDIS_URL for a real worker")


def celery_queue_new() -> str:
    """A queue of the test's own, so nothing queued by another run reaches its worker."""
    return f"test-{uuid.uuid4().hex[:12]}"


@contextmanager
def celery_sending_to(queue: str):
    """Tasks go to the broker, on `queue` (and its background twin), instead of in-process."""
    previous = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    try:
        yield
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = previous


@contextmanager
def celery_worker_running(queue: str, log_path: Path):
    """A `celery worker` process on Redis, reading the same test database as the test, on
    `queue` and its background twin, in that order, as a worker without --queues reads the
    default queues."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": _database_url_for_test_database(),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
    }
    celery = shutil.which("celery", path=str(Path(sys.executable).parent)) or "celery"
    hostname = f"{queue}@localhost"
    log = log_path.open("w")
    process = subprocess.Popen(
        [
            celery,
            "-A",
            "portal",
            "worker",
            "--pool",
            "solo",
            "--queues",
            f"{queue},{background_queue(queue)}",
            "--hostname",
            hostname,
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail("celery worker exited:\n" + log_path.read_text())
            if celery_app.control.ping(destination=[hostname], timeout=0.5):
                break
        else:
            pytest.fail("celery worker did not start:\n" + log_path.read_text())
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()

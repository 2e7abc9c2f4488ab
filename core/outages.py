"""One log line when a dependency goes away, one when it is back, nothing in between.

While Redis (the cache, sessions, rate limits) or the Celery broker is unreachable, every
request that touches it fails the same way. Logging each failure buried everything else in
the log (hundreds of tracebacks a second under load) and told an operator nothing more than
the first one. Instead each process keeps, per dependency, a tiny state machine:

    up --outage_failed()--> down      logs WARNING once: "<dependency> unavailable (<error>)"
    down --outage_failed()--> down    counts the failure, logs nothing
    down --outage_recovered()--> up   logs WARNING once, with the count and how long it lasted

`outage_recovered()` is called after every successful call and costs one dictionary look-up
while nothing is down. Only the exception's class name is logged: its text may quote a key or
a value, and keys can hold what a visitor typed.

State is per process (each gunicorn worker and Celery worker logs its own outage), which is
what an operator reading one process's log needs; the health check (/healthz) gives the
picture across processes.
"""

import logging
import os
import threading
import time
from dataclasses import dataclass

logger = logging.getLogger(__name__)

CACHE = "cache"
BROKER = "broker"


@dataclass
class Outage:
    dependency: str
    started: float  # time.monotonic()
    error: str
    failures: int = 1


_lock = threading.Lock()
_outages: dict[str, Outage] = {}
_pid = os.getpid()


def _current() -> dict[str, Outage]:
    """The outages of this process: a forked child starts with none of its parent's."""
    global _pid
    if os.getpid() != _pid:
        _outages.clear()
        _pid = os.getpid()
    return _outages


def outage_failed(dependency: str, error: BaseException | str | None = None) -> bool:
    """A call to `dependency` failed. Logs only the first failure of an outage; True then."""
    name = error if isinstance(error, str) else type(error).__name__ if error else "error"
    with _lock:
        outages = _current()
        outage = outages.get(dependency)
        if outage is not None:
            outage.failures += 1
            return False
        outages[dependency] = Outage(dependency=dependency, started=time.monotonic(), error=name)
    logger.warning(
        "%s unavailable (%s); further failures are counted, not logged, until it answers",
        dependency,
        name,
    )
    return True


def outage_recovered(dependency: str) -> Outage | None:
    """A call to `dependency` succeeded. Ends an outage if there was one, and logs it."""
    if dependency not in _outages:  # the common case: a dictionary look-up, no lock
        return None
    with _lock:
        outage = _current().pop(dependency, None)
    if outage is None:
        return None
    logger.warning(
        "%s available again after %.1f s; %d failed calls during the outage (%s)",
        dependency,
        time.monotonic() - outage.started,
        outage.failures,
        outage.error,
    )
    return outage


def outages_open() -> dict[str, Outage]:
    """A copy of this process's open outages, by dependency."""
    with _lock:
        return {name: Outage(**vars(outage)) for name, outage in _current().items()}


def outages_forget() -> None:
    """Drop every open outage without logging (for tests)."""
    with _lock:
        _current().clear()

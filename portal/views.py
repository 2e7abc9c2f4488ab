import time
from concurrent.futures import ThreadPoolExecutor

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache

OK = "ok"
UNAVAILABLE = "unavailable"


def _redis_ping(url: str, timeout: float) -> None:
    client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        client.ping()
    finally:
        client.close()


def _broker_check(url: str, timeout: float) -> None:
    if url.startswith(("redis://", "rediss://", "unix://")):
        _redis_ping(url, timeout)
        return
    from portal.celery import app

    with app.connection_for_write(url) as broker:
        broker.ensure_connection(max_retries=1, timeout=timeout)


def _database_check() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: each dependency's state, and 200 only when every one answers.

    `database` always; `cache` (Redis: cache, sessions, rate limits) when REDIS_URL is set;
    `broker` when a Celery broker is configured. Redis and the broker are asked in parallel
    with a short timeout of their own (HEALTH_CHECK_TIMEOUT_SECONDS), not through the cache,
    whose longer timeouts and quiet misses suit requests but not a health check, so a
    dependency that does not answer costs at most that long.
    """
    timeout = settings.HEALTH_CHECK_TIMEOUT_SECONDS
    remote = {}
    if settings.REDIS_URL:
        remote["cache"] = (_redis_ping, settings.REDIS_URL)
    if settings.CELERY_BROKER_URL:
        remote["broker"] = (_broker_check, settings.CELERY_BROKER_URL)
    executor = ThreadPoolExecutor(max_workers=max(len(remote), 1))
    futures = {name: executor.submit(check, url, timeout) for name, (check, url) in remote.items()}
    checks = {}
    try:
        _database_check()
        checks["database"] = OK
    except Exception:
        checks["database"] = UNAVAILABLE
    deadline = time.monotonic() + timeout + 0.1
    for name, future in futures.items():
        try:
            future.result(timeout=max(deadline - time.monotonic(), 0))
            checks[name] = OK
        except Exception:  # FutureTimeout included
            checks[name] = UNAVAILABLE
    # A check that has not answered is left to finish (or time out) on its own thread.
    executor.shutdown(wait=False, cancel_futures=True)
    healthy = all(value == OK for value in checks.values())
    return JsonResponse(checks, status=200 if healthy else 503)


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico whatever the page says."""
    return HttpResponsePermanentRedirect(static("vendor/govuk-frontend/assets/images/favicon.ico"))

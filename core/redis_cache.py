"""django-redis's cache, reporting outages through core.outages instead of a traceback a call.

With IGNORE_EXCEPTIONS a cache call that cannot reach Redis answers as a miss (None, the
default, {}), which keeps the portal up. django-redis then logs each ignored exception with
`logger.exception` when DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS is on (an ERROR with a traceback
for every cache read, session load and rate-limit count: hundreds a second), and nothing at
all when it is off. This backend keeps django-redis's answers exactly and hands that hook to
core.outages instead: one WARNING when Redis goes away, one with the count and duration when
it answers again. Sessions (cached_db), rate limits and django-axes all use the cache, so this
is the one place their Redis failures are reported.
"""

import functools
import sys
import threading

from django_redis.cache import RedisCache as DjangoRedisCache

from .outages import CACHE, outage_failed, outage_recovered

_state = threading.local()


class _OutageReporter:
    """Stands in for django-redis's logger: it only ever calls `.exception()`, inside the
    `except` block of a call whose failure it is ignoring."""

    def __init__(self, dependency: str) -> None:
        self.dependency = dependency

    def exception(self, *args, **kwargs) -> None:
        _state.failed = True
        error = sys.exc_info()[1]
        outage_failed(self.dependency, getattr(error, "__cause__", None) or error)


def _reporting(method):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        _state.failed = False
        result = method(self, *args, **kwargs)
        if not _state.failed:
            outage_recovered(self.outage_dependency)
        return result

    return wrapper


class RedisCache(DjangoRedisCache):
    outage_dependency = CACHE

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        # The hook django-redis calls for each ignored failure (see the module docstring).
        self._log_ignored_exceptions = True
        self.logger = _OutageReporter(self.outage_dependency)


# Every call django-redis guards (the methods its `omit_exception` wraps), plus `get`, which
# wraps a guarded `_get`. Found rather than listed, so a new django-redis method is covered.
for _name, _attr in list(vars(DjangoRedisCache).items()):
    if _name == "get" or (callable(_attr) and hasattr(_attr, "__wrapped__")):
        setattr(RedisCache, _name, _reporting(_attr))

"""A cache or broker outage is one WARNING when it starts and one when it ends, per process."""

import logging
import socket

import pytest
from django.conf import settings

from core import outages
from core.redis_cache import RedisCache


@pytest.fixture(autouse=True)
def _no_outage_carried_over():
    outages.outages_forget()
    yield
    outages.outages_forget()


def _unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _cache(location: str) -> RedisCache:
    return RedisCache(
        location,
        {
            "KEY_PREFIX": "outage-test",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.2,
                "SOCKET_TIMEOUT": 0.2,
            },
        },
    )


def _records(caplog):
    return [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_the_state_machine_logs_the_start_and_the_end_only(caplog, monkeypatch):
    clock = iter([100.0, 115.5])
    monkeypatch.setattr(outages.time, "monotonic", lambda: next(clock))
    caplog.set_level(logging.INFO)
    assert outages.outage_recovered("cache") is None  # nothing was down: nothing logged
    assert outages.outage_failed("cache", ConnectionError("secret key name")) is True
    for _ in range(599):
        assert outages.outage_failed("cache", ConnectionError()) is False
    assert outages.outages_open()["cache"].failures == 600
    ended = outages.outage_recovered("cache")
    assert ended.failures == 600
    assert outages.outage_recovered("cache") is None
    messages = [r.getMessage() for r in _records(caplog)]
    assert messages == [
        "cache unavailable (ConnectionError); further failures are counted, not logged, "
        "until it answers",
        "cache available again after 15.5 s; 600 failed calls during the outage (ConnectionError)",
    ]
    assert all(r.levelno == logging.WARNING and not r.exc_info for r in _records(caplog))
    assert "secret" not in caplog.text


def test_each_dependency_has_its_own_outage(caplog):
    caplog.set_level(logging.WARNING)
    outages.outage_failed("cache", OSError())
    outages.outage_failed("broker", OSError())
    outages.outage_recovered("broker")
    assert set(outages.outages_open()) == {"cache"}
    assert len(_records(caplog)) == 3


def test_an_unreachable_redis_is_one_warning_not_a_traceback_a_call(caplog):
    caplog.set_level(logging.DEBUG)
    dead = _cache(f"redis://127.0.0.1:{_unused_port()}/0")
    for _ in range(50):
        assert dead.get("page") is None
        assert dead.get("page", "fallback") == "fallback"
        assert dead.set("page", "x") is None
        assert dead.get_many(["a", "b"]) == {}
        assert dead.add("counter", 1) is None
        assert dead.incr("counter") is None
    problems = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(problems) == 1, [r.getMessage() for r in problems]
    assert problems[0].name == "core.outages"
    assert problems[0].exc_info is None
    assert "cache unavailable (ConnectionError)" in problems[0].getMessage()
    assert outages.outages_open()["cache"].failures == 300


@pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL for a Redis that answers")
def test_the_first_call_that_works_ends_the_outage_with_its_count(caplog):
    caplog.set_level(logging.WARNING)
    dead = _cache(f"redis://127.0.0.1:{_unused_port()}/0")
    for _ in range(7):
        dead.get("page")
    live = _cache(settings.REDIS_URL)
    live.set("outage-test", "ok", 5)
    assert live.get("outage-test") == "ok"
    messages = [r.getMessage() for r in _records(caplog)]
    assert len(messages) == 2
    assert messages[1].startswith("cache available again after ")
    assert "; 7 failed calls during the outage" in messages[1]
    assert not outages.outages_open()


def test_the_portal_uses_the_reporting_backend_with_redis():
    if settings.REDIS_URL:
        assert settings.CACHES["default"]["BACKEND"] == "core.redis_cache.RedisCache"
        assert settings.CACHES["pages"]["BACKEND"] == "core.redis_cache.RedisCache"
        # django-redis's own logging of ignored failures (a traceback a call) stays off.
        assert not getattr(settings, "DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS", False)


def test_a_broker_that_is_down_is_one_warning_for_many_outbox_sends(caplog, monkeypatch):
    from celery import current_app

    from intake.services import _publish

    def down(*args, **kwargs):
        raise ConnectionRefusedError("no broker")

    caplog.set_level(logging.WARNING)
    monkeypatch.setattr(current_app.tasks["triage.route_submission"], "apply_async", down)
    for message_id in range(20):
        assert _publish(message_id=message_id, task_name="triage.route_submission") is False
    assert outages.outages_open()["broker"].failures == 20
    monkeypatch.setattr(
        current_app.tasks["triage.route_submission"], "apply_async", lambda *a, **k: None
    )
    assert _publish(message_id=21, task_name="triage.route_submission") is True
    messages = [r.getMessage() for r in _records(caplog)]
    assert len(messages) == 2
    assert "broker unavailable (ConnectionRefusedError)" in messages[0]
    assert "20 failed calls" in messages[1]

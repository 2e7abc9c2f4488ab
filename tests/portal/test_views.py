import pytest

pytestmark = pytest.mark.django_db


def test_health_check_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert "no-store" in response["Cache-Control"]


def test_health_check_reports_each_dependency(client, settings):
    response = client.get("/healthz")
    expected = {"database"}
    if settings.REDIS_URL:
        expected.add("cache")
    if settings.CELERY_BROKER_URL:
        expected.add("broker")
    assert set(response.json()) == expected
    assert all(value == "ok" for value in response.json().values())


def _unused_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_health_check_answers_503_within_a_second_when_redis_and_broker_are_away(client, settings):
    import time

    dead = f"redis://127.0.0.1:{_unused_port()}/0"
    settings.REDIS_URL = dead
    settings.CELERY_BROKER_URL = dead
    started = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - started < 1.0
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "unavailable", "broker": "unavailable"}


def test_health_check_gives_up_on_a_host_that_does_not_answer(client, settings, monkeypatch):
    """A blackholed host (no refusal, no answer) costs the timeout, not the socket default."""
    import time

    from portal import views

    def hang(url, timeout):
        time.sleep(5)

    monkeypatch.setattr(views, "_redis_ping", hang)
    settings.REDIS_URL = "redis://192.0.2.1:6379/0"
    settings.CELERY_BROKER_URL = None
    started = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - started < 1.0
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "unavailable"}

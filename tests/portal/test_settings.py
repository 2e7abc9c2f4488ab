import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = {
    "SECRET_KEY": "x" * 60,
    "FIELD_ENCRYPTION_KEYS": "ZGVwbG95LWNoZWNrLW9ubHktbm90LWEtcmVhbC1rZXk=",
    "SEARCH_INDEX_KEY": "search-index-key-for-the-settings-test",
    "DATABASE_URL": "postgres://nobody@127.0.0.1:5432/nothing",
    "REDIS_URL": "redis://127.0.0.1:6379/15",
    "ALLOWED_HOSTS": "portal.example.org",
}


def _load_production_settings(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in REQUIRED}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**clean, **env, "DJANGO_SETTINGS_MODULE": "portal.settings.production"},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("missing", sorted(REQUIRED))
def test_production_refuses_to_start_without_each_required_variable(missing):
    env = {name: value for name, value in REQUIRED.items() if name != missing}
    result = _load_production_settings(env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_production_starts_with_everything_named():
    result = _load_production_settings(REQUIRED)
    assert result.returncode == 0, result.stderr


def test_production_security_settings():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings as s; import django; django.setup();"
            "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
            " s.SESSION_COOKIE_HTTPONLY, s.X_FRAME_OPTIONS, s.DEBUG)",
        ],
        cwd=ROOT,
        env={**os.environ, **REQUIRED, "DJANGO_SETTINGS_MODULE": "portal.settings.production"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["63072000", "True", "True", "True", "DENY", "False"]

"""Settings for the test suite: PostgreSQL and Redis when the environment names them."""

import os

from .base import *  # noqa: F403
from .base import env, env_bool, env_list

DEBUG = False
SECRET_KEY = "test-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
FIELD_ENCRYPTION_KEYS = env_list(
    "FIELD_ENCRYPTION_KEYS",
    "dGVzdC1vbmx5LWtleS1ub3QtZm9yLXByb2R1Y3Rpb24=",
)
SEARCH_INDEX_KEY = env("SEARCH_INDEX_KEY", "test-only-search-index-key")
# Tests that need a real worker switch this off for themselves.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "evidence": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
}
# No scanner unless a test starts one (tests/clamav.py): files stay waiting for scan.
CLAMD_SOCKET = env("CLAMD_SOCKET", "/nonexistent/clamd.sock")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://testserver")
# Tests post far faster than people, all from one address; tests of the limits lower them.
INTAKE_RATE_LIMITS = {kind: "100000/m" for kind in INTAKE_RATE_LIMITS}  # noqa: F405

# A page kept by one test would be handed to the next, and publishing clears the copies only
# on commit, which tests inside a transaction never reach: the page cache's own tests
# (tests/core/test_page_cache.py) turn it on for themselves.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", False)
# Likewise what is kept per publish (cms/published.py): each test's pages and settings are
# rolled back, but what was kept from them would outlive them. The snapshot is then built for
# each request; tests/cms and tests/core turn the keeping on for themselves.
PUBLISHED_CACHE_ENABLED = env_bool("PUBLISHED_CACHE_ENABLED", False)
# And the routing table (triage/routing.py): its own tests turn the keeping on.
ROUTING_CACHE_ENABLED = env_bool("ROUTING_CACHE_ENABLED", False)
# And the admin's sidebar (staff/sidebar.py): a user's id comes again in the next test.
ADMIN_SIDEBAR_CACHE_ENABLED = env_bool("ADMIN_SIDEBAR_CACHE_ENABLED", False)

# Static files straight from their source folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The browser tests' live server answers requests on several threads; an in-memory SQLite
# database is one shared connection and locks under them, so use a file.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # One file per test process, so that test runs side by side do not share it.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(BASE_DIR / f".test-db-{os.getpid()}.sqlite3")  # noqa: F405
    }
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 30  # noqa: F405

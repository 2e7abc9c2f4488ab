"""The benchmark's settings: production's, served over plain HTTP on loopback.

Only what a benchmark on one machine needs differs from production: no HTTPS redirect or
secure-only cookies (there is no TLS on loopback), rate limits raised (every request comes
from one address), a 'hello' view to compare against, and a header with each response's SQL
query count. Secrets default to fixed bench-only values: the data it runs on is fictional.
"""

import os

_BENCH_DEFAULTS = {
    "SECRET_KEY": "bench-only-not-secret-" + "0123456789abcdef" * 3,
    # Fixed so that the encrypted bench data stays readable between runs.
    "FIELD_ENCRYPTION_KEYS": "YmVuY2gtb25seS1rZXktZmljdGlvbmFsLWRhdGEtMDE=",
    "SEARCH_INDEX_KEY": "bench-only-search-index-key",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/portal_bench",
    "REDIS_URL": "redis://127.0.0.1:6379/9",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "STATIC_ROOT": os.path.join(os.path.dirname(__file__), "..", "..", ".bench", "static"),
}
for _name, _value in _BENCH_DEFAULTS.items():
    os.environ.setdefault(_name, _value)

from .production import *  # noqa: E402, F403
from .production import INTAKE_RATE_LIMITS, MIDDLEWARE  # noqa: E402

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

INTAKE_RATE_LIMITS = {kind: "10000000/m" for kind in INTAKE_RATE_LIMITS}
# No mail relay on a bench machine: staff e-mails are built in full, then dropped.
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"

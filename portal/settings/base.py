"""Settings shared by every environment. Every value comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PORTAL_DIR = BASE_DIR / "portal"


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = env(name)
    try:
        return int(value) if value is not None else default
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number") from error


SECRET_KEY = env("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "core",
    "cms",
    "intake",
    "staff",
    "triage",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    # Editors translate guidance pages into Welsh in the admin (docs/welsh.md); its locales
    # admin replaces wagtail.locales.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "crispy_forms",
    "crispy_forms_gds",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First, so that it stores a page after every header below has been added to it.
    "core.page_cache.PageCacheUpdateMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    # A database outage on a public page answers 503 with the service page (templates/503.html).
    "core.database_outage.DatabaseOutageMiddleware",
    # Before anything reads the body or the query: 413 from the Content-Length alone, and a
    # 400 page for control characters in a public query string (core/body_limit.py,
    # core/query_guard.py).
    "core.body_limit.RequestBodyLimitMiddleware",
    "core.query_guard.QueryStringGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language from the URL's prefix (/cy/ Welsh, none English), before anything that
    # draws or fetches a page: the page cache keys its copies on it (core/languages.py).
    "core.languages.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "staff.otp.StaffSecurityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Hands Wagtail's page serving the site from the site snapshot instead of a query.
    "cms.middleware.PublishedSiteMiddleware",
    # Late, so that a stored page handed out still gets every header added above.
    "core.page_cache.PageCacheFetchMiddleware",
    # Last, as django-axes asks: it turns a lockout into its 429 response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# The embedded default is SQLite in the project folder; DATABASE_URL names a real server.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
# Whole public pages kept for anonymous visitors (core/page_cache.py). An alias of its own,
# so that publishing can drop every page without touching sessions or rate limits.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
# The site snapshot and page content drawn once per publish, for every public page, page cache
# or not (cms/published.py). Off, every request reads them from the database.
PUBLISHED_CACHE_ENABLED = env_bool("PUBLISHED_CACHE_ENABLED", True)
# The routing rules and areas kept in each process until one is changed (triage/routing.py).
# Off, every case reads them from the database.
ROUTING_CACHE_ENABLED = env_bool("ROUTING_CACHE_ENABLED", True)
# The admin's sidebar kept per member of staff until what it shows changes (staff/sidebar.py).
ADMIN_SIDEBAR_CACHE_ENABLED = env_bool("ADMIN_SIDEBAR_CACHE_ENABLED", True)
if REDIS_URL:
    _cache_key_prefix = env("CACHE_KEY_PREFIX", "portal")
    _redis_cache_options = {
        "SOCKET_CONNECT_TIMEOUT": 2,
        "SOCKET_TIMEOUT": 2,
        # A Redis outage must not turn a frightened person's report into an error
        # page: cache calls then miss quietly, sessions fall back to the database, and
        # the outbox holds the routing until the broker is back. core.redis_cache logs
        # one WARNING when Redis goes away and one when it is back (core/outages.py).
        "IGNORE_EXCEPTIONS": True,
    }
    CACHES = {
        "default": {
            "BACKEND": "core.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": _cache_key_prefix,
            "OPTIONS": _redis_cache_options,
        },
        "pages": {
            "BACKEND": "core.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"{_cache_key_prefix}-pages",
            "OPTIONS": {**_redis_cache_options},
        },
    }
    # Sessions are read from Redis and written through to the database, so a journey
    # survives a Redis restart or outage.
    # core.sessions is cached_db keeping the encrypted string, not the dictionary, in Redis.
    SESSION_ENGINE = "core.sessions"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # One copy per process: a change published in one process reaches the others' copies
        # only when they expire (PUBLIC_PAGE_CACHE_SECONDS), as it does browsers' copies.
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": 1000},
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# The public side in English at / and in Welsh at /cy/ (Welsh Language Standards); the admin
# and staff pages stay unprefixed (portal/urls.py, docs/architecture.md "Languages").
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
# Compiled from the .po files by `manage.py compile_translations` (make install, tests).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [PORTAL_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Evidence the public sends (intake/evidence.py, docs/evidence.md): encrypted before it is
# stored, in a store of its own that is never served directly (staff open files only through
# the audited views of triage/evidence_views.py). Local files outside MEDIA_ROOT by default;
# an S3-compatible bucket through django-storages when EVIDENCE_S3_BUCKET is set.
EVIDENCE_ROOT = Path(env("EVIDENCE_ROOT", str(BASE_DIR / "evidence")))
if env("EVIDENCE_S3_BUCKET"):
    EVIDENCE_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("EVIDENCE_S3_BUCKET"),
            "endpoint_url": env("EVIDENCE_S3_ENDPOINT_URL"),
            "region_name": env("EVIDENCE_S3_REGION"),
            # Unset: boto3's own chain (instance role, AWS_* variables, config files).
            "access_key": env("EVIDENCE_S3_ACCESS_KEY_ID"),
            "secret_key": env("EVIDENCE_S3_SECRET_ACCESS_KEY"),
            "location": env("EVIDENCE_S3_PREFIX", "evidence"),
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
        },
    }
else:
    EVIDENCE_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": EVIDENCE_ROOT, "base_url": None},
    }
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "evidence": EVIDENCE_STORAGE,
}

# --- Sessions and cookies -------------------------------------------------------------------
# A journey's answers live in the session; two hours idle and they are gone.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 2 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
# Idle time is counted from the last write, and a session that nothing changed is written
# again at most this often (core/sessions.py): a page shown again costs no write, and an
# idle limit ends at most this much early.
SESSION_REFRESH_SECONDS = env_int("SESSION_REFRESH_SECONDS", 60)
# Journey answers are personal data: sessions are encrypted with FIELD_ENCRYPTION_KEYS.
SESSION_SERIALIZER = "core.sessions.EncryptedJSONSerializer"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# --- Security headers -----------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
# No other site ever learns which page someone came from. "no-referrer" would also blank the
# Origin header of the portal's own form posts, which Django's CSRF protection then refuses.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Public pages: no inline code and nothing from another host. The admin gets its own policy
# (see core.middleware) because Wagtail's admin relies on inline styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}

# --- Health check (/healthz) ------------------------------------------------------------------
# Seconds the health check waits for Redis and for the broker (asked in parallel), so that a
# load balancer gets its answer in about a second even while one of them is away.
HEALTH_CHECK_TIMEOUT_SECONDS = float(env("HEALTH_CHECK_TIMEOUT_SECONDS", "0.5"))

# --- Celery ---------------------------------------------------------------------------------
# Without REDIS_URL tasks run in-process, straight after the transaction that queued them.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A broker that does not answer must not hold up the person submitting: the outbox keeps the
# message and the relay below sends it later.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 1,
    "visibility_timeout": 3600,
    # Queues are read in the order the worker lists them, not in turns: cases before the
    # background queue (portal/celery.py).
    "queue_order_strategy": "priority",
}
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_ROUTES = ("portal.celery.task_route",)
CELERY_TASK_PUBLISH_RETRY = False
# Celery would close the database connection around every task; portal/celery.py recycles it
# as Django does around requests (CONN_MAX_AGE, health checks) instead.
CELERY_DB_REUSE_MAX = 2**31
CELERY_BEAT_SCHEDULE = {
    "relay-pending-outbox": {
        "task": "intake.relay_pending_outbox",
        "schedule": 60.0,
    },
    # Database sessions outlive their expiry until cleared; an abandoned journey must not.
    "intake-clear-expired-sessions": {
        "task": "intake.clear_expired_sessions",
        "schedule": 15.0 * 60,
    },
    # Staff e-mails still pending a minute after their last try (core/outbox.py).
    "core-relay-pending-email": {
        "task": "core.relay_pending_email",
        "schedule": 60.0,
    },
    "triage-remind-and-escalate": {
        "task": "triage.remind_and_escalate",
        "schedule": 60.0,
    },
    "triage-delete-expired-personal-data": {
        "task": "triage.delete_expired_personal_data",
        "schedule": 60.0 * 60,
    },
    # Evidence still waiting for the virus scanner (it was down, or the broker was) is sent to
    # it again; files of journeys whose session has expired are deleted.
    "intake-rescan-pending-evidence": {
        "task": "intake.rescan_pending_evidence",
        "schedule": 60.0,
    },
    "intake-delete-abandoned-evidence": {
        "task": "intake.delete_abandoned_evidence",
        "schedule": 15.0 * 60,
    },
}

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "no-reply@localhost")

# --- Field encryption -----------------------------------------------------------------------
# Comma-separated Fernet keys, newest first. The first encrypts; all decrypt.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS")

# --- Case search ----------------------------------------------------------------------------
# The key of the blind index that lets staff search encrypted answers (triage/search.py): a
# keyed hash of each normalised word, never the word. Its own key, so rotating it (then
# `manage.py rebuild_search_index`) touches nothing else.
SEARCH_INDEX_KEY = env("SEARCH_INDEX_KEY", "")

# --- Forms ----------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# --- Public intake: rate limits and reCAPTCHA (see intake/protection.py) ----------------------
# Counted per client address (REMOTE_ADDR: a proxy in front must set it; X-Forwarded-For is
# never read) in the default cache, which is Redis, shared, whenever REDIS_URL is set.
# While the rate-limit counters cannot be reached, let people through rather than turn
# everyone away; the honeypot and reCAPTCHA still stand.
RATELIMIT_FAIL_OPEN = True
INTAKE_RATE_LIMITS = {
    "step": env("INTAKE_RATE_STEP", "60/m"),  # each answered page
    "send": env("INTAKE_RATE_SEND", "10/h"),  # each request sent
    "check": env("INTAKE_RATE_CHECK", "30/h"),  # each look-up or addition on /check/
    "check_failure": env("INTAKE_RATE_CHECK_FAILURE", "5/15m"),  # wrong reference or code
}
# reCAPTCHA v2 on the send page, through django-recaptcha's client; off without both keys.
RECAPTCHA_PUBLIC_KEY = env("RECAPTCHA_PUBLIC_KEY", "")
RECAPTCHA_PRIVATE_KEY = env("RECAPTCHA_PRIVATE_KEY", "")
RECAPTCHA_VERIFY_REQUEST_TIMEOUT = env_int("RECAPTCHA_VERIFY_REQUEST_TIMEOUT", 5)
# A neutral sender name for acknowledgements, which must not reveal what was sent.
INTAKE_ACKNOWLEDGEMENT_FROM = env("INTAKE_ACKNOWLEDGEMENT_FROM", None)

# --- Evidence files (intake/evidence.py, docs/evidence.md) -----------------------------------
# Up to EVIDENCE_MAX_FILES files a report or follow-up, each up to EVIDENCE_MAX_FILE_BYTES:
# JPEG, PNG, HEIC, PDF or plain text, told by their content (libmagic), never their name.
EVIDENCE_MAX_FILES = env_int("EVIDENCE_MAX_FILES", 5)
EVIDENCE_MAX_FILE_BYTES = env_int("EVIDENCE_MAX_FILE_BYTES", 10 * 1024 * 1024)
# An image of more pixels than this is refused (a decompression bomb, or more than a web
# worker should decode); a JPEG is decoded at half or a quarter of its size when that fits.
EVIDENCE_MAX_IMAGE_PIXELS = env_int("EVIDENCE_MAX_IMAGE_PIXELS", 50_000_000)
EVIDENCE_DECODE_MAX_PIXELS = env_int("EVIDENCE_DECODE_MAX_PIXELS", 25_000_000)
# The public upload URLs take one file a request. Bodies up to this size are read (a file
# over EVIDENCE_MAX_FILE_BYTES is dropped as it streams in, and the page says it is too
# large); larger ones are refused with 413 before they are read (core/body_limit.py).
UPLOAD_MAX_REQUEST_BODY_BYTES = env_int("UPLOAD_MAX_REQUEST_BODY_BYTES", 64 * 1024 * 1024)
UPLOAD_PATH_PATTERN = r"^(?:/cy)?/(report|apply/[\w-]+)/[\w-]+/upload/$|^(?:/cy)?/check/upload/$"
# clamd, the ClamAV daemon: a unix socket (Debian's clamav-daemon default), or host and port
# when CLAMD_HOST is set. Without it files stay "waiting for scan" and are never shown.
CLAMD_SOCKET = env("CLAMD_SOCKET", "/var/run/clamav/clamd.ctl")
CLAMD_HOST = env("CLAMD_HOST")
CLAMD_PORT = env_int("CLAMD_PORT", 3310)
CLAMD_TIMEOUT_SECONDS = float(env("CLAMD_TIMEOUT_SECONDS", "60"))

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = env("WAGTAIL_SITE_NAME", "Public protection portal")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Staff avatars would otherwise be fetched from Gravatar, telling a third party who is signed
# in to the back office.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Guidance in English and Welsh: a Welsh page tree beside the English one, kept in step by
# wagtail-localize (untranslated pages are aliases of the English), served under /cy/.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
# Seconds a browser or proxy may reuse a guidance page shown to an anonymous visitor. Staff
# and previews are never cached.
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 300)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Request bodies larger than this are refused with 413 before they are read
# (core/body_limit.py): public forms post a few kilobytes; the admin uploads images (at most
# WAGTAILIMAGES_MAX_UPLOAD_SIZE) and documents.
MAX_REQUEST_BODY_BYTES = env_int("MAX_REQUEST_BODY_BYTES", 1024 * 1024)
ADMIN_MAX_REQUEST_BODY_BYTES = env_int("ADMIN_MAX_REQUEST_BODY_BYTES", 100 * 1024 * 1024)

# --- Triage clocks ----------------------------------------------------------------------------
# Statutory and local deadlines (DOMAIN.md): Clare's Law 24 hours for initial checks and 28
# calendar days in all; Sarah's Law 24 hours, interview in 10 days, 45 days in all; concern
# reports triaged within 24 hours, 1 hour when someone is in immediate danger.
TRIAGE_CONCERN_TRIAGE_HOURS = env_int("TRIAGE_CONCERN_TRIAGE_HOURS", 24)
TRIAGE_URGENT_TRIAGE_HOURS = env_int("TRIAGE_URGENT_TRIAGE_HOURS", 1)
TRIAGE_CLARES_LAW_CHECKS_HOURS = env_int("TRIAGE_CLARES_LAW_CHECKS_HOURS", 24)
TRIAGE_CLARES_LAW_DAYS = env_int("TRIAGE_CLARES_LAW_DAYS", 28)
TRIAGE_SARAHS_LAW_CHECKS_HOURS = env_int("TRIAGE_SARAHS_LAW_CHECKS_HOURS", 24)
TRIAGE_SARAHS_LAW_INTERVIEW_DAYS = env_int("TRIAGE_SARAHS_LAW_INTERVIEW_DAYS", 10)
TRIAGE_SARAHS_LAW_DAYS = env_int("TRIAGE_SARAHS_LAW_DAYS", 45)
# The assignee is reminded this long before a deadline (at most a quarter of the clock).
TRIAGE_REMIND_BEFORE_HOURS = env_int("TRIAGE_REMIND_BEFORE_HOURS", 4)

# --- Staff sign-in ----------------------------------------------------------------------------
# Staff give a one-time password (TOTP, django-otp) on every admin URL (staff/otp.py), are
# signed out after 30 minutes idle, and are locked out after repeated failed sign-ins
# (django-axes, counted in the shared cache when REDIS_URL is set).
STAFF_OTP_REQUIRED = env_bool("STAFF_OTP_REQUIRED", True)
STAFF_IDLE_TIMEOUT_SECONDS = env_int("STAFF_IDLE_TIMEOUT_SECONDS", 30 * 60)
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# django-axes has one failure limit for every lockout parameter, so the limit per address
# across usernames (password spraying) is counted by staff.otp.StaffSecurityMiddleware: this
# many failed sign-ins from one address in the period, whatever the usernames, lock that
# address out until the period ends. Higher than AXES_FAILURE_LIMIT, because an office behind
# one address shares it.
STAFF_SIGN_IN_FAILURES_PER_ADDRESS = env("STAFF_SIGN_IN_FAILURES_PER_ADDRESS", "30/30m")
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = (
    "axes.handlers.cache.AxesCacheHandler"
    if REDIS_URL
    else "axes.handlers.database.AxesDatabaseHandler"
)
AXES_CACHE = "default"
AXES_VERBOSE = False

# Where staff land after signing in and where the admin sends people who are not signed in.
LOGIN_URL = "wagtailadmin_login"

# --- Logging --------------------------------------------------------------------------------
# Requests are logged by path and status only: no query strings, bodies or headers, so that
# nothing a member of the public typed reaches a log.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"drop_request": {"()": "core.logging.DropRequestDetails"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["drop_request"],
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django_tasks": {"level": "WARNING"},
    },
}

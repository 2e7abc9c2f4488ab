"""Protection against floods and robots on every public form: rate limits, a honeypot field
and reCAPTCHA on the page that sends.

Rate limits key on REMOTE_ADDR only (django-ratelimit's "ip" key with RATELIMIT_IP_META_KEY
unset), so a forged X-Forwarded-For header changes nothing. Behind a proxy, the proxy must
set the real client address as REMOTE_ADDR (e.g. gunicorn --forwarded-allow-ips naming only
the proxy, with the proxy overwriting, never appending to, the forwarded header). Counters
live in the default cache: Redis, shared by every web process, when REDIS_URL is set.
"""

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage, is_ratelimited
from django_recaptcha import client as recaptcha_client

HONEYPOT_FIELD = "website"
# The request attribute naming the kinds this request has already counted.
_COUNTED = "_intake_rate_counted"

# Google's hosts, opened in the Content-Security-Policy of the send page alone, and only
# when reCAPTCHA keys are configured.
RECAPTCHA_CSP = {
    "script-src": ["https://www.google.com/recaptcha/", "https://www.gstatic.com/recaptcha/"],
    "frame-src": ["https://www.google.com/recaptcha/", "https://recaptcha.google.com/recaptcha/"],
    "connect-src": ["https://www.google.com/recaptcha/"],
}


def rate_for(kind: str) -> str:
    return settings.INTAKE_RATE_LIMITS[kind]


def rate_limited(request: HttpRequest, *, kind: str, increment: bool = True) -> bool:
    """True when this client address has posted `kind` too often. Counts this request.

    A try already counted by `limit_reached` in this request is not counted again.
    """
    if kind in getattr(request, _COUNTED, ()):
        increment = False
    return is_ratelimited(
        request,
        group=f"intake.{kind}",
        key="ip",
        rate=rate_for(kind),
        method="POST",
        increment=increment,
    )


def limit_reached(request: HttpRequest, *, kind: str) -> bool:
    """Count this try of `kind` now, before it is evaluated; True when it is over the limit.

    For the tries that must be limited exactly, such as wrong reference or receipt codes on
    /check/: the counter is raised atomically (Redis SET NX then INCR, through
    django-ratelimit) before the code is looked at, so however many tries arrive at once
    only the first `limit` of them are evaluated. Reading the count first and adding to it
    after a failure let every concurrent try through the same gap (6 of 40 against a limit
    of 5). Each try counts once: a later `rate_limited(kind=...)` for the same request
    counts nothing more. While the counters cannot be reached, tries are let through
    (RATELIMIT_FAIL_OPEN).
    """
    usage = get_usage(
        request,
        group=f"intake.{kind}",
        key="ip",
        rate=rate_for(kind),
        method="POST",
        increment=True,
    )
    setattr(request, _COUNTED, {*getattr(request, _COUNTED, ()), kind})
    return usage is not None and usage["count"] > usage["limit"]


def honeypot_filled(request: HttpRequest) -> bool:
    """A field people never see: anything typed into it was typed by a robot."""
    return bool(request.POST.get(HONEYPOT_FIELD, "").strip())


def recaptcha_enabled() -> bool:
    return bool(settings.RECAPTCHA_PUBLIC_KEY and settings.RECAPTCHA_PRIVATE_KEY)


def recaptcha_passed(request: HttpRequest) -> bool:
    """Ask Google whether the reCAPTCHA on the send page was solved. Off without keys."""
    if not recaptcha_enabled():
        return True
    token = request.POST.get("g-recaptcha-response", "")
    if not token or len(token) > 4000:
        return False
    try:
        response = recaptcha_client.submit(
            recaptcha_response=token,
            private_key=settings.RECAPTCHA_PRIVATE_KEY,
            remoteip=request.META.get("REMOTE_ADDR", ""),
        )
    except Exception:
        return False
    return bool(response.is_valid)

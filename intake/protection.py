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
    """True when this client address has posted `kind` too often. Counts this request."""
    return is_ratelimited(
        request,
        group=f"intake.{kind}",
        key="ip",
        rate=rate_for(kind),
        method="POST",
        increment=increment,
    )


def limit_reached(request: HttpRequest, *, kind: str) -> bool:
    """True when `kind` has already been counted up to its limit; counts nothing itself.

    For counting failures only (wrong codes): count each failure with `rate_limited`, and
    refuse further attempts once the limit is reached.
    """
    usage = get_usage(request, group=f"intake.{kind}", key="ip", rate=rate_for(kind), method="POST")
    return usage is not None and usage["count"] >= usage["limit"]


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

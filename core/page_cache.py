"""A server-side copy of the public guidance pages that anonymous visitors are shown.

Django's own two-part cache middleware, narrowed to opt-in: a response is kept only when the
view has declared it shareable (``Cache-Control: public`` with a positive ``max-age``, as
``cms.models.public_page_cache_control`` does for strangers), and a copy is handed out only
to a request that carries no session. Everything else (intake forms, /check/, search, the
admin, anyone signed in or part-way through a journey) is rendered afresh every time.

The copies live in their own cache alias, so that ``page_cache_clear`` can drop all of them
whenever content changes without touching sessions, rate-limit counters or lockouts.
"""

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware
from django.utils.cache import get_max_age

from .constants import ADMIN_PREFIX

PAGE_CACHE_ALIAS = "pages"
HIT_HEADER = "X-Page-Cache"
_NEVER_SHARED = frozenset({"private", "no-cache", "no-store"})


def page_cache_clear() -> None:
    """Forget every stored page, in every web process sharing the cache."""
    cache = caches[PAGE_CACHE_ALIAS]
    delete_pattern = getattr(cache, "delete_pattern", None)
    if delete_pattern is not None:
        # django-redis scopes the pattern to this alias's KEY_PREFIX and version, whereas
        # clear() would FLUSHDB and take sessions, rate limits and lockouts with it.
        delete_pattern("*")
    else:
        cache.clear()


def _cache_control_directives(response: HttpResponseBase) -> set[str]:
    header = response.get("Cache-Control", "")
    return {part.split("=", 1)[0].strip().lower() for part in header.split(",") if part.strip()}


def _is_admin(request: HttpRequest) -> bool:
    # A second guard: the admin never opts in, but must not be kept even if a view there were
    # to declare itself public by mistake.
    return request.path_info.startswith(ADMIN_PREFIX)


def response_is_storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether this response may be kept and handed to other anonymous visitors."""
    if request.method != "GET" or _is_admin(request):
        return False
    if response.status_code != 200 or response.streaming:
        return False
    # Any cookie, not only the session's: a CSRF token or a message belongs to one visitor.
    if response.cookies:
        return False
    directives = _cache_control_directives(response)
    if "public" not in directives or directives & _NEVER_SHARED:
        return False
    # Django's middleware would otherwise fall back to CACHE_MIDDLEWARE_SECONDS for a
    # response that names no max-age at all: only an explicit, positive one opts in.
    max_age = get_max_age(response)
    return max_age is not None and max_age > 0


class _PageCacheMixin:
    def __init__(self, get_response) -> None:
        if not settings.PAGE_CACHE_ENABLED:
            raise MiddlewareNotUsed
        super().__init__(get_response)
        self.cache_alias = PAGE_CACHE_ALIAS
        # The alias has a KEY_PREFIX of its own.
        self.key_prefix = ""


class PageCacheUpdateMiddleware(_PageCacheMixin, UpdateCacheMiddleware):
    """Keeps a copy of a shareable page. First in MIDDLEWARE, so the copy is taken after the
    security headers and the Content-Security-Policy have been added."""

    def __init__(self, get_response) -> None:
        super().__init__(get_response)
        # Never a default lifetime: the response's own max-age decides.
        self.cache_timeout = 0

    def _should_update_cache(self, request: HttpRequest, response: HttpResponseBase) -> bool:
        return super()._should_update_cache(request, response) and response_is_storable(
            request, response
        )


class PageCacheFetchMiddleware(_PageCacheMixin, FetchFromCacheMiddleware):
    """Answers from a stored copy. Near the end of MIDDLEWARE, so a copy handed out still
    passes back through every middleware above it that adds headers. Never offered to anyone
    with a session: staff, and visitors part-way through a form, always get a fresh page."""

    def process_request(self, request: HttpRequest) -> HttpResponseBase | None:
        if (
            request.method not in ("GET", "HEAD")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or _is_admin(request)
        ):
            request._cache_update_cache = False
            return None
        response = super().process_request(request)
        if response is not None:
            # Each get unpickles a fresh object, so the stored copy does not gain the header.
            response[HIT_HEADER] = "hit"
        return response

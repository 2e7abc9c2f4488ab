"""Refuse an oversized request body from its Content-Length, before anything reads it.

Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE only once a view (or the CSRF check)
reads `request.POST`, by raising RequestDataTooBig, which is logged as an ERROR with a
traceback: anyone could fill the log by posting 10 MB bodies to a public form. This middleware
answers 413 as soon as the headers say the body is too large, without reading it, and logs
one WARNING line (the path and the sizes, never the body).

Limits: MAX_REQUEST_BODY_BYTES for public pages (their forms post a few kilobytes),
UPLOAD_MAX_REQUEST_BODY_BYTES on the public upload URLs (UPLOAD_PATH_PATTERN: one evidence
file a post, streamed to disk), and ADMIN_MAX_REQUEST_BODY_BYTES inside the Wagtail admin,
where staff upload images and documents. A body sent without a Content-Length (chunked) is
left to Django's own limits.
"""

import logging
import re
from functools import lru_cache

from django.conf import settings
from django.http import HttpResponse

from .constants import ADMIN_PREFIX

logger = logging.getLogger(__name__)


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        declared = request.META.get("CONTENT_LENGTH") or ""
        if declared:
            limit = _limit_for(request.path_info)
            try:
                length = int(declared)
            except ValueError:
                return _refuse(request, 400, "Bad Request", "unreadable Content-Length")
            if length < 0:
                return _refuse(request, 400, "Bad Request", "unreadable Content-Length")
            if length > limit:
                return _refuse(
                    request,
                    413,
                    "Content Too Large",
                    f"body of {length} bytes over the limit of {limit}",
                )
        return self.get_response(request)


@lru_cache(maxsize=4)
def _upload_paths(pattern: str) -> re.Pattern | None:
    return re.compile(pattern) if pattern else None


def _limit_for(path: str) -> int:
    if path.startswith(ADMIN_PREFIX):
        return settings.ADMIN_MAX_REQUEST_BODY_BYTES
    uploads = _upload_paths(getattr(settings, "UPLOAD_PATH_PATTERN", ""))
    if uploads is not None and uploads.match(path):
        return settings.UPLOAD_MAX_REQUEST_BODY_BYTES
    return settings.MAX_REQUEST_BODY_BYTES


def _refuse(request, status: int, reason: str, why: str) -> HttpResponse:
    logger.warning("%s %s refused with %s: %s", request.method, request.path, status, why)
    response = HttpResponse(f"{reason}\n", status=status, content_type="text/plain; charset=utf-8")
    # Logged above once; Django would log the same refusal again as a response warning.
    response._has_been_logged = True
    # The body was not read; the connection cannot be reused for another request.
    response["Connection"] = "close"
    return response

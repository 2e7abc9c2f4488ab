"""A database outage on a public page answers 503 with the service page, not a 500.

When PostgreSQL is unreachable (restarting, failing over, out of connections), a guidance
page, a form or /check/ raises `OperationalError` or `InterfaceError` from the first query.
Django would answer 500 "Sorry, there is a problem with the service" and report an error;
the truth is that the service is unavailable for a while, so the visitor is told to try
again later (503, `Retry-After`), with Exit this page and the 999 and 101 numbers. The page
(templates/503.html) extends layout.html, which reads neither the database nor the site
settings, so it renders while the database is down.

Only public requests: the Wagtail admin (ADMIN_PREFIX) keeps its own error handling.
Errors raised by a view (where nearly every query happens: pages, forms, sessions and the
user are read lazily) are caught here; the log names the exception's class only, since its
text can quote a query and its parameters.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views import defaults

from .constants import ADMIN_PREFIX

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60
DATABASE_ERRORS = (OperationalError, InterfaceError)


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 service page, rendered from the template alone."""
    response = HttpResponse(loader.render_to_string("503.html", request=request), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """The project's 500 view (handler500). Django calls it while handling any uncaught
    exception, middleware included (a session read for the signed-in user, say), where
    DatabaseOutageMiddleware, which sees only a view's exceptions, cannot: a database outage
    on a public page is the 503 service page there too; anything else is the 500 page."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_ERRORS) and not request.path.startswith(ADMIN_PREFIX):
        logger.warning(
            "%s answered 503: database unavailable (%s)", request.path, type(exception).__name__
        )
        return service_unavailable(request)
    return defaults.server_error(request)


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not isinstance(exception, DATABASE_ERRORS) or request.path.startswith(ADMIN_PREFIX):
            return None
        logger.warning(
            "%s answered 503: database unavailable (%s)", request.path, type(exception).__name__
        )
        return service_unavailable(request)

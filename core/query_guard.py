"""Refuse control characters in the query string of any public request, with a 400 page.

A NUL typed into a query parameter (`/search/?q=%00`) reached PostgreSQL, which refuses NUL
in text, and the visitor got a 500 page. No public page has a use for control characters in
its query parameters, so the whole request is refused at the door: NUL, the other C0 and C1
control characters and DEL, in any parameter's name or value (tab, line feed and carriage
return, which a form's text area may send, are let through). The answer is the 400 service
page (400.html), through Django's own `bad_request` view. The Wagtail admin (ADMIN_PREFIX) is
left to itself.
"""

import logging
import re

from django.core.exceptions import BadRequest
from django.views.defaults import bad_request

from .constants import ADMIN_PREFIX

logger = logging.getLogger(__name__)

# Unicode category Cc, except tab, line feed and carriage return.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control_characters(request) -> bool:
    for name, values in request.GET.lists():
        if CONTROL_CHARACTERS.search(name):
            return True
        if any(CONTROL_CHARACTERS.search(value) for value in values):
            return True
    return False


class QueryStringGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.META.get("QUERY_STRING")
            and not request.path_info.startswith(ADMIN_PREFIX)
            and has_control_characters(request)
        ):
            # The path only: the query string is what the visitor typed.
            logger.warning("%s refused with 400: control character in the query", request.path)
            response = bad_request(request, BadRequest("control character in the query"))
            response._has_been_logged = True
            return response
        return self.get_response(request)

"""Wagtail's page serving finds the request's site with a query of its own before any page
code runs (Site.find_for_request, cached on the request as `_wagtail_site`)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from wagtail import views as wagtail_views

from core.database_outage import DATABASE_ERRORS

from . import published


class PublishedSiteMiddleware:
    """Hands Wagtail the site from the site snapshot (cms/published.py), for Wagtail's page
    serving alone: the bare views, the admin and static files never read the snapshot."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        if view_func is not wagtail_views.serve or hasattr(request, "_wagtail_site"):
            return None
        try:
            snapshot = published.snapshot_for_request(request)
        except DATABASE_ERRORS:
            # Left to the view, where a database outage is answered with the 503 page
            # (core/database_outage.py); middleware errors would be a 500.
            return None
        if snapshot is not None:
            request._wagtail_site = snapshot.site()
        return None

"""The portal's own URLs, plus a minimal view to compare every page against."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def hello(request: HttpRequest) -> HttpResponse:
    """The least a Django view can do: what every page is measured against."""
    return HttpResponse(b"Hello", content_type="text/plain")


urlpatterns = [path("bench/hello/", hello), *portal_urlpatterns]

"""Wagtail's page serving is handed the site from the snapshot (cms/middleware.py)."""

import pytest
from django.test import RequestFactory
from wagtail import views as wagtail_views

from cms.middleware import PublishedSiteMiddleware
from cms.views import search

pytestmark = pytest.mark.django_db


def _process_view(view, django_assert_max_num_queries, *, queries: int):
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    middleware = PublishedSiteMiddleware(lambda request: None)
    with django_assert_max_num_queries(queries):
        assert middleware.process_view(request, view, (), {}) is None
    return request


def test_page_serving_gets_the_site_with_its_root_page_without_a_query(
    home_page, django_assert_max_num_queries
):
    _process_view(wagtail_views.serve, django_assert_max_num_queries, queries=20)  # builds
    request = _process_view(wagtail_views.serve, django_assert_max_num_queries, queries=0)
    assert request._wagtail_site.root_page == home_page
    # Already specific, so that Wagtail's routing (site.root_page.specific) needs no query.
    assert type(request._wagtail_site.root_page) is type(home_page)


def test_other_views_are_left_alone(home_page, django_assert_max_num_queries):
    request = _process_view(search, django_assert_max_num_queries, queries=0)
    assert not hasattr(request, "_wagtail_site")

"""The service pages (400, 403, 500, 503) in the site's style, rendered without the
database, and a database outage on a public page answered with the 503 page."""

from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.template import loader
from django.test import RequestFactory

pytestmark = pytest.mark.django_db


@contextmanager
def database_down(error=OperationalError):
    """Every new cursor fails, as it does when PostgreSQL cannot be reached."""
    with mock.patch.object(BaseDatabaseWrapper, "cursor", side_effect=error("connection refused")):
        yield


@pytest.mark.parametrize("code", ["400", "403", "500", "503"])
def test_each_service_page_renders_without_the_database(code, django_assert_num_queries):
    request = RequestFactory().get("/somewhere/")
    with database_down(), django_assert_num_queries(0):
        html = loader.render_to_string(f"{code}.html", request=request)
    assert "Exit this page" in html
    assert "999" in html and "101" in html
    assert 'href="/check/"' in html
    assert '<main class="govuk-main-wrapper" id="main-content">' in html
    assert "govuk-caption" not in html


@pytest.mark.parametrize("path", ["/", "/report/danger/", "/check/"])
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_database_outage_on_a_public_page_answers_503(client, home_page, path, error):
    with database_down(error):
        response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "Sorry, the service is unavailable" in body
    assert "Exit this page" in body
    assert "connection refused" not in body


def test_an_outage_met_in_middleware_answers_503_too(home_page):
    """A returning visitor's session is read by the middleware, before any view."""
    from django.test import Client

    client = Client(raise_request_exception=False)
    # Part-way through a form, so the visitor has a session for the middleware to read.
    client.post("/report/danger/", {"immediate_danger": "no"})
    assert client.cookies.get("sessionid")
    with mock.patch(
        "core.sessions.SessionStore.load", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/report/about/")
        admin = client.get("/admin/")
    assert response.status_code == 503
    assert "Sorry, the service is unavailable" in response.content.decode()
    assert admin.status_code == 500


def test_only_a_database_outage_on_a_public_page_is_turned_into_503(rf):
    from core.database_outage import DatabaseOutageMiddleware

    middleware = DatabaseOutageMiddleware(lambda request: None)
    error = OperationalError("connection refused")
    assert middleware.process_exception(rf.get("/admin/pages/"), error) is None
    assert middleware.process_exception(rf.get("/"), error).status_code == 503
    # Any other error is a 500, reported as before.
    assert middleware.process_exception(rf.get("/"), ValueError("boom")) is None


def test_the_400_page_is_what_django_answers_a_bad_request_with(client, home_page):
    response = client.get("/search/", {"q": "a\x00b"})
    assert response.status_code == 400
    assert "Sorry, there is a problem with the service" in response.content.decode()

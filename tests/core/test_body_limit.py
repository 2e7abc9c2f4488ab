"""Oversized bodies are refused with 413 from their Content-Length, before they are read."""

import logging

import pytest

pytestmark = pytest.mark.django_db


def test_an_oversized_public_post_is_refused_unread_with_one_warning(client, caplog, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1024
    caplog.set_level(logging.INFO)
    body = "topic=" + "x" * 10_000
    response = client.generic(
        "POST", "/report/about/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    problems = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(problems) == 1
    assert problems[0].levelno == logging.WARNING and problems[0].exc_info is None
    assert "/report/about/" in problems[0].getMessage()
    assert "x" * 20 not in caplog.text


def test_ten_megabytes_to_a_public_form_by_default(client, caplog):
    caplog.set_level(logging.WARNING)
    response = client.generic(
        "POST",
        "/check/",
        b"reference=" + b"A" * (10 * 1024 * 1024),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_body_within_the_limit_is_served_as_before(client, home_page):
    response = client.post("/report/about/", {"topic": "other"})
    assert response.status_code == 302


def test_the_admin_has_a_larger_limit_of_its_own(client, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1024
    settings.ADMIN_MAX_REQUEST_BODY_BYTES = 64 * 1024
    body = "username=a&password=" + "x" * 4000
    response = client.generic(
        "POST", "/admin/login/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code != 413
    too_big = "username=a&password=" + "x" * 70_000
    response = client.generic(
        "POST", "/admin/login/", too_big, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413


def test_a_content_length_that_is_not_a_number_is_a_bad_request(rf, settings):
    from core.body_limit import RequestBodyLimitMiddleware

    request = rf.post("/check/", data="a=1", content_type="application/x-www-form-urlencoded")
    request.META["CONTENT_LENGTH"] = "lots"
    response = RequestBodyLimitMiddleware(lambda request: None)(request)
    assert response.status_code == 400

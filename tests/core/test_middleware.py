import pytest

pytestmark = pytest.mark.django_db


def test_public_pages_send_a_strict_content_security_policy(client, home_page):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_admin_gets_its_own_policy(client):
    response = client.get("/admin/login/")
    assert "'unsafe-inline'" in response["Content-Security-Policy"]

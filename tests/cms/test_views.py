import pytest

pytestmark = pytest.mark.django_db


def test_exit_this_page_forgets_the_visitor_and_leaves_for_the_neutral_site(client, home_page):
    client.get("/report/about/")
    client.post("/report/about/", {"topic": "other"})
    assert "journey:concern" in client.session

    response = client.get("/exit/")

    assert response.status_code == 302
    assert response["Location"] == "https://www.bbc.co.uk/weather"
    assert "cookies" in response["Clear-Site-Data"]
    assert "no-store" in response["Cache-Control"]
    assert "journey:concern" not in client.session


def test_every_public_page_offers_exit_this_page(client, home_page):
    for path in ["/", "/report/about/"]:
        body = client.get(path).content.decode()
        assert 'data-module="govuk-exit-this-page"' in body, path
        assert 'href="/exit/"' in body, path

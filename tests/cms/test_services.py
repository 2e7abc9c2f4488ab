import pytest
from wagtail.models import Site

from cms.models import HomePage, SiteSettings
from cms.services import starter_home_page_ensure

pytestmark = pytest.mark.django_db


def test_starter_home_page_is_created_once_and_becomes_the_site_root():
    first = starter_home_page_ensure()
    second = starter_home_page_ensure()
    assert first.pk == second.pk
    assert HomePage.objects.count() == 1
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == first.pk
    assert SiteSettings.for_site(site).force_name == "Example Police"


def test_home_page_names_the_force_and_the_emergency_numbers(client):
    starter_home_page_ensure()
    body = client.get("/").content.decode()
    assert "Example Police" in body
    assert "999" in body
    assert "101" in body
    assert "Skip to main content" in body

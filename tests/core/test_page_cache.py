"""The server-side page cache (core/page_cache.py): anonymous visitors share one rendering
of each guidance page; nobody else ever sees a stored copy, and content changes show at once."""

import runpy
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.test import Client
from wagtail.models import Site

from cms.models import Organisation, SiteSettings
from cms.signals import published_content_changed
from core.page_cache import (
    PAGE_CACHE_ALIAS,
    PageCacheFetchMiddleware,
    PageCacheUpdateMiddleware,
    page_cache_clear,
)

pytestmark = pytest.mark.django_db

GUIDANCE = "/ask-for-a-disclosure/sarahs-law/"
BASE_SETTINGS = Path(__file__).resolve().parents[2] / "portal" / "settings" / "base.py"


@pytest.fixture(autouse=True)
def _page_cache(settings, published_cache) -> Iterator[None]:
    """On, as in production (the rest of the suite runs without it), and empty; with what
    pages are drawn from kept per publish, as in production too."""
    settings.PAGE_CACHE_ENABLED = True
    page_cache_clear()
    yield
    page_cache_clear()


def _stored_keys() -> list[str]:
    cache = caches[PAGE_CACHE_ALIAS]
    if hasattr(cache, "keys"):  # django-redis, scoped to the alias's prefix
        return list(cache.keys("*"))
    return list(cache._cache)


def _is_hit(response) -> bool:
    return response.get("X-Page-Cache") == "hit"


def _warm(url: str = GUIDANCE) -> bytes:
    response = Client().get(url)
    assert response.status_code == 200
    assert not _is_hit(response)
    return response.content


def test_a_second_anonymous_visit_is_answered_without_touching_the_database(
    client, small_site, django_assert_num_queries
):
    first = client.get(GUIDANCE)
    assert first.status_code == 200
    assert not _is_hit(first)

    with django_assert_num_queries(0):
        second = client.get(GUIDANCE)

    assert second.status_code == 200
    assert _is_hit(second)
    assert second.content == first.content
    assert "Sarah&#x27;s Law" in second.content.decode()


def test_a_stored_page_keeps_its_security_and_caching_headers_and_sets_no_cookie(
    client, small_site
):
    fresh = client.get(GUIDANCE)
    hit = client.get(GUIDANCE)

    assert _is_hit(hit)
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "Referrer-Policy",
        "X-Content-Type-Options",
        "Cross-Origin-Opener-Policy",
    ):
        assert hit[header] == fresh[header], header
    assert "'unsafe-inline'" not in hit["Content-Security-Policy"]
    assert hit["X-Frame-Options"] == "DENY"
    assert "public" in hit["Cache-Control"] and "max-age=300" in hit["Cache-Control"]
    assert "Cookie" in hit["Vary"]
    assert not hit.cookies
    assert "Set-Cookie" not in hit


def test_every_public_page_is_stored_once_and_then_served(client, small_site):
    for page in small_site.values():
        _warm(page.url)
        assert _is_hit(client.get(page.url)), page.url


def test_signed_in_staff_never_get_a_stored_page_nor_store_one(client, small_site, editor):
    client.force_login(editor)
    for _ in range(2):
        response = client.get(GUIDANCE)
        assert response.status_code == 200
        assert not _is_hit(response)
        assert "private" in response["Cache-Control"]
    assert _stored_keys() == []

    _warm()
    response = client.get(GUIDANCE)
    assert not _is_hit(response)
    assert "private" in response["Cache-Control"]


def test_a_visitor_part_way_through_a_form_gets_a_fresh_page(client, small_site):
    _warm()
    session = client.session
    session["journey:example"] = {"answer": "kept"}
    session.save()
    client.cookies["sessionid"] = session.session_key

    response = client.get(GUIDANCE)

    assert not _is_hit(response)
    assert "private" in response["Cache-Control"]


def test_a_visitor_with_any_other_cookie_does_not_share_the_cookie_less_copy(client, small_site):
    _warm()
    client.cookies["messages"] = "for-this-visitor-only"

    assert not _is_hit(client.get(GUIDANCE))


@pytest.mark.parametrize(
    "url", ["/report/", "/report/about/", "/apply/sarahs-law/", "/check/", "/search/?q=law"]
)
def test_forms_search_and_the_status_check_are_never_stored(url, small_site):
    for _ in range(2):
        response = Client().get(url)
        assert response.status_code in (200, 302), url
        assert not _is_hit(response)
    assert _stored_keys() == [], url


def test_the_admin_is_never_stored(client, small_site, editor):
    Client().get("/admin/login/")
    client.force_login(editor)
    for url in ["/admin/", f"/admin/pages/{small_site['guidance'].pk}/edit/"]:
        assert client.get(url).status_code == 200, url
    assert _stored_keys() == []


def _view_sending(cache_control: str | None, *, cookie: bool = False) -> Callable:
    def view(request: HttpRequest) -> HttpResponse:
        response = HttpResponse("hello")
        if cache_control is not None:
            response["Cache-Control"] = cache_control
        if cookie:
            response.set_cookie("chosen", "yes")
        return response

    return view


@pytest.mark.parametrize(
    ("cache_control", "cookie", "stored"),
    [
        # The intake pages' never_cache sends no-store; Django's own middleware would keep a
        # response without max-age for CACHE_MIDDLEWARE_SECONDS.
        ("no-store", False, False),
        ("max-age=0, no-cache, no-store, must-revalidate, private", False, False),
        (None, False, False),
        ("max-age=300", False, False),
        ("public", False, False),
        ("public, max-age=0", False, False),
        ("public, max-age=300, no-store", False, False),
        ("public, max-age=300", True, False),
        ("public, max-age=300", False, True),
    ],
)
def test_only_a_response_that_says_public_with_a_max_age_and_sets_no_cookie_is_kept(
    rf, cache_control, cookie, stored
):
    middleware = PageCacheUpdateMiddleware(
        PageCacheFetchMiddleware(_view_sending(cache_control, cookie=cookie))
    )

    middleware(rf.get("/anything/"))

    assert bool(_stored_keys()) is stored


def test_a_post_is_never_stored(rf):
    middleware = PageCacheUpdateMiddleware(
        PageCacheFetchMiddleware(_view_sending("public, max-age=300"))
    )
    middleware(rf.post("/anything/"))
    assert _stored_keys() == []


def test_publishing_a_new_revision_shows_at_once_and_only_once_committed(
    client, small_site, django_capture_on_commit_callbacks
):
    _warm()
    page = small_site["guidance"]
    page.introduction = "Rewritten after the law changed."

    with django_capture_on_commit_callbacks() as callbacks:
        page.save_revision().publish()
    # Until the publish commits, visitors keep the page they had.
    assert published_content_changed in callbacks
    assert _is_hit(client.get(GUIDANCE))

    for callback in callbacks:
        callback()
    response = client.get(GUIDANCE)
    assert not _is_hit(response)
    assert "Rewritten after the law changed." in response.content.decode()


def test_a_publish_that_rolls_back_keeps_the_stored_pages(client, small_site):
    from django.db import transaction

    _warm()
    page = small_site["guidance"]
    page.introduction = "Never published."
    with pytest.raises(RuntimeError), transaction.atomic():
        page.save_revision().publish()
        raise RuntimeError("the publish fails")

    assert _is_hit(client.get(GUIDANCE))


def test_an_unpublished_page_is_gone_at_once(
    client, small_site, django_capture_on_commit_callbacks
):
    _warm()
    with django_capture_on_commit_callbacks(execute=True):
        small_site["guidance"].unpublish()
    assert client.get(GUIDANCE).status_code == 404


def test_a_deleted_page_is_gone_at_once(client, small_site, django_capture_on_commit_callbacks):
    _warm()
    with django_capture_on_commit_callbacks(execute=True):
        small_site["guidance"].delete()
    assert client.get(GUIDANCE).status_code == 404


def test_a_moved_page_leaves_its_old_address_at_once(
    client, small_site, django_capture_on_commit_callbacks
):
    _warm()
    with django_capture_on_commit_callbacks(execute=True):
        small_site["guidance"].move(small_site["home"], pos="last-child")
    # Wagtail leaves a redirect behind, which only answers once no stored copy does.
    response = client.get(GUIDANCE)
    assert response.status_code == 301
    assert response["Location"] == "/sarahs-law/"
    assert client.get("/sarahs-law/").status_code == 200


def test_changed_site_settings_show_on_every_page_at_once(
    client, small_site, django_capture_on_commit_callbacks
):
    _warm()
    _warm("/")
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.force_name = "Northshire Constabulary"
    with django_capture_on_commit_callbacks(execute=True):
        site_settings.save()

    for url in [GUIDANCE, "/"]:
        response = client.get(url)
        assert not _is_hit(response)
        assert "Northshire Constabulary" in response.content.decode(), url


def test_a_changed_organisation_or_a_new_redirect_drops_the_stored_pages(
    client, small_site, django_capture_on_commit_callbacks
):
    from wagtail.contrib.redirects.models import Redirect

    _warm()
    with django_capture_on_commit_callbacks(execute=True):
        organisation = Organisation.objects.get(name__icontains="NSPCC")
        organisation.phone = "0808 800 0000"
        organisation.save()
    response = client.get(GUIDANCE)
    assert not _is_hit(response)
    assert "0808 800 0000" in response.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        Redirect.objects.create(old_path="/old-address", redirect_link="/")
    assert not _is_hit(client.get(GUIDANCE))


def test_clearing_leaves_the_other_caches_alone(small_site):
    caches["default"].set("page-cache-test-neighbour", "still here", 60)
    _warm()
    assert _stored_keys()

    page_cache_clear()

    assert _stored_keys() == []
    assert caches["default"].get("page-cache-test-neighbour") == "still here"
    caches["default"].delete("page-cache-test-neighbour")


def test_switched_off_nothing_is_stored(client, small_site, settings):
    settings.PAGE_CACHE_ENABLED = False
    for _ in range(2):
        assert not _is_hit(client.get(GUIDANCE))
    assert _stored_keys() == []


def _unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_pages_are_still_served_while_the_page_cache_redis_is_down(
    client, small_site, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """The production configuration of the alias (base settings with REDIS_URL), pointed at
    an address where nothing listens."""
    monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{_unused_port()}/0")
    production_caches = runpy.run_path(str(BASE_SETTINGS))["CACHES"]
    settings.CACHES = {**settings.CACHES, PAGE_CACHE_ALIAS: production_caches[PAGE_CACHE_ALIAS]}
    assert type(caches[PAGE_CACHE_ALIAS]).__name__ == "RedisCache"

    for _ in range(2):
        response = client.get(GUIDANCE)
        assert response.status_code == 200
        assert not _is_hit(response)
        assert "Sarah&#x27;s Law" in response.content.decode()

    page = small_site["guidance"]
    page.introduction = "Published while Redis was away."
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert "Published while Redis was away." in client.get(GUIDANCE).content.decode()


def test_english_and_welsh_copies_of_a_page_are_kept_apart(small_site):
    """The same page in each language, each stored and handed out under its own key; what the
    page is drawn from (menu, footer, content, kept per publish) is kept per language too."""
    _warm(GUIDANCE)
    _warm("/cy" + GUIDANCE)
    english = Client().get(GUIDANCE)
    welsh = Client().get("/cy" + GUIDANCE)
    assert _is_hit(english) and _is_hit(welsh)
    english_html, welsh_html = english.content.decode(), welsh.content.decode()
    assert '<html lang="en-GB"' in english_html and "If you need help now" in english_html
    assert '<html lang="cy"' in welsh_html and "Os oes angen help arnoch chi nawr" in welsh_html
    assert "If you need help now" not in welsh_html
    assert f'href="/cy{GUIDANCE}"' in english_html

"""What public pages are drawn from, kept once per publish (cms/published.py): an uncached page
needs no query, and whatever is published, unpublished, moved or changed shows at once.

These run with the page cache off (as the test settings have it): each page is drawn by the
view, from the snapshot and the kept fragments. tests/cms/conftest.py turns the keeping on with
a new generation for each test.
"""

import re

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from cms import published
from cms.models import GuidancePage, SectionPage, SiteSettings, StartPage

pytestmark = pytest.mark.django_db

GUIDANCE = "/ask-for-a-disclosure/sarahs-law/"
SECTION = "/ask-for-a-disclosure/"
START = "/ask-for-a-disclosure/apply-sarahs-law/"


def _menu(html: str) -> list[str]:
    nav = re.search(r'<ul class="govuk-service-navigation__list".*?</ul>', html, re.S)
    if nav is None:  # nothing in the menu: no menu drawn
        return []
    return re.findall(r'class="govuk-service-navigation__link" href="([^"]+)"', nav.group(0))


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


def _site_settings() -> SiteSettings:
    return SiteSettings.for_site(Site.objects.get(is_default_site=True))


# --- No query once drawn, whatever the menu and the content ---------------------------------


@pytest.mark.parametrize("url", ["/", SECTION, GUIDANCE, START])
def test_a_page_drawn_before_in_this_generation_needs_no_query(
    client, small_site, url, django_assert_max_num_queries
):
    client.get(url)
    with django_assert_max_num_queries(0):
        response = client.get(url)
    assert response.status_code == 200


def test_the_first_visit_after_a_publish_reads_the_site_in_a_fixed_number_of_queries(
    client, small_site, django_capture_on_commit_callbacks
):
    """However many sections are in the menu and blocks on the page: the snapshot reads the
    pages once for each page type, and the body's blocks are drawn once per publish."""
    page = small_site["guidance"]
    client.get(page.url)
    published.generation_bump()
    before = _queries(client, page.url)

    home = small_site["home"]
    for number in range(10):
        home.add_child(
            instance=SectionPage(title=f"Section {number}", show_in_menus=True, live=True)
        )
    page.body = list(page.body.raw_data) * 4
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    after = _queries(client, page.url)

    assert len(_menu(client.get(page.url).content.decode())) == 1 + 10 + 1  # and Search
    assert after == before
    assert _queries(client, page.url) == 0


@pytest.mark.parametrize("url", ["/search/?q=law", "/search/?q=law&page=2", "/search/?q="])
def test_search_reads_the_matches_in_one_query(client, small_site, url):
    client.get(url)
    assert _queries(client, url) <= 1


def test_search_finds_from_the_snapshot_and_never_a_restricted_page(client, small_site):
    html = client.get("/search/", {"q": "Sarah"}).content.decode()
    assert f'href="{GUIDANCE}"' in html
    assert "How Sarah&#x27;s Law works." in html  # the description, from the snapshot

    PageViewRestriction.objects.create(
        page=small_site["section"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    published.generation_bump()  # as the restriction's save does on commit
    html = client.get("/search/", {"q": "Sarah"}).content.decode()
    assert f'href="{GUIDANCE}"' not in html
    assert "0 results" in html


# --- Shown at once ---------------------------------------------------------------------------


def test_a_new_section_in_the_menu_shows_on_every_page_at_once(
    client, small_site, django_capture_on_commit_callbacks
):
    for url in ["/", GUIDANCE, "/report/danger/"]:
        assert "/staying-safe/" not in _menu(client.get(url).content.decode())

    section = SectionPage(title="Staying safe", slug="staying-safe", show_in_menus=True)
    small_site["home"].add_child(instance=section)
    with django_capture_on_commit_callbacks(execute=True):
        section.save_revision().publish()

    for url in ["/", GUIDANCE, "/report/danger/"]:
        assert "/staying-safe/" in _menu(client.get(url).content.decode()), url
    assert client.get("/staying-safe/").status_code == 200


def test_a_published_change_shows_at_once_and_not_before_it_commits(
    client, small_site, django_capture_on_commit_callbacks
):
    client.get(GUIDANCE)
    client.get(SECTION)
    page = small_site["guidance"]
    page.title = "Sarah's Law: the child sex offender disclosure scheme"
    page.introduction = "Rewritten after the law changed."

    with django_capture_on_commit_callbacks() as callbacks:
        page.save_revision().publish()
    # Until the publish commits, the page drawn before is still what visitors get.
    assert "Rewritten after the law changed." not in client.get(GUIDANCE).content.decode()

    for callback in callbacks:
        callback()
    html = client.get(GUIDANCE).content.decode()
    assert "Rewritten after the law changed." in html
    assert "the child sex offender disclosure scheme" in html
    # Other pages that list it show the new title too.
    assert "the child sex offender disclosure scheme" in client.get(SECTION).content.decode()


def test_a_publish_that_rolls_back_changes_nothing(client, small_site):
    client.get(GUIDANCE)
    generation = caches["default"].get(published.GENERATION_KEY)
    page = small_site["guidance"]
    page.introduction = "Never published."
    with pytest.raises(RuntimeError), transaction.atomic():
        page.save_revision().publish()
        raise RuntimeError("the publish fails")

    assert caches["default"].get(published.GENERATION_KEY) == generation
    assert "Never published." not in client.get(GUIDANCE).content.decode()


def test_an_unpublished_or_moved_page_is_gone_from_its_address_and_the_menu_at_once(
    client, small_site, django_capture_on_commit_callbacks
):
    assert SECTION in _menu(client.get("/").content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        small_site["guidance"].move(small_site["home"], pos="last-child")
    assert client.get(GUIDANCE).status_code in (301, 404)
    assert client.get("/sarahs-law/").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        small_site["section"].unpublish()
    assert client.get(SECTION).status_code == 404
    assert SECTION not in _menu(client.get("/").content.decode())


def test_changed_settings_show_in_the_header_footer_and_blocks_at_once(
    client, small_site, django_capture_on_commit_callbacks
):
    client.get(GUIDANCE)
    client.get("/report/danger/")
    site_settings = _site_settings()
    site_settings.force_name = "Northshire Constabulary"
    site_settings.emergency_number = "112"
    with django_capture_on_commit_callbacks(execute=True):
        site_settings.save()

    for url in [GUIDANCE, "/report/danger/"]:
        html = client.get(url).content.decode()
        assert html.count("Northshire Constabulary") >= 2, url  # header and footer
    # The emergency block in the guidance page's body draws the settings too.
    assert "<strong>112</strong>" in client.get(GUIDANCE).content.decode()
    assert client.get("/exit/")["Location"] == site_settings.exit_page_url


def test_another_process_publishing_is_seen_at_the_next_request(client, small_site):
    """Each process keeps its snapshot under the generation it read; the generation is in the
    shared cache, so a publish in another process (here: the same call it makes) is seen by
    the next request here."""
    client.get(GUIDANCE)
    Page.objects.filter(pk=small_site["section"].pk).update(title="Renamed elsewhere")
    assert "Renamed elsewhere" not in client.get(GUIDANCE).content.decode()

    published.generation_bump()

    assert "Renamed elsewhere" in client.get(GUIDANCE).content.decode()


def test_a_new_view_restriction_applies_at_once(
    client, small_site, django_capture_on_commit_callbacks
):
    assert client.get(GUIDANCE).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=small_site["section"],
            restriction_type=PageViewRestriction.PASSWORD,
            password="secret",
        )
    response = client.get(GUIDANCE)
    assert response.status_code == 200
    assert "password" in response.content.decode().lower()
    assert "Who can apply" not in response.content.decode()
    assert client.get("/").status_code == 200


# --- Never personal, never a draft -----------------------------------------------------------


def test_signed_in_staff_and_visitors_with_answers_get_the_same_content_and_leave_no_trace(
    client, small_site, editor
):
    anonymous = client.get(GUIDANCE).content.decode()

    journey = Client()
    journey.post("/report/danger/", {"immediate_danger": "no"})
    during = journey.get(GUIDANCE).content.decode()
    staff = Client()
    staff.force_login(editor)
    signed_in = staff.get(GUIDANCE).content.decode()

    main = re.compile(r"<main.*</main>", re.S)
    assert main.search(anonymous).group(0) == main.search(during).group(0)
    assert main.search(anonymous).group(0) == main.search(signed_in).group(0)
    cache = caches["default"]
    if hasattr(cache, "keys"):  # django-redis: nothing kept names a session or a user
        for key in cache.keys("cms:fragment:*"):
            html = cache.get(key)
            assert journey.cookies["sessionid"].value not in html
            assert editor.username not in html


def test_a_preview_is_drawn_from_the_draft_and_never_kept(client, small_site, rf, editor):
    client.get(GUIDANCE)
    page = GuidancePage.objects.get(pk=small_site["guidance"].pk)
    page.introduction = "Only in the draft."
    request = rf.get("/")
    request.user = editor

    preview = page.make_preview_request(original_request=request)

    assert "Only in the draft." in preview.rendered_content
    assert "Only in the draft." not in client.get(GUIDANCE).content.decode()


def test_without_a_generation_every_request_reads_the_database_and_is_right(
    client, small_site, settings
):
    settings.PUBLISHED_CACHE_ENABLED = False
    client.get(GUIDANCE)
    assert _queries(client, GUIDANCE) > 0
    Page.objects.filter(pk=small_site["section"].pk).update(title="Renamed, no cache")
    assert "Renamed, no cache" in client.get(GUIDANCE).content.decode()


def test_the_home_page_links_its_sections_and_the_journey_start_page(client, small_site):
    html = client.get("/").content.decode()
    assert f'href="{SECTION}"' in html
    # No start page for the concern report in the small site: the journey itself.
    assert 'href="/report/"' in html
    start = StartPage(
        title="Report a concern",
        slug="report-a-concern",
        journey="concern",
        before_you_start="<p>What you will need.</p>",
    )
    small_site["home"].add_child(instance=start)
    published.generation_bump()
    assert 'href="/report-a-concern/"' in client.get("/").content.decode()


def test_with_redis_away_pages_are_served_and_the_site_is_not_read_for_every_request(
    client, small_site, settings, monkeypatch
):
    """The production configuration of the default cache (base settings with REDIS_URL),
    pointed at an address where nothing listens: every cache call fails quietly."""
    import runpy
    import socket
    from pathlib import Path

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{port}/0")
    base = Path(__file__).resolve().parents[2] / "portal" / "settings" / "base.py"
    production_caches = runpy.run_path(str(base))["CACHES"]
    settings.CACHES = {**settings.CACHES, "default": production_caches["default"]}
    monkeypatch.setattr(published, "_outage_generation", None)

    first = client.get(GUIDANCE)
    assert first.status_code == 200
    assert "Who can apply" in first.content.decode()
    assert _queries(client, GUIDANCE) == 0  # kept by this process meanwhile

    # A publish in this process shows at once; other processes' within OUTAGE_SECONDS.
    Page.objects.filter(pk=small_site["section"].pk).update(title="Renamed while away")
    published.generation_bump()
    assert "Renamed while away" in client.get(GUIDANCE).content.decode()


def test_the_directory_gives_every_page_the_address_wagtail_gives_it(rf, starter_content):
    request = rf.get("/", HTTP_HOST="localhost")
    site = Site.objects.get(is_default_site=True)
    snapshot = published.snapshot_build(site=site, request=request)
    pages = Page.objects.descendant_of(site.root_page, inclusive=True).specific()
    assert len(pages) == len(snapshot.by_path) > 20
    for page in pages:
        entry = snapshot.by_path[page.path]
        assert entry.url == page.get_url(request), page.url_path
        assert entry.title == page.title
        assert entry.introduction == getattr(page, "introduction", "")
        assert entry.journey == getattr(page, "journey", "")

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from wagtail.models import Locale, Page

pytestmark = pytest.mark.django_db


def test_exit_this_page_forgets_the_visitor_and_leaves_for_the_neutral_site(client, home_page):
    client.get("/report/danger/")
    client.post("/report/danger/", {"immediate_danger": "no"})
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


# --- Guidance pages ----------------------------------------------------------------------------

LINK = re.compile(r'href="(/[^"#?]*)"')


def _english_pages():
    """The English tree (the Welsh one beside it holds translations and aliases)."""
    return Page.objects.live().filter(depth__gt=1, locale=Locale.get_default())


def _starter_urls() -> set[str]:
    return {page.url for page in _english_pages()}


def test_a_newcomer_reaches_every_starter_page_from_the_home_page_and_the_sitemap(
    client, starter_content
):
    seen, queue = set(), ["/"]
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        queue.extend(LINK.findall(response.content.decode()))
    assert _starter_urls() <= seen

    sitemap = client.get("/sitemap.xml").content.decode()
    for url in _starter_urls():
        assert f"{url}</loc>" in sitemap, url
        assert f"/cy{url}</loc>" in sitemap, url
        assert re.search(rf'hreflang="cy" href="https?://[^"/]+/cy{re.escape(url)}"', sitemap), url


def test_every_untranslated_guidance_page_answers_in_welsh_with_a_note(client, starter_content):
    welsh = Locale.objects.get(language_code="cy")
    pages = [
        (page.url, page.title)
        for page in _english_pages()
        if page.get_translation(welsh).alias_of_id is not None
    ]
    assert len(pages) == len(_starter_urls()) - 5  # the Welsh starter pages are translated
    for url, title in pages:
        response = client.get(f"/cy{url}")
        assert response.status_code == 200, url
        html = response.content.decode()
        assert '<html lang="cy"' in html, url
        assert 'data-testid="untranslated-note"' in html, url
        # The English text is marked as English for screen readers.
        assert f'<h1 class="govuk-heading-xl" lang="en-GB">{escape(title)}</h1>' in html
        # Links stay in Welsh, and the switcher goes back to the same page in English.
        assert f'href="{url}" hreflang="en-GB"' in html, url
        assert 'href="/cy/search/"' in html
        english = client.get(url).content.decode()
        assert 'data-testid="untranslated-note"' not in english
        assert 'lang="en-GB">' not in english.split("<body", 1)[1], url


def test_every_page_has_a_real_title_a_description_breadcrumbs_and_nothing_from_elsewhere(
    client, starter_content
):
    for page in Page.objects.live().filter(depth__gt=1).specific():
        html = client.get(page.url).content.decode()
        # Someone may be watching the visitor's network: everything comes from this site.
        for match in re.finditer(r'<(script|link|img|iframe)\b[^>]*?(?:src|href)="([^"]+)"', html):
            if 'rel="alternate" hreflang=' in match.group(0):
                # The page in each language (fetched by nothing): full addresses on this site.
                assert match.group(2).startswith("http://testserver/"), match.group(0)
                continue
            assert match.group(2).startswith("/"), (page.url, match.group(0))
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert title == f"{escape(page.title)} \u2013 Example Police", page.url
        description = re.search(r'<meta name="description" content="([^"]+)">', html)
        assert description and len(description.group(1)) > 20, page.url
        if page.depth > 3:
            assert 'class="govuk-breadcrumbs"' in html, page.url
            assert f'href="{page.get_parent().url}"' in html


def test_anonymous_visitors_get_a_cacheable_page_and_no_cookie(client, small_site):
    for url in [page.url for page in small_site.values()]:
        response = client.get(url)
        assert response.status_code == 200
        cache_control = response["Cache-Control"]
        assert "public" in cache_control and "max-age=300" in cache_control, url
        assert not response.cookies, (url, list(response.cookies))


def test_a_visitor_part_way_through_a_form_is_never_served_a_shared_page(client, small_site):
    session = client.session
    session["journey:example"] = {"answer": "kept"}
    session.save()
    client.cookies["sessionid"] = session.session_key

    response = client.get("/ask-for-a-disclosure/sarahs-law/")

    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_signed_in_staff_are_never_served_a_cached_page(client, small_site, editor):
    client.force_login(editor)
    response = client.get("/ask-for-a-disclosure/sarahs-law/")
    assert "private" in response["Cache-Control"]
    assert "max-age" not in response["Cache-Control"]


def test_a_page_renders_in_the_same_number_of_queries_whatever_the_menu_and_content(
    client, small_site, django_capture_on_commit_callbacks
):
    """The page cache off (as in these tests): drawn by the view, from what is kept per
    publish (cms/published.py, tests/cms/test_published.py)."""
    from cms.models import SectionPage

    page = small_site["guidance"]

    def queries() -> int:
        # Warm what publishing replaces: Wagtail's site root paths and the site snapshot.
        client.get(page.url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page.url).status_code == 200
        return len(captured)

    before = queries()
    home = small_site["home"]
    for number in range(10):
        home.add_child(
            instance=SectionPage(title=f"Section {number}", show_in_menus=True, live=True)
        )
    body = list(page.body.raw_data)
    page.body = body * 4
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    after = queries()

    print(f"queries for a guidance page: {before} before, {after} after")
    assert after == before
    assert before <= 6


def test_search_finds_every_starter_page_by_its_title_and_words_in_the_body(
    client, starter_content
):
    for page in _english_pages().filter(depth__gt=2):
        html = client.get("/search/", {"q": page.title}).content.decode()
        assert f'href="{page.url}"' in html, page.title
    html = client.get("/search/", {"q": "notification requirements"}).content.decode()
    assert 'href="/managing-offenders/sex-offenders-register/"' in html
    html = client.get("/search/", {"q": "xylophonequartz"}).content.decode()
    assert "0 results" in html
    assert "Try other words" in html


def test_search_uses_postgresql_full_text_on_postgresql(db):
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    if connection.vendor == "postgresql":
        from wagtail.search.backends.database.postgres.postgres import PostgresSearchBackend

        assert isinstance(backend, PostgresSearchBackend)
    else:
        from wagtail.search.backends.database.sqlite.sqlite import SQLiteSearchBackend

        assert isinstance(backend, SQLiteSearchBackend)


def test_a_missing_page_says_so_in_the_same_style_and_leaks_nothing(client, home_page):
    response = client.get("/no-such-page/<script>/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in html
    assert 'data-module="govuk-exit-this-page"' in html
    assert "no-such-page" not in html
    assert "<script>/" not in html


def test_a_server_error_page_needs_no_database_and_leaks_nothing(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html
    assert "999" in html and "101" in html
    assert 'href="/exit/"' in html
    assert "Traceback" not in html


def test_follow_up_is_linked_from_the_home_page_the_footer_and_each_start_page(
    client, starter_content
):
    from cms.models import StartPage

    home = client.get("/").content.decode()
    main = home[home.index("<main") : home.index("</main>")]
    footer = home[home.index("<footer") : home.index("</footer>")]
    assert 'href="/check/">check or add to a request</a>' in main
    assert 'href="/check/">Check or add to a request</a>' in footer
    start_pages = StartPage.objects.live()
    assert start_pages.count() == 3 * 2  # and their Welsh translations
    for start_page in start_pages:
        body = client.get(start_page.url).content.decode()
        main = body[body.index("<main") : body.index("</main>")]
        check = "/cy/check/" if start_page.url.startswith("/cy/") else "/check/"
        assert f'href="{check}"' in main, start_page.url
    assert "Check or add to a request" in client.get("/check/").content.decode()

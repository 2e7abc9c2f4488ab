"""Guidance in Welsh (wagtail-localize): the Welsh tree mirrors the English one, a page is
served under /cy/ in Welsh once translated and in English with a note until then, and what is
kept per publish and the page cache hold each language apart."""

import re
from collections.abc import Iterator

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from wagtail.models import Locale, Page

from cms.services import starter_content_ensure, welsh_tree_synchronise
from cms.starter_content import STARTER_PAGES
from cms.starter_content_cy import WELSH_STARTER_PAGES
from core.page_cache import PAGE_CACHE_ALIAS, page_cache_clear

pytestmark = pytest.mark.django_db

GUIDANCE = "/ask-for-a-disclosure/sarahs-law/"
SECTION = "/ask-for-a-disclosure/"
WELSH_TITLE = "Cyfraith Sarah"
WELSH_SECTION_TITLE = "Gofyn am ddatgeliad"
WELSH_BODY = "Gall unrhyw un wneud cais."


def _welsh() -> Locale:
    return Locale.objects.get(language_code="cy")


def _translate(page: Page, *, title: str, body: str | None, capture) -> Page:
    """What an editor's translation leaves: the page's Welsh alias become a Welsh page of
    its own, with Welsh words, published."""
    welsh_page = page.get_translation(_welsh()).specific
    Page.objects.filter(pk=welsh_page.pk).update(alias_of=None)
    welsh_page.alias_of_id = None
    welsh_page.title = title
    if body is not None:
        welsh_page.body = [{"type": "paragraph", "value": f"<p>{body}</p>"}]
    with capture(execute=True):
        welsh_page.save_revision().publish()
    return welsh_page


@pytest.fixture
def welsh_site(small_site):
    """The small site with its Welsh tree: every page a Welsh alias of the English."""
    welsh_tree_synchronise()
    return small_site


def _html(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _h1(html: str) -> str:
    return re.search(r"<h1[^>]*>.*?</h1>", html, re.S).group(0)


# --- Serving -----------------------------------------------------------------------------------


def test_the_welsh_tree_mirrors_the_english_one_once_and_only_once(small_site):
    english_pages = Page.objects.filter(depth__gt=1, locale=Locale.get_default()).count()
    assert welsh_tree_synchronise() == english_pages
    assert welsh_tree_synchronise() == 0
    welsh_pages = Page.objects.filter(locale=_welsh())
    assert welsh_pages.count() == english_pages
    assert all(page.alias_of_id for page in welsh_pages)


def test_a_translated_page_is_served_in_welsh_under_cy(
    client, welsh_site, django_capture_on_commit_callbacks
):
    _translate(
        welsh_site["guidance"],
        title=WELSH_TITLE,
        body=WELSH_BODY,
        capture=django_capture_on_commit_callbacks,
    )

    html = _html(client, f"/cy{GUIDANCE}")

    assert '<html lang="cy"' in html
    assert _h1(html) == f'<h1 class="govuk-heading-xl">{WELSH_TITLE}</h1>'
    assert WELSH_BODY in html
    assert "Anyone can apply." not in html
    assert 'data-testid="untranslated-note"' not in html
    english = _html(client, GUIDANCE)
    assert WELSH_TITLE not in english and "Anyone can apply." in english


def test_an_editor_translates_a_page_in_the_admin_and_welsh_shows_once_published(
    client, welsh_site, editor, django_capture_on_commit_callbacks
):
    from wagtail_localize.models import StringSegment, StringTranslation, Translation

    page = welsh_site["guidance"]
    client.force_login(editor)
    response = client.post(f"/admin/localize/submit/page/{page.pk}/", {"locales": [_welsh().pk]})
    welsh_page = page.get_translation(_welsh())
    assert response["Location"] == f"/admin/pages/{welsh_page.pk}/edit/"
    assert client.get(response["Location"]).status_code == 200
    visitor = Client()
    # Begun, not published: still the English, under the note.
    assert 'data-testid="untranslated-note"' in _html(visitor, f"/cy{GUIDANCE}")

    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=_welsh()
    )
    welsh_words = {"Sarah's Law": WELSH_TITLE, "Anyone can apply.": WELSH_BODY}
    for segment in StringSegment.objects.filter(source=translation.source).select_related("string"):
        if segment.string.data in welsh_words:
            StringTranslation.objects.create(
                translation_of=segment.string,
                locale=_welsh(),
                context=segment.context,
                data=welsh_words[segment.string.data],
                translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
            )
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(user=editor, publish=True)

    html = _html(visitor, f"/cy{GUIDANCE}")
    assert 'data-testid="untranslated-note"' not in html
    assert _h1(html) == f'<h1 class="govuk-heading-xl">{WELSH_TITLE}</h1>'
    assert WELSH_BODY in html


def test_an_untranslated_page_is_shown_in_english_under_cy_with_the_note(client, welsh_site):
    html = _html(client, f"/cy{GUIDANCE}")

    assert '<html lang="cy"' in html
    assert 'data-testid="untranslated-note"' in html
    assert _h1(html) == '<h1 class="govuk-heading-xl" lang="en-GB">Sarah&#x27;s Law</h1>'
    assert "Anyone can apply." in html


def test_a_page_not_yet_in_the_welsh_tree_is_shown_in_english_rather_than_not_found(
    client, welsh_site
):
    from cms.models import GuidancePage

    # As a page made outside the admin is, until the tree is synchronised again.
    welsh_site["section"].add_child(
        instance=GuidancePage(
            title="Newly written",
            slug="newly-written",
            body=[{"type": "paragraph", "value": "<p>Fresh words.</p>"}],
        )
    )

    html = _html(client, f"/cy{SECTION}newly-written/")

    assert 'data-testid="untranslated-note"' in html
    assert "Fresh words." in html
    assert client.get("/cy/no-such-page/").status_code == 404


def test_the_menu_and_breadcrumbs_use_welsh_titles_once_translated(
    client, welsh_site, django_capture_on_commit_callbacks
):
    _translate(
        welsh_site["section"],
        title=WELSH_SECTION_TITLE,
        body=None,
        capture=django_capture_on_commit_callbacks,
    )

    html = _html(client, f"/cy{GUIDANCE}")

    nav = re.search(r'<ul class="govuk-service-navigation__list".*?</ul>', html, re.S).group(0)
    assert f'href="/cy{SECTION}"' in nav and WELSH_SECTION_TITLE in nav
    crumbs = re.search(r'<nav class="govuk-breadcrumbs".*?</nav>', html, re.S).group(0)
    assert 'href="/cy/"' in crumbs
    assert f'href="/cy{SECTION}">{WELSH_SECTION_TITLE}</a>' in crumbs
    assert WELSH_SECTION_TITLE not in _html(client, GUIDANCE)


def test_a_welsh_page_drawn_before_in_this_generation_needs_no_query(
    client, welsh_site, django_capture_on_commit_callbacks
):
    _translate(
        welsh_site["guidance"],
        title=WELSH_TITLE,
        body=WELSH_BODY,
        capture=django_capture_on_commit_callbacks,
    )
    for url in (f"/cy{GUIDANCE}", f"/cy{SECTION}", "/cy/"):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        assert len(captured) == 0, (url, [query["sql"] for query in captured])


# --- The page cache, per language -------------------------------------------------------------


@pytest.fixture
def page_cache(settings) -> Iterator[None]:
    settings.PAGE_CACHE_ENABLED = True
    page_cache_clear()
    yield
    page_cache_clear()


def test_the_page_cache_keeps_each_language_apart_after_the_welsh_page_is_published(
    welsh_site, page_cache, django_capture_on_commit_callbacks
):
    visitor = Client()
    english_before = _html(visitor, GUIDANCE)
    welsh_before = _html(visitor, f"/cy{GUIDANCE}")
    assert visitor.get(GUIDANCE)["X-Page-Cache"] == "hit"
    assert visitor.get(f"/cy{GUIDANCE}")["X-Page-Cache"] == "hit"
    assert 'data-testid="untranslated-note"' in welsh_before

    _translate(
        welsh_site["guidance"],
        title=WELSH_TITLE,
        body=WELSH_BODY,
        capture=django_capture_on_commit_callbacks,
    )

    welsh_after = visitor.get(f"/cy{GUIDANCE}")
    assert welsh_after.get("X-Page-Cache") != "hit"
    assert WELSH_BODY in welsh_after.content.decode()
    assert 'data-testid="untranslated-note"' not in welsh_after.content.decode()
    english_after = _html(visitor, GUIDANCE)
    assert WELSH_BODY not in english_after and WELSH_TITLE not in english_after
    assert english_after == english_before
    # Both kept again, each in its own language.
    assert WELSH_BODY in visitor.get(f"/cy{GUIDANCE}").content.decode()
    hit = visitor.get(GUIDANCE)
    assert hit["X-Page-Cache"] == "hit" and WELSH_BODY not in hit.content.decode()
    assert len(list(caches[PAGE_CACHE_ALIAS].keys("*"))) >= 2


# --- The sitemap -------------------------------------------------------------------------------


def test_the_sitemap_points_each_language_at_its_own_version(
    client, welsh_site, django_capture_on_commit_callbacks
):
    from cms.models import GuidancePage

    _translate(
        welsh_site["guidance"],
        title=WELSH_TITLE,
        body=WELSH_BODY,
        capture=django_capture_on_commit_callbacks,
    )
    # A page with no Welsh version at all: its Welsh address is where it is shown in English.
    welsh_site["section"].add_child(
        instance=GuidancePage(
            title="Newly written",
            slug="newly-written",
            body=[{"type": "paragraph", "value": "<p>Fresh words.</p>"}],
        )
    )

    sitemap = client.get("/sitemap.xml").content.decode()

    entries = re.findall(r"<url>.*?</url>", sitemap, re.S)
    by_location = {re.search(r"<loc>([^<]+)</loc>", entry).group(1): entry for entry in entries}
    for path in ("/", SECTION, GUIDANCE, f"{SECTION}newly-written/"):
        english, welsh = f"http://localhost{path}", f"http://localhost/cy{path}"
        for location in (english, welsh):
            entry = by_location[location]
            assert f'hreflang="en-GB" href="{english}"' in entry, location
            assert f'hreflang="cy" href="{welsh}"' in entry, location
    # No Welsh page is listed twice, nor under the Welsh home's own slug.
    assert len(entries) == len(by_location)
    assert "home-cy" not in sitemap


# --- Starter content ----------------------------------------------------------------------------


def test_the_welsh_starter_pages_load_once_and_are_served_in_welsh(client):
    first = starter_content_ensure()
    second = starter_content_ensure()

    assert first.welsh_pages_changed == len(WELSH_STARTER_PAGES)
    assert second.welsh_pages_changed == 0
    welsh = Page.objects.filter(locale=_welsh())
    assert welsh.count() == len(STARTER_PAGES) + 1  # and the home page
    translated = welsh.filter(alias_of__isnull=True)
    assert sorted(translated.values_list("title", flat=True)) == sorted(
        spec.title for spec in WELSH_STARTER_PAGES
    )
    for page in translated:
        html = _html(client, page.url)
        assert page.url.startswith("/cy/")
        assert 'data-testid="untranslated-note"' not in html, page.url
        assert f">{escape(page.title)}</h1>" in html, page.url
    home = _html(client, "/cy/")
    footer = home[home.index("<footer") :]
    assert 'href="/cy/privacy/"' in footer
    assert 'href="/cy/staying-safe/using-this-site-safely/"' in footer
    # The Welsh home page's calls to action lead to the Welsh start pages.
    assert 'href="/cy/ask-for-a-disclosure/apply-sarahs-law/"' in home
    assert "Gwneud cais o dan Gyfraith Sarah" in home


def test_a_welsh_start_page_starts_the_journey_in_welsh(client):
    starter_content_ensure()
    for journey_path, start_page in (
        ("/apply/clares-law/", "/ask-for-a-disclosure/apply-clares-law/"),
        ("/apply/sarahs-law/", "/ask-for-a-disclosure/apply-sarahs-law/"),
    ):
        assert f'href="/cy{journey_path}"' in _html(client, f"/cy{start_page}")
        english = _html(client, start_page)
        assert f'href="{journey_path}"' in english and f'href="/cy{journey_path}"' not in english

"""English at /, Welsh at /cy/: the language from the address alone, a switcher and hreflang
alternates on every public page, and a language the portal does not offer sent to English."""

import re

import pytest

from core.languages import html_lang, language_code

pytestmark = pytest.mark.django_db

LANG = re.compile(r'<html lang="([^"]+)"')


def lang_of(response) -> str:
    return LANG.search(response.content.decode()).group(1)


def test_english_stays_at_the_root_and_welsh_is_under_cy(client, home_page):
    english = client.get("/")
    welsh = client.get("/cy/")
    assert english.status_code == welsh.status_code == 200
    assert lang_of(english) == "en-GB"
    assert lang_of(welsh) == "cy"
    assert welsh["Content-Language"] == "cy"
    assert "Neidio i\u2019r prif gynnwys" in welsh.content.decode()
    assert "Skip to main content" in english.content.decode()


def test_neither_a_cookie_nor_the_browser_language_changes_the_language(client, home_page):
    client.cookies["django_language"] = "cy"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="cy")
    assert lang_of(response) == "en-GB"
    # One copy of an English page for every browser: nothing varies on Accept-Language.
    assert "Accept-Language" not in response.get("Vary", "")


def test_the_switcher_links_to_the_same_page_in_the_other_language(client, home_page):
    english = client.get("/report/danger/").content.decode()
    assert '<span aria-current="true">English</span>' in english
    assert 'href="/cy/report/danger/" hreflang="cy" lang="cy" rel="alternate"' in english
    assert "Newid yr iaith i\u2019r Gymraeg" in english

    welsh = client.get("/cy/report/danger/").content.decode()
    assert '<span aria-current="true">Cymraeg</span>' in welsh
    assert 'href="/report/danger/" hreflang="en-GB" lang="en-GB" rel="alternate"' in welsh


def test_hreflang_alternates_name_both_languages_with_full_addresses(client, home_page):
    html = client.get("/cy/").content.decode()
    assert '<link rel="alternate" hreflang="en-GB" href="http://testserver/">' in html
    assert '<link rel="alternate" hreflang="cy" href="http://testserver/cy/">' in html
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/">' in html


def test_the_switcher_leaves_the_query_string_behind(client, home_page):
    html = client.get("/search/?q=secret+name").content.decode()
    assert 'href="/cy/search/"' in html
    assert 'hreflang="cy" href="http://testserver/cy/search/">' in html
    assert "?q=" not in "".join(re.findall(r"<[^>]*hreflang[^>]*>", html))


@pytest.mark.parametrize(
    ("path", "english"),
    [
        ("/fr/", "/"),
        ("/en/", "/"),
        ("/en-gb/report/danger/", "/report/danger/"),
        ("/de/apply/clares-law/", "/apply/clares-law/"),
        ("/CY/", "/"),
        ("/zz-ZZ/", "/"),
        ("/pt_BR/", "/"),
    ],
)
def test_a_language_that_is_not_offered_falls_back_to_english(client, home_page, path, english):
    response = client.get(path)
    # zz is no language at all: the English 404 page, as for any unknown address.
    if path.startswith("/zz"):
        assert response.status_code == 404
        assert lang_of(response) == "en-GB"
        return
    assert response.status_code == 302, path
    assert response["Location"] == english
    assert client.get(english, follow=True).status_code == 200


def test_a_missing_welsh_page_is_the_welsh_404_page(client, home_page):
    response = client.get("/cy/no-such-page/")
    assert response.status_code == 404
    assert lang_of(response) == "cy"
    assert "Heb ddod o hyd i\u2019r dudalen" in response.content.decode()


def test_the_admin_has_no_language_prefix(client, home_page):
    assert client.get("/admin/login/").status_code == 200
    assert client.get("/cy/admin/login/").status_code == 404


def test_codes_and_tags():
    assert language_code("cy") == "cy"
    assert language_code("en-gb") == "en"
    assert html_lang("cy") == "cy"
    assert html_lang("en-gb") == "en-GB"


@pytest.mark.parametrize("path", ["/no-such-page/", "/it-is-here/", "/no-such/"])
def test_a_page_whose_address_starts_like_a_language_is_an_ordinary_missing_page(
    client, home_page, path
):
    response = client.get(path)
    assert response.status_code == 404
    assert lang_of(response) == "en-GB"

"""Control characters in a public query string get the 400 page; no query gets a 5xx."""

import logging
from urllib.parse import quote_from_bytes

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.constants import ADMIN_PREFIX

pytestmark = pytest.mark.django_db

# Sample values for the converters in the URLconf: real and made-up step slugs and items.
CONVERTER_SAMPLES = {
    "slug": ["about", "what-happened", "children", "not-a-step"],
    "int": ["0", "1", "99999"],
    "path": ["x"],
    "str": ["x"],
}


def public_routes() -> list[str]:
    """Every GET route outside the admin, converters filled with sample values."""
    routes = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if ("/" + route).startswith(ADMIN_PREFIX):
                continue
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and not route.startswith("^"):
                routes.extend(_filled("/" + route))

    walk(get_resolver().url_patterns, "")
    return sorted(set(routes))


def _filled(route: str) -> list[str]:
    if "<" not in route:
        return [route]
    start, end = route.index("<"), route.index(">")
    converter = route[start + 1 : end].split(":")[0]
    return [
        path
        for sample in CONVERTER_SAMPLES.get(converter, ["x"])
        for path in _filled(route[:start] + sample + route[end + 1 :])
    ]


@pytest.fixture
def public_urls(starter_content):
    from wagtail.models import Page

    pages = [page.url for page in Page.objects.live().specific() if page.url]
    urls = sorted({*public_routes(), *pages})
    assert "/search/" in urls and "/report/" in urls and len(pages) > 3
    return urls


def test_a_nul_in_the_search_is_the_400_page_not_a_500(client, home_page, caplog):
    caplog.set_level(logging.WARNING)
    response = client.get("/search/?q=%00")
    assert response.status_code == 400
    assert [r.levelno for r in caplog.records if r.name.startswith("django")] == []
    assert "%00" not in caplog.text


@pytest.mark.parametrize(
    "query", ["q=%00", "q=a%01b", "%1f=x", "q=%7f", "q=%c2%85", "page=1&q=ok%00"]
)
def test_control_characters_anywhere_in_the_query_are_refused(client, home_page, query):
    assert client.get(f"/search/?{query}").status_code == 400
    assert client.get(f"/report/?{query}").status_code == 400


def test_ordinary_text_and_line_breaks_still_reach_the_page(client, home_page):
    assert client.get("/search/?q=Clare%27s+law%0Aplease").status_code == 200
    assert client.get("/search/?q=caf%C3%A9%09").status_code == 200


def test_the_admin_is_left_to_itself(client):
    assert client.get("/admin/login/?next=%00").status_code == 200


def _encoded(text: str) -> str:
    """Percent-encoded, leaving escapes already made (by RAW) as they are."""
    return quote_from_bytes(text.encode(), safe="%")


# The parameters of every public page read with a few of each kind of trouble: NUL, other
# control characters, bytes that are not UTF-8, very long and odd values.
TROUBLE = [
    f"{name}={value}"
    for name in ("q", "page", "change", "added", "next", "%00")
    for value in ("%00", "a%01b", "%ff%fe", "x" * 5000, "-1", "99999999999999999999", "%2e%2e%2f")
]


def test_every_public_url_survives_the_usual_trouble(client, public_urls):
    for url in public_urls:
        for query in TROUBLE:
            response = client.get(f"{url}?{query}")
            assert response.status_code < 500, (url, query)
            if "%00" in query or "%01" in query:
                assert response.status_code == 400, (url, query)


RAW = st.binary(max_size=40).map(lambda b: quote_from_bytes(b, safe=""))
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
# The parameters the public pages read, so that values reach their code, as well as any other.
KNOWN_NAMES = st.sampled_from(["q", "query", "page", "p", "change", "added", "next", "item"])
SPECIAL = st.sampled_from(
    ["%00", "%ff%fe", "x" * 3000, "-1", "999999999999999999999", "../../etc", "<script>", ""]
)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_public_url_answers_5xx_whatever_its_query(client, public_urls, data):
    url = data.draw(st.sampled_from(public_urls), label="url")
    pairs = data.draw(
        st.lists(st.tuples(KNOWN_NAMES | RAW | TEXT, SPECIAL | RAW | TEXT), max_size=4),
        label="query",
    )
    query = "&".join(f"{_encoded(name)}={_encoded(value)}" for name, value in pairs)
    response = client.get(f"{url}?{query}" if query else url)
    assert response.status_code < 500, (url, query)

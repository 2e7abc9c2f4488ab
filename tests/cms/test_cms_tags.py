"""The template tags public pages are drawn with: fragments kept per publish or per process."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.utils import translation

from cms import published
from cms.templatetags import cms_tags

pytestmark = pytest.mark.django_db

KEPT = Template(
    '{% load cms_tags %}{% cache_per_publish "sample" number %}drawn {{ number }} '
    "{{ counter.next }}{% endcache_per_publish %}"
)


class Counter:
    def __init__(self) -> None:
        self.count = 0

    def next(self) -> int:
        self.count += 1
        return self.count


def _request(**attributes):
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    for name, value in attributes.items():
        setattr(request, name, value)
    return request


def _draw(request, number: int, counter: Counter) -> str:
    return KEPT.render(Context({"request": request, "number": number, "counter": counter}))


def test_a_fragment_is_drawn_once_per_publish_for_each_value(home_page):
    counter = Counter()
    assert _draw(_request(), 1, counter) == "drawn 1 1"
    assert _draw(_request(), 1, counter) == "drawn 1 1"
    assert _draw(_request(), 2, counter) == "drawn 2 2"

    published.generation_bump()

    assert _draw(_request(), 1, counter) == "drawn 1 3"


def test_a_preview_or_a_request_without_a_generation_is_drawn_afresh(home_page, settings):
    counter = Counter()
    _draw(_request(), 1, counter)
    assert _draw(_request(is_preview=True), 1, counter) == "drawn 1 2"
    settings.PUBLISHED_CACHE_ENABLED = False
    assert _draw(_request(), 1, counter) == "drawn 1 3"
    assert _draw(_request(), 1, counter) == "drawn 1 4"


def test_a_process_fragment_is_drawn_once_and_takes_no_variable():
    template = Template(
        '{% load cms_tags %}{% cache_per_process "test-sample" %}'
        "{% url 'exit_this_page' %}{% endcache_per_process %}"
    )

    def kept() -> list:
        return [key for key in cms_tags._process_fragments if key[0] == "test-sample"]

    for key in kept():
        del cms_tags._process_fragments[key]
    assert template.render(Context()) == "/exit/"
    [key] = kept()
    cms_tags._process_fragments[key] = "kept"
    assert template.render(Context()) == "kept"
    # Each language has one of its own: its words, and its addresses' prefix, differ.
    with translation.override("cy"):
        assert template.render(Context()) == "/exit/"
    assert len(kept()) == 2
    for key in kept():
        del cms_tags._process_fragments[key]
    with pytest.raises(TemplateSyntaxError):
        Template('{% load cms_tags %}{% cache_per_process "a" b %}{% endcache_per_process %}')
    with pytest.raises(TemplateSyntaxError):
        Template("{% load cms_tags %}{% cache_per_publish %}{% endcache_per_publish %}")

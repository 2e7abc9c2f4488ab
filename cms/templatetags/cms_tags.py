from django import template
from django.template.base import FilterExpression, Node, NodeList, Parser, Token
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail.models import Page

from cms import published
from cms.selectors import breadcrumb_pages
from core import languages

register = template.Library()


@register.simple_tag(takes_context=True)
def primary_navigation(context: template.Context) -> str:
    """The menu: the home page's children shown in menus, the current one marked. Drawn once
    per publish for each section a page can be in (cms/published.py)."""
    request = context.get("request")
    page = context.get("page")
    snapshot = published.snapshot_for_request(request)
    items = snapshot.menu() if snapshot is not None else ()
    # A section is "current" for its own pages too, so visitors see where they are.
    current_path = getattr(page, "url_path", "") if isinstance(page, Page) else ""
    active = [item.id for item in items if current_path and current_path.startswith(item.url_path)]

    def draw() -> str:
        return render_to_string(
            "cms/includes/navigation.html",
            {
                "items": [{"page": item, "active": item.id in active} for item in items],
                "request": request,
            },
        )

    return mark_safe(published.fragment_for(request, "navigation", active, draw))  # noqa: S308


@register.simple_tag(takes_context=True)
def breadcrumbs(context: template.Context) -> str:
    """The pages above this one, home first; drawn once per publish for each page."""
    request = context.get("request")
    page = context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return ""

    def draw() -> str:
        snapshot = published.snapshot_for_request(request)
        ancestors = snapshot.ancestors(page.path) if snapshot is not None else None
        if ancestors is None:
            ancestors = breadcrumb_pages(page=page)
        return render_to_string("cms/includes/breadcrumbs.html", {"ancestors": ancestors})

    return mark_safe(published.fragment_for(request, "breadcrumbs", [page.pk], draw))  # noqa: S308


@register.simple_tag(takes_context=True)
def site_logo(context: template.Context) -> str:
    """The force's logo for the header, drawn once per publish (it needs a rendition)."""
    snapshot = published.snapshot_for_request(context.get("request"))
    return mark_safe(snapshot.logo_html) if snapshot is not None else ""  # noqa: S308


@register.simple_tag(takes_context=True)
def site_footer_links(context: template.Context) -> tuple:
    """The footer links of the site settings, each with its text and address."""
    snapshot = published.snapshot_for_request(context.get("request"))
    return snapshot.footer_links if snapshot is not None else ()


class CachePerPublishNode(Node):
    def __init__(self, nodelist: NodeList, name: str, vary_on: list[FilterExpression]) -> None:
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context: template.Context) -> str:
        vary_on = [expression.resolve(context) for expression in self.vary_on]
        html = published.fragment_for(
            context.get("request"), self.name, vary_on, lambda: self.nodelist.render(context)
        )
        return mark_safe(html)  # noqa: S308 (drawn by this template, escaped as it was drawn)


@register.tag("cache_per_publish")
def cache_per_publish(parser: Parser, token: Token) -> CachePerPublishNode:
    """`{% cache_per_publish "name" value ... %}...{% endcache_per_publish %}`: the fragment
    as drawn for the same values, until anything is published (cms/published.py).

    Only for what every visitor of a public page sees: nothing from the session, the user or
    the query string may be drawn inside. Previews are always drawn afresh.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a fragment name")
    name = bits[1].strip("\"'")
    nodelist = parser.parse(("endcache_per_publish",))
    parser.delete_first_token()
    return CachePerPublishNode(nodelist, name, [parser.compile_filter(bit) for bit in bits[2:]])


# Fragments that depend on nothing but the code deployed: kept for the life of the process.
_process_fragments: dict[tuple[str, str, str], str] = {}


class CachePerProcessNode(Node):
    def __init__(self, nodelist: NodeList, name: str) -> None:
        self.nodelist = nodelist
        self.name = name

    def render(self, context: template.Context) -> str:
        # Addresses start with the script prefix and the language's (/cy/), and the words are
        # drawn in the language: the things here set per request.
        key = (self.name, get_script_prefix(), translation.get_language() or "")
        html = _process_fragments.get(key)
        if html is None:
            html = _process_fragments[key] = self.nodelist.render(context)
        return html


@register.tag("cache_per_process")
def cache_per_process(parser: Parser, token: Token) -> CachePerProcessNode:
    """`{% cache_per_process "name" %}...{% endcache_per_process %}`: drawn once by each web
    process. Only for what nothing but the code decides: static file and view addresses, never
    a variable of the context. Reads neither the database nor the cache, so that the service
    pages (layout.html) can use it while either is down."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a fragment name, and only that")
    nodelist = parser.parse(("endcache_per_process",))
    parser.delete_first_token()
    return CachePerProcessNode(nodelist, bits[1].strip("\"'"))


@register.simple_tag
def html_lang() -> str:
    """The `lang` of the page: en-GB, or cy under /cy/ (core/languages.py)."""
    return languages.html_lang()


@register.simple_tag(takes_context=True)
def language_alternates(context: template.Context) -> str:
    """`<link rel="alternate" hreflang>` for this page in each language, absolute."""
    request = context.get("request")
    links = languages.alternates(request)
    return render_to_string(
        "includes/language_alternates.html",
        {"links": [(link.tag, request.build_absolute_uri(link.url)) for link in links]},
    )


@register.simple_tag(takes_context=True)
def language_select(context: template.Context) -> str:
    """GOV.UK's language select, "English | Cymraeg": a link to this page in the other
    language, no JavaScript. Nothing without a request (the service pages of an outage)."""
    links = languages.alternates(context.get("request"))
    return render_to_string("includes/language_select.html", {"links": links}) if links else ""


def _shown_in_english(context: template.Context) -> bool:
    """A Welsh page showing editors' English: a page not translated yet (wagtail-localize's
    alias of the English page, or the English page itself)."""
    if languages.language_code() != languages.WELSH:
        return False
    page = context.get("page")
    if not isinstance(page, Page):
        return True
    return not published.shows_own_translation(context.get("request"), page)


@register.simple_tag(takes_context=True)
def content_lang(context: template.Context) -> str:
    """` lang="en-GB"` on editors' content shown on a Welsh page before it is translated:
    screen readers must read it as English."""
    return mark_safe(' lang="en-GB"') if _shown_in_english(context) else ""


@register.simple_tag(takes_context=True)
def untranslated_note(context: template.Context) -> str:
    """On a Welsh page whose guidance has no Welsh version yet: a note, in Welsh, that it is
    shown in English."""
    if not _shown_in_english(context):
        return ""
    return render_to_string("cms/includes/untranslated_note.html")

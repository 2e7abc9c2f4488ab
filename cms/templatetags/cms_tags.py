from django import template
from django.template.base import FilterExpression, Node, NodeList, Parser, Token
from django.utils.safestring import mark_safe
from wagtail.models import Page

from cms import published
from cms.selectors import breadcrumb_pages

register = template.Library()


@register.inclusion_tag("cms/includes/navigation.html", takes_context=True)
def primary_navigation(context: template.Context) -> dict:
    request = context.get("request")
    page = context.get("page")
    snapshot = published.snapshot_for_request(request)
    items = snapshot.menu() if snapshot is not None else ()
    # A section is "current" for its own pages too, so visitors see where they are.
    current_path = getattr(page, "url_path", "") if isinstance(page, Page) else ""
    return {
        "items": [
            {"page": item, "active": bool(current_path) and current_path.startswith(item.url_path)}
            for item in items
        ],
    }


@register.inclusion_tag("cms/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context: template.Context) -> dict:
    page = context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"ancestors": []}
    snapshot = published.snapshot_for_request(context.get("request"))
    ancestors = snapshot.ancestors(page.path) if snapshot is not None else None
    if ancestors is None:
        ancestors = breadcrumb_pages(page=page)
    return {"ancestors": ancestors}


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
        key = published.fragment_key(context.get("request"), self.name, vary_on)
        if key is None:
            return self.nodelist.render(context)
        html = published.fragment_get(key)
        if html is None:
            html = self.nodelist.render(context)
            published.fragment_set(key, html)
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

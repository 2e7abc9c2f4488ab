from django import template
from wagtail.models import Page

from cms.selectors import breadcrumb_pages, navigation_pages

register = template.Library()


@register.inclusion_tag("cms/includes/navigation.html", takes_context=True)
def primary_navigation(context: template.Context) -> dict:
    request = context.get("request")
    page = context.get("page")
    items = navigation_pages(request=request) if request is not None else []
    # A section is "current" for its own pages too, so visitors see where they are.
    current_path = getattr(page, "url_path", "") if isinstance(page, Page) else ""
    return {
        "request": request,
        "items": [
            {"page": item, "active": bool(current_path) and current_path.startswith(item.url_path)}
            for item in items
        ],
    }


@register.inclusion_tag("cms/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context: template.Context) -> dict:
    page = context.get("page")
    ancestors = breadcrumb_pages(page=page) if isinstance(page, Page) and page.depth > 2 else []
    return {"request": context.get("request"), "ancestors": ancestors}

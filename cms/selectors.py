"""Reads for the public pages. Each returns in a fixed number of queries, whatever the size
of the tree, so a page's cost does not grow with the menu or the content."""

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.http import HttpRequest
from wagtail.models import Page, Site

SEARCH_RESULTS_PER_PAGE = 10


def section_children(*, section: Page) -> list[Page]:
    """A section's live public pages, as their specific types (one query per page type)."""
    return list(section.get_children().live().public().specific())


def navigation_pages(*, request: HttpRequest) -> list[Page]:
    """The pages the header's navigation lists: the home page's children shown in menus."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    root = site.root_page
    return list(Page.objects.child_of(root).live().public().in_menu())


def breadcrumb_pages(*, page: Page) -> list[Page]:
    """The pages above this one that visitors can open, home first."""
    return list(page.get_ancestors().filter(depth__gt=1))


def guidance_search(*, request: HttpRequest, query: str, page_number: str | int) -> PaginatorPage:
    """Live public pages of this site that match the query, best match first."""
    site = Site.find_for_request(request)
    pages = Page.objects.live().public()
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    results = pages.search(query) if query else Page.objects.none()
    return Paginator(results, SEARCH_RESULTS_PER_PAGE).get_page(page_number)

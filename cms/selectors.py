"""Reads for the public pages. Each returns in a fixed number of queries, whatever the size
of the tree, so a page's cost does not grow with the menu or the content. Most are read from
the site snapshot (cms/published.py); these are for what it does not hold."""

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.http import HttpRequest
from wagtail.models import Page, Site

from . import published

SEARCH_RESULTS_PER_PAGE = 10
SEARCH_RESULTS_LIMIT = 1000


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
    """Live public pages of this site that match the query, best match first, in one query:
    the site and its view restrictions are read from the snapshot, and every match is read at
    once (a guidance site has some hundreds of pages at most; SEARCH_RESULTS_LIMIT bounds it)
    and paged here, instead of a count and a page of results, each a query the search backend
    takes longer to build than the database takes to answer."""
    snapshot = published.snapshot_for_request(request)
    # The snapshot has the rest of what a result shows.
    pages = Page.objects.live().only("path", "content_type")
    if snapshot is not None:
        pages = pages.filter(snapshot.public_q(), path__startswith=snapshot.root_path)
    else:
        pages = pages.public()
        if (site := Site.find_for_request(request)) is not None:
            pages = pages.descendant_of(site.root_page, inclusive=True)
    results = list(pages.search(query)[:SEARCH_RESULTS_LIMIT]) if query else []
    return Paginator(results, SEARCH_RESULTS_PER_PAGE).get_page(page_number)


def search_result_entries(*, request: HttpRequest, results: PaginatorPage) -> list:
    """Title, address and description of each result, from the snapshot; a page it does not
    hold (published a moment ago) is read from the database."""
    snapshot = published.snapshot_for_request(request)
    entries = []
    for result in results:
        entry = snapshot.by_path.get(result.path) if snapshot is not None else None
        if entry is None:
            specific = result.specific
            introduction = getattr(specific, "introduction", "")
            entry = {
                "url": specific.get_url(request),
                "title": specific.title,
                "description": specific.search_description or introduction,
            }
        entries.append(entry)
    return entries

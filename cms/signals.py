"""Drop the stored copies of public pages, and what they are drawn from, whenever anything
they show changes.

Every page shows the site settings and the menu, and a page may show other pages' titles,
organisations' details, images and documents: one change can touch any page, so all copies
go at once, and the published generation (cms/published.py: the menu, settings and drawn
page content kept per publish) is replaced. Only after the transaction commits: a publish
that rolls back keeps them, and a request served between the clearing and the commit would
otherwise store the old content again.
"""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.page_cache import page_cache_clear

from .published import generation_bump

DISPATCH_UID = "cms.page_cache_clear"


def published_content_changed() -> None:
    """A new generation first, so that a page stored from here on was drawn from the new
    content; then the stored copies go."""
    generation_bump()
    page_cache_clear()


def page_cache_clear_on_commit(**kwargs: Any) -> None:
    transaction.on_commit(published_content_changed)


def page_cache_receivers_connect() -> None:
    from .models import Organisation, SiteSettings

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(page_cache_clear_on_commit, dispatch_uid=DISPATCH_UID)
    # With a sender only: a receiver for every model would slow down every bulk delete.
    post_delete.connect(page_cache_clear_on_commit, sender=Page, dispatch_uid=DISPATCH_UID)
    for model in (
        SiteSettings,
        Organisation,
        # A redirect answers only where a page is missing, but a stored copy would still be
        # answered first.
        Redirect,
        # A new view restriction must take a page out of public view at once.
        PageViewRestriction,
        Site,
        # A replaced logo or file loses its old renditions and addresses.
        get_image_model(),
        get_document_model(),
    ):
        for signal in (post_save, post_delete):
            signal.connect(page_cache_clear_on_commit, sender=model, dispatch_uid=DISPATCH_UID)

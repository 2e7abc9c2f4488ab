from django.db import transaction
from wagtail.models import Page, Site

from .models import HomePage, SiteSettings

HOME_INTRODUCTION = (
    "How people convicted of sexual or violent offences are managed in the community, "
    "how to tell us about a concern, and how to ask whether someone poses a risk."
)


@transaction.atomic
def starter_home_page_ensure(*, force_name: str = "Example Police") -> HomePage:
    """Make the portal's home page the default site's root, once. Safe to run again."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's install leaves a placeholder welcome page at the root; it goes.
        for placeholder in root.get_children().exact_type(Page):
            placeholder.delete()
        home = root.add_child(
            instance=HomePage(
                title="Protecting the public from sexual and violent offenders",
                slug="home",
                introduction=HOME_INTRODUCTION,
            )
        )
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=force_name,
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save(update_fields=["root_page"])
    SiteSettings.objects.get_or_create(site=site, defaults={"force_name": force_name})
    return home

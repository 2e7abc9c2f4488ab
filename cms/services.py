from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from core.languages import WELSH

from .models import (
    GuidancePage,
    HomePage,
    Organisation,
    SectionPage,
    SiteSettings,
    StandardPage,
    StartPage,
)
from .signals import published_content_changed
from .starter_content import (
    FOOTER_LINK_KEYS,
    ORGANISATIONS,
    STARTER_PAGES,
    Refs,
    StarterPage,
)
from .starter_content_cy import WELSH_STARTER_PAGES, WelshStarterPage

HOME_INTRODUCTION = (
    "How people convicted of sexual or violent offences are managed in the community, "
    "how to tell us about a concern, and how to ask whether someone poses a risk."
)


@transaction.atomic
def starter_home_page_ensure(*, force_name: str = "Example Police") -> HomePage:
    """Make the portal's home page the default site's root, once. Safe to run again."""
    # The English home: the Welsh one beside it is its translation.
    home = HomePage.objects.filter(locale=Locale.get_default(), alias_of__isnull=True).first()
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


MODERATION_WORKFLOW_NAME = "Editor review, then approval"
EDITORS_GROUP = "Editors"
APPROVERS_GROUP = "Moderators"

PAGE_MODELS: dict[str, type[Page]] = {
    "section": SectionPage,
    "guidance": GuidancePage,
    "start": StartPage,
    "standard": StandardPage,
}


@dataclass(frozen=True)
class StarterContentResult:
    home: HomePage
    pages_created: int
    pages_updated: int
    pages_total: int
    welsh_pages_changed: int = 0


@transaction.atomic
def untouched_by_editors(page: Page) -> bool:
    """Whether every revision of a page was made by the starter content, none by a person:
    only such a page may be brought up to date with new starter wording."""
    return page.live and not page.revisions.filter(user__isnull=False).exists()


def _without_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _without_ids(item) for key, item in value.items() if key != "id"}
    if isinstance(value, list):
        return [_without_ids(item) for item in value]
    return value


def _same_stream(field_value: Any, raw: list[dict]) -> bool:
    """A page's stream and starter blocks hold the same content, whatever their block ids."""
    wanted = field_value.stream_block.to_python(raw)
    return _without_ids(list(field_value.get_prep_value())) == _without_ids(
        list(field_value.stream_block.get_prep_value(wanted))
    )


def _starter_update(page: Page, spec: StarterPage, refs: Refs) -> bool:
    """Bring a page that no editor has touched up to the starter wording; True if it changed."""
    changes = {
        "title": spec.title,
        "introduction": spec.introduction,
        "search_description": spec.introduction,
        **spec.extra,
    }
    changed = False
    for name, value in changes.items():
        if getattr(page, name) != value:
            setattr(page, name, value)
            changed = True
    if spec.body is not None:
        field_name = "related_links" if spec.page_type == "start" else "body"
        raw = spec.body(refs)
        if not _same_stream(getattr(page, field_name), raw):
            setattr(page, field_name, raw)
            changed = True
    if changed:
        page.save_revision().publish()
    return changed


def starter_content_ensure(*, force_name: str = "Example Police") -> StarterContentResult:
    """Create whatever starter guidance is missing, and bring pages that no editor has ever
    changed up to the current starter wording.

    A page is matched by its slug under its parent. A page with any revision made by a
    person, or unpublished, is never touched: editors' changes are never overwritten, and
    pages moved elsewhere are not recreated in place.
    """
    home = starter_home_page_ensure(force_name=force_name)
    organisations = organisations_ensure()

    pages: dict[str, Page] = {}
    created: list[tuple[StarterPage, Page]] = []
    for spec in STARTER_PAGES:
        parent = home if spec.parent is None else pages[spec.parent]
        existing = parent.get_children().filter(slug=spec.slug).specific().first()
        if existing is not None:
            pages[spec.key] = existing
            continue
        page = PAGE_MODELS[spec.page_type](
            title=spec.title,
            slug=spec.slug,
            introduction=spec.introduction,
            search_description=spec.introduction,
            show_in_menus=spec.show_in_menus,
            live=False,
            **spec.extra,
        )
        # Bodies link to pages that may not exist yet, so they are filled in below, once
        # every page has an id; until then a required body holds the introduction.
        if spec.page_type in ("guidance", "standard"):
            page.body = [{"type": "paragraph", "value": f"<p>{spec.introduction}</p>"}]
        parent.add_child(instance=page)
        pages[spec.key] = page
        created.append((spec, page))

    refs = Refs(pages={key: page.pk for key, page in pages.items()}, organisations=organisations)
    for spec, page in created:
        if spec.body is not None:
            field_name = "related_links" if spec.page_type == "start" else "body"
            setattr(page, field_name, spec.body(refs))
        page.save_revision().publish()
    new_pages = {page.pk for _spec, page in created}
    updated = sum(
        1
        for spec in STARTER_PAGES
        if pages[spec.key].pk not in new_pages
        and untouched_by_editors(pages[spec.key])
        and _starter_update(pages[spec.key], spec, refs)
    )

    if not home.body or (
        untouched_by_editors(home) and not _same_stream(home.body, _home_body(refs))
    ):
        home.body = _home_body(refs)
        home.save_revision().publish()
    _footer_links_ensure(home=home, refs=refs)
    moderation_workflow_ensure(page=home)
    welsh_changed = welsh_starter_content_ensure(
        english={"home": home, **pages}, organisations=organisations
    )
    return StarterContentResult(
        home=home,
        pages_created=len(created),
        pages_updated=updated,
        pages_total=len(pages),
        welsh_pages_changed=welsh_changed,
    )


def welsh_tree_synchronise() -> int:
    """Give every English page without a Welsh version a Welsh alias, parents first, so that
    the Welsh tree mirrors the English one and editors can translate any page from it.

    wagtail-localize does this itself only for pages created in the admin; this catches the
    rest (the starter content, pages from before the Welsh locale existed). Idempotent: pages
    that already have a Welsh version, alias or translation, are left alone. Returns how many
    aliases were made."""
    from wagtail_localize.models import LocaleSynchronization
    from wagtail_localize.synctree import synchronize_tree

    before = Page.objects.count()
    for synchronization in LocaleSynchronization.objects.select_related("locale", "sync_from"):
        synchronize_tree(synchronization.sync_from, synchronization.locale)
    made = Page.objects.count() - before
    if made:
        transaction.on_commit(published_content_changed)
    return made


def _welsh_starter_fields(page: Page, spec: WelshStarterPage, refs: Refs) -> dict[str, Any]:
    fields = {
        "title": spec.title,
        "introduction": spec.introduction,
        "search_description": spec.introduction,
        **spec.extra,
    }
    if spec.body is not None:
        fields["related_links" if isinstance(page, StartPage) else "body"] = spec.body(refs)
    return fields


def welsh_starter_content_ensure(*, english: dict[str, Page], organisations: dict[str, int]) -> int:
    """Welsh translations of the starter pages in WELSH_STARTER_PAGES, made from their Welsh
    aliases; the other pages stay aliases of the English until an editor translates them.

    Like the English, a Welsh page that an editor has changed is never touched, and running
    again changes nothing: each page has one Welsh version, found by its translation key.
    Returns how many Welsh pages were translated or brought up to date."""
    welsh = Locale.objects.filter(language_code=WELSH).first()
    if welsh is None:
        return 0
    welsh_tree_synchronise()
    counterparts: dict[str, Page] = {}
    for key, page in english.items():
        found = page.get_translation_or_none(welsh)
        counterparts[key] = found.specific if found is not None else page
    # Links go to the Welsh pages: translations, or aliases showing the English.
    refs = Refs(
        pages={key: page.pk for key, page in counterparts.items()}, organisations=organisations
    )
    changed = 0
    for spec in WELSH_STARTER_PAGES:
        page = counterparts.get(spec.key)
        if page is None or page.locale_id != welsh.pk:
            continue
        if page.alias_of_id is None and not untouched_by_editors(page):
            continue
        if _welsh_starter_write(page, _welsh_starter_fields(page, spec, refs)):
            changed += 1
    return changed


@transaction.atomic
def _welsh_starter_write(page: Page, fields: dict[str, Any]) -> bool:
    """Write the Welsh wording into a Welsh page, first making an alias a page of its own
    (what wagtail-localize's "Translate this page" does to an alias); True if it changed."""
    changed = page.alias_of_id is not None
    if changed:
        Page.objects.filter(pk=page.pk).update(alias_of=None)
        page.alias_of_id = None
    for name, value in fields.items():
        current = getattr(page, name)
        same = (
            _same_stream(current, value) if hasattr(current, "stream_block") else (current == value)
        )
        if not same:
            setattr(page, name, value)
            changed = True
    if changed:
        page.save_revision().publish()
    return changed


def _home_body(refs: Refs) -> list[dict]:
    return [
        {"type": "heading", "value": {"text": "Ask whether someone poses a risk", "size": "h2"}},
        {
            "type": "paragraph",
            "value": "<p>Under Sarah's Law you can ask whether someone who has contact with a "
            "child has convictions for sexual offences against children. Under Clare's Law "
            "you can ask whether a partner has a history of abuse or violence.</p>",
        },
        {"type": "call_to_action", "value": {"page": refs.pages["sarahs_law_start"], "text": ""}},
        {"type": "call_to_action", "value": {"page": refs.pages["clares_law_start"], "text": ""}},
        {
            "type": "inset_text",
            "value": "<p>Worried someone may see that you visited this site? Read about "
            # A page link by id, so it follows the page if editors move it.
            f'<a linktype="page" id="{refs.pages["staying_safe"]}">staying safe while using '
            "this site</a>.</p>",
        },
    ]


def _footer_links_ensure(*, home: HomePage, refs: Refs) -> None:
    site_settings = SiteSettings.for_site(home.get_site())
    if site_settings.footer_links:
        return
    site_settings.footer_links = [
        {"type": "link", "value": {"text": "", "page": refs.pages[key], "url": ""}}
        for key in FOOTER_LINK_KEYS
    ]
    site_settings.save(update_fields=["footer_links"])


def organisations_ensure() -> dict[str, int]:
    """The starter signposting organisations, by key. Existing ones keep their edits."""
    ids = {}
    for key, fields in ORGANISATIONS.items():
        organisation, _ = Organisation.objects.get_or_create(
            name=fields["name"], defaults={k: v for k, v in fields.items() if k != "name"}
        )
        ids[key] = organisation.pk
    return ids


@transaction.atomic
def moderation_workflow_ensure(*, page: Page) -> Workflow:
    """Two-step moderation for the whole tree under `page`: an editor reviews, then an
    approver publishes. Runs once; an existing assignment of another workflow is kept,
    since that is an editorial decision."""
    editors, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    approvers, _ = Group.objects.get_or_create(name=APPROVERS_GROUP)
    workflow, created = Workflow.objects.get_or_create(name=MODERATION_WORKFLOW_NAME)
    if created:
        for order, (name, group) in enumerate(
            [("Editor review", editors), ("Approval to publish", approvers)]
        ):
            task, _ = GroupApprovalTask.objects.get_or_create(name=name)
            task.groups.add(group)
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": workflow})
    return workflow

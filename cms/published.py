"""What every public page shows of the site, read from the database once per publish.

Every public page, the journeys' question pages included, shows the site settings (the
force's name and numbers, the logo, the footer links) and the menu; guidance pages also show
breadcrumbs and lists of other pages, and their body is the same for every visitor until
something is published. Read and drawn afresh on every request that cost more than the rest
of the page (docs/performance.md, "Uncached pages and question pages"), so:

- **The generation**: a random token in the default (shared) cache, replaced whenever
  anything the public pages show changes (cms/signals.py, after the transaction commits). It
  names everything kept below, so a change shows at once in every web process, nothing has
  to be found and deleted, and a page drawn from data read before a change is kept under the
  generation it read, which nobody asks for again.
- **The site snapshot** (`SiteSnapshot`): the site and its settings, the footer links, the
  logo's markup and a directory of the site's pages (title, address, tree path, description,
  whether live and public), built once per generation in each web process and kept in its
  memory; and each live page as read from the database, the first time it is asked for
  (pickled, so that every request gets an instance of its own). The site lookup, page
  routing, view restriction checks, menu, breadcrumbs, section lists and search results are
  read from it instead of the database.
- **Fragments**: the drawn content of each page, the header, menu, breadcrumbs and footer, in
  the default cache (Redis, shared) under the generation (`{% cache_per_publish %}` in
  cms_tags), each for PUBLIC_PAGE_CACHE_SECONDS at most, so that those of past generations go
  by themselves; and in the snapshot, so that a process reads each from Redis once.

Nothing personal is kept: only what any stranger is shown on the public pages. Previews
(drafts) are never kept nor served from here. With PUBLISHED_CACHE_ENABLED off (as in most
tests) the snapshot is built for each request and nothing is kept. While Redis cannot be
reached, each process keeps to a generation of its own for OUTAGE_SECONDS (a change published
meanwhile shows within them). Without Redis at all (the in-memory cache of `make run`) the
generation lives in each process and expires after PUBLIC_PAGE_CACHE_SECONDS, like the page
cache's copies.
"""

import pickle
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from uuid import uuid4

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db.models import Q
from django.http import HttpRequest
from django.http.request import split_domain_port
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, PageViewRestriction, Revision, Site

GENERATION_KEY = "cms:published-generation"
_REQUEST_SNAPSHOT = "_cms_site_snapshot"
_REQUEST_GENERATION = "_cms_published_generation"
# Snapshots kept by this process: one for each host name, port and language the site is asked
# for (pages' addresses carry the language's prefix: /cy/ for Welsh).
_MEMO_LIMIT = 32
# While the shared cache is unreachable, each process keeps to a generation of its own for this
# long: a change published meanwhile shows within it, and the cache is tried again after it.
OUTAGE_SECONDS = 10
_outage_generation: tuple[float, str] | None = None
# Characters of drawn fragments each snapshot keeps in this process; past it, fragments are
# read from the shared cache each time.
_FRAGMENT_MEMO_CHARS = 1_000_000
_memo: dict[tuple[str, int | str, str], tuple[str, "SiteSnapshot"]] = {}


# --- The generation --------------------------------------------------------------------------


def _lifetime() -> int:
    return settings.PUBLIC_PAGE_CACHE_SECONDS


def generation_bump() -> None:
    """Everything kept under the current generation is forgotten, in every process."""
    global _outage_generation
    _outage_generation = None
    if _lifetime() > 0:
        caches["default"].set(GENERATION_KEY, uuid4().hex, _lifetime())


def _generation_read() -> str | None:
    global _outage_generation
    if not getattr(settings, "PUBLISHED_CACHE_ENABLED", True) or _lifetime() <= 0:
        return None
    now = time.monotonic()
    if _outage_generation is not None and now - _outage_generation[0] < OUTAGE_SECONDS:
        return _outage_generation[1]
    cache = caches["default"]
    value = cache.get(GENERATION_KEY)
    if value is None:
        token = uuid4().hex
        # Another process may add one first: then that one is the generation.
        added = cache.add(GENERATION_KEY, token, _lifetime())
        value = token if added else cache.get(GENERATION_KEY)
    if value is None:
        # The cache cannot be reached (the calls fail quietly): a generation of this process's
        # own, for OUTAGE_SECONDS, rather than the whole site read for every request.
        _outage_generation = (now, f"outage-{uuid4().hex}")
        return _outage_generation[1]
    _outage_generation = None
    return value


def generation_for(request: HttpRequest | None) -> str | None:
    """The generation this request reads, read once: None keeps nothing."""
    if request is None:
        return None
    if not hasattr(request, _REQUEST_GENERATION):
        setattr(request, _REQUEST_GENERATION, _generation_read())
    return getattr(request, _REQUEST_GENERATION)


# --- The site snapshot -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PageEntry:
    """One page of the site as links, menus and search results show it."""

    id: int
    content_type_id: int
    path: str
    depth: int
    url_path: str
    url: str
    title: str
    live: bool
    public: bool
    show_in_menus: bool
    introduction: str
    description: str
    journey: str


@dataclass(frozen=True, slots=True)
class FooterLink:
    text: str
    url: str


@dataclass(frozen=True)
class SiteSnapshot:
    site_id: int
    root_path: str
    site_pickle: bytes
    settings_model: type
    # The locale of the language the snapshot is drawn in (None: no such locale).
    locale_id: int | None
    settings_values: tuple[tuple[str, Any], ...]
    logo_html: str
    footer_links: tuple[FooterLink, ...]
    restricted_paths: tuple[str, ...]
    by_url_path: dict[str, PageEntry]
    by_path: dict[str, PageEntry]
    _children: dict[str, tuple[PageEntry, ...]] = field(repr=False)
    # Pages of that locale whose live content is their own (shows_own_translation).
    _own_words: frozenset[int] = field(default_factory=frozenset, repr=False)
    # Live pages read for this generation, pickled (page below).
    _pages: dict[int, bytes] = field(default_factory=dict, repr=False)
    # Fragments drawn for this generation, kept by this process too (fragment_for below).
    _fragments: dict[str, str] = field(default_factory=dict, repr=False)

    def site(self) -> Site:
        """The site, its root page already in its specific type, as Wagtail's routing asks
        for it (site.root_page.specific): an instance for this request alone."""
        return pickle.loads(self.site_pickle)  # noqa: S301 (pickled by this process)

    def page(self, entry: PageEntry) -> Page | None:
        """The live page of a directory entry in its specific type: read from the database
        the first time it is asked for in this generation (one query), then from this
        process's copy. None if it is no longer live."""
        kept = self._pages.get(entry.id)
        if kept is not None:
            return pickle.loads(kept)  # noqa: S301 (pickled by this process)
        model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
        page = model.objects.filter(pk=entry.id, live=True).first() if model else None
        if page is not None:
            self._pages[entry.id] = pickle.dumps(page, pickle.HIGHEST_PROTOCOL)
        return page

    def shows_own_translation(self, page: Page) -> bool:
        """Whether this page's live content is written in the snapshot's language: a page of
        its locale publishing words of its own (_own_words), not an alias showing an English
        page's (what wagtail-localize puts in the Welsh tree until a page is translated), nor
        one an editor has started translating but not yet published, nor an English page
        shown in its stead."""
        return page.alias_of_id is None and page.pk in self._own_words

    def site_settings(self):
        """A fresh settings instance, as if just read from the database."""
        names = [name for name, _value in self.settings_values]
        values = [value for _name, value in self.settings_values]
        return self.settings_model.from_db("default", names, values)

    def is_public(self, path: str) -> bool:
        """Whether a page at this tree path is shown to anyone: no view restriction on it or
        above it (Wagtail's check_view_restrictions would otherwise ask for a password, a
        sign-in or a group)."""
        return not any(path.startswith(restricted) for restricted in self.restricted_paths)

    def public_q(self) -> Q:
        """PageQuerySet.public() without its query of the restrictions."""
        condition = Q()
        for restricted in self.restricted_paths:
            condition &= ~Q(path__startswith=restricted)
        return condition

    def children(self, path: str) -> tuple[PageEntry, ...]:
        """The live, public pages directly under the page at `path`, in the tree's order."""
        return self._children.get(path, ())

    def menu(self) -> tuple[PageEntry, ...]:
        return tuple(entry for entry in self.children(self.root_path) if entry.show_in_menus)

    def ancestors(self, path: str) -> list[PageEntry] | None:
        """The pages above the page at `path`, the site's home first; None when one of them is
        not in this site."""
        found = []
        for depth in range(len(self.root_path) // Page.steplen, len(path) // Page.steplen):
            entry = self.by_path.get(path[: depth * Page.steplen])
            if entry is None:
                return None
            found.append(entry)
        return found

    def start_url(self, journey: str) -> str | None:
        """The first live, public start page of a journey in this site."""
        for entry in self.by_path.values():
            if entry.journey == journey and entry.live and entry.public:
                return entry.url
        return None


def _settings_values(instance) -> tuple[tuple[str, Any], ...]:
    values = []
    for model_field in type(instance)._meta.concrete_fields:
        value = model_field.value_from_object(instance)
        if hasattr(value, "raw_data"):  # a StreamField: its stored form, read again on use
            value = model_field.get_prep_value(value)
        values.append((model_field.attname, value))
    return tuple(values)


def _footer_links(site_settings, request: HttpRequest | None) -> tuple[FooterLink, ...]:
    links = []
    for link in site_settings.footer_links:
        page = link.value.get("page")
        # The page in the language the snapshot is drawn in (its Welsh alias or translation
        # under /cy/), as the links are chosen among English pages.
        page = page.localized if page is not None else None
        url = page.get_url(request) if page is not None else link.value.get("url") or ""
        text = link.value.get("text") or (page.title if page is not None else "")
        links.append(FooterLink(text=text, url=url or ""))
    return tuple(links)


# The directory's fields, read without building every page: those of every page, then those
# of the page types that have them.
_PAGE_FIELDS = ("id", "content_type_id", "locale_id", "path", "depth", "url_path", "title")
_PAGE_FIELDS += ("alias_of_id", "live_revision_id")
_PAGE_FIELDS += ("live", "show_in_menus", "search_description")
_TYPE_FIELDS = ("introduction", "journey")


def _page_rows(root: Page) -> list[dict]:
    """Every page of the site as a row: one query for the pages, and one for each page type
    with an introduction or a journey."""
    rows = list(
        Page.objects.descendant_of(root, inclusive=True).order_by("path").values(*_PAGE_FIELDS)
    )
    by_type: dict[int, list[dict]] = {}
    for row in rows:
        by_type.setdefault(row["content_type_id"], []).append(row)
    for content_type_id, typed in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        names = [
            name
            for name in _TYPE_FIELDS
            if model is not None and any(f.name == name for f in model._meta.concrete_fields)
        ]
        if not names:
            continue
        found = {
            values["pk"]: values
            for values in model.objects.filter(pk__in=[row["id"] for row in typed]).values(
                "pk", *names
            )
        }
        for row in typed:
            row.update({name: found.get(row["id"], {}).get(name) for name in names})
    return rows


def _address(row: dict, *, root_url_path: str) -> str:
    """What Page.get_url(request) gives a page of the snapshot's tree (Page.get_url_parts):
    the wagtail_serve address, in the active language, of its path below the tree's home,
    without building the page. The tree is the active language's (the Welsh home's under
    /cy/), or the English one while Welsh has no published home: then the English pages are
    given their /cy/ addresses, where they are shown in English."""
    if not row["url_path"].startswith(root_url_path):
        return ""
    address = reverse("wagtail_serve", args=(row["url_path"][len(root_url_path) :],))
    if not getattr(settings, "WAGTAIL_APPEND_SLASH", True) and address != "/":
        address = address.rstrip("/")
    return address


def _entry(row: dict, *, root_url_path: str, restricted: tuple[str, ...]) -> PageEntry:
    introduction = row.get("introduction") or ""
    return PageEntry(
        id=row["id"],
        content_type_id=row["content_type_id"],
        path=row["path"],
        depth=row["depth"],
        url_path=row["url_path"],
        url=_address(row, root_url_path=root_url_path),
        title=row["title"],
        live=row["live"],
        public=not any(row["path"].startswith(path) for path in restricted),
        show_in_menus=row["show_in_menus"],
        introduction=introduction,
        description=row["search_description"] or introduction,
        journey=row.get("journey") or "",
    )


def _restricted_paths() -> tuple[str, ...]:
    """Tree paths of the pages with a view restriction, and of their aliases: Wagtail holds
    an alias (a Welsh page not yet translated) to its original's restrictions, and so every
    page below the alias too."""
    restricted = list(PageViewRestriction.objects.values_list("page_id", "page__path"))
    paths = [path for _id, path in restricted]
    if restricted:
        aliases = Page.objects.filter(alias_of_id__in=[page_id for page_id, _path in restricted])
        paths += aliases.values_list("path", flat=True)
    return tuple(paths)


def _own_words(rows: list[dict], locale_id: int | None) -> frozenset[int]:
    """The pages of this locale whose live revision is one of their own, in one query.

    An alias's live content is the English page's, and so is that of a page an editor has
    asked wagtail-localize to translate, until the translation is published: Wagtail copies
    the original's content, live revision included, into the alias, and wagtail-localize
    makes the alias a page of its own with the translation as a draft."""
    candidates = {
        row["live_revision_id"]: row["id"]
        for row in rows
        if row["locale_id"] == locale_id and row["alias_of_id"] is None and row["live_revision_id"]
    }
    if not candidates:
        return frozenset()
    revisions = Revision.objects.filter(pk__in=candidates).values_list("pk", "object_id")
    return frozenset(
        candidates[pk] for pk, object_id in revisions if object_id == str(candidates[pk])
    )


def _active_locale_id() -> int | None:
    try:
        language = get_supported_content_language_variant(_language())
    except LookupError:
        return None
    return Locale.objects.filter(language_code=language).values_list("id", flat=True).first()


def snapshot_build(*, site: Site, request: HttpRequest | None) -> SiteSnapshot:
    """Read what the public pages show of a site in the active language: a query for the
    restrictions (two with any), one for the locale, two for the home page and its
    translation, one for the pages and one for each page type, one for which pages publish
    words of their own, one for the settings and their footer links' pages (and each one's
    translation), and the logo's rendition. Pages themselves are read when
    first asked for (SiteSnapshot.page).

    The pages are those of the active language's tree: under /cy/ the Welsh home's, whose
    pages are translations or, until translated, wagtail-localize's aliases of the English;
    the English tree while Welsh has no published home page."""
    settings_model = apps.get_model("cms", "SiteSettings")
    restricted = _restricted_paths()
    home = site.root_page.specific
    root = home.localized.specific
    # Wagtail's routing asks the site's home for its translation (Page.route_for_request,
    # two queries a request): it is kept with the site.
    home._localized_home = root
    rows = _page_rows(root)
    locale_id = _active_locale_id()
    entries = [_entry(row, root_url_path=root.url_path, restricted=restricted) for row in rows]
    site.root_page = home
    children: dict[str, list[PageEntry]] = {}
    for entry in entries:
        if entry.live and entry.public and entry.depth > root.depth:
            children.setdefault(entry.path[: -Page.steplen], []).append(entry)
    site_settings = settings_model.for_site(site)
    logo = getattr(site_settings, "logo", None)
    logo_html = render_to_string("cms/includes/logo.html", {"logo": logo}) if logo else ""
    return SiteSnapshot(
        site_id=site.pk,
        root_path=root.path,
        site_pickle=pickle.dumps(site, pickle.HIGHEST_PROTOCOL),
        settings_model=settings_model,
        locale_id=locale_id,
        settings_values=_settings_values(site_settings),
        logo_html=logo_html.strip(),
        footer_links=_footer_links(site_settings, request),
        restricted_paths=restricted,
        by_url_path={entry.url_path: entry for entry in entries},
        by_path={entry.path: entry for entry in entries},
        _children={path: tuple(found) for path, found in children.items()},
        _own_words=_own_words(rows, locale_id),
    )


def _host_key(request: HttpRequest) -> tuple[str, int | str, str]:
    # As Wagtail matches a request to a site (Site.find_for_request): host name and port; and
    # the language, as every address in the snapshot is drawn in it.
    return (
        split_domain_port(request._get_raw_host())[0],
        request.get_port(),
        _language(),
    )


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def snapshot_for_request(request: HttpRequest | None) -> SiteSnapshot | None:
    """The snapshot of the request's site: this process's copy while the generation stands,
    else built now. None when no site answers the request's host."""
    if request is None:
        return None
    if hasattr(request, _REQUEST_SNAPSHOT):
        return getattr(request, _REQUEST_SNAPSHOT)
    # The generation is read before anything else, so a snapshot is never kept under a
    # generation newer than what it was built from.
    generation = generation_for(request)
    key = _host_key(request)
    kept = _memo.get(key) if generation is not None else None
    if kept is not None and kept[0] == generation:
        snapshot = kept[1]
    else:
        site = Site.find_for_request(request)
        snapshot = snapshot_build(site=site, request=request) if site is not None else None
        if generation is not None and snapshot is not None:
            if len(_memo) >= _MEMO_LIMIT:
                _memo.clear()
            _memo[key] = (generation, snapshot)
    setattr(request, _REQUEST_SNAPSHOT, snapshot)
    return snapshot


# --- Fragments -------------------------------------------------------------------------------


def shows_own_translation(request: HttpRequest | None, page: Page) -> bool:
    """Whether a page's content is in the request's language (SiteSnapshot's method), read
    from the database only for a request without a snapshot."""
    snapshot = snapshot_for_request(request)
    if snapshot is not None:
        return snapshot.shows_own_translation(page)
    row = {
        "id": page.pk,
        "locale_id": page.locale_id,
        "alias_of_id": page.alias_of_id,
        "live_revision_id": page.live_revision_id,
    }
    return page.pk in _own_words([row], _active_locale_id())


def fragment_key(request: HttpRequest | None, name: str, vary_on: Iterable[Any]) -> str | None:
    """Where a drawn fragment of a public page is kept for this generation; None when it must
    be drawn afresh: no generation, no site, or a preview (a draft, for staff only)."""
    if request is None or getattr(request, "is_preview", False):
        return None
    generation = generation_for(request)
    snapshot = snapshot_for_request(request)
    if generation is None or snapshot is None:
        return None
    parts = ":".join(str(value) for value in vary_on)
    # The language: a fragment's words and addresses are drawn in it.
    return f"cms:fragment:{generation}:{snapshot.site_id}:{_language()}:{name}:{parts}"


def fragment_for(request: HttpRequest | None, name: str, vary_on: Iterable[Any], draw) -> str:
    """The fragment `name` for these values as drawn by `draw()`: from this process's copy,
    else the shared cache, else drawn now and kept in both; always drawn afresh when
    fragment_key says so."""
    key = fragment_key(request, name, vary_on)
    if key is None:
        return draw()
    kept = snapshot_for_request(request)._fragments
    html = kept.get(key)
    if html is None:
        html = caches["default"].get(key)
        if html is None:
            html = str(draw())
            caches["default"].set(key, html, _lifetime())
        if sum(map(len, kept.values())) + len(html) <= _FRAGMENT_MEMO_CHARS:
            kept[key] = html
    return html

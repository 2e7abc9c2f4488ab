from django.conf import settings
from django.db import models
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page, PageViewRestriction
from wagtail.search import index
from wagtail.snippets.models import register_snippet
from wagtail.url_routing import RouteResult

from . import published
from .blocks import GuidanceStreamBlock, LinkBlock, RelatedLinksBlock, StandardStreamBlock
from .constants import JOURNEY_PATHS, Journey
from .selectors import section_children


def journey_url(journey: str) -> str:
    """Where a journey starts, in the language of the page that links to it: a Welsh page's
    start button leads to the Welsh questions (/cy/apply/...)."""
    language = translation.get_language()
    # The paths are English ones: read as English, then written in the page's language.
    with translation.override(settings.LANGUAGE_CODE):
        return translate_url(JOURNEY_PATHS[journey], language)


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What the public pages say about the force running them, and how to leave in a hurry."""

    force_name = models.CharField(max_length=120, default="Example Police")
    unit_name = models.CharField(
        max_length=120,
        default="Public Protection Unit",
        help_text="As the force names it: SOMU, VSOM, PPU.",
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown in the header next to the force's name. Leave empty for the name alone.",
    )
    emergency_number = models.CharField(max_length=20, default="999")
    non_emergency_number = models.CharField(max_length=20, default="101")
    textphone_number = models.CharField(max_length=20, default="18001 101")
    emergency_sms_help_url = models.URLField(
        default="https://www.emergencysms.net/",
        help_text="Where people who cannot speak on the phone register for emergencySMS.",
    )
    exit_page_url = models.URLField(
        "Exit this page destination",
        default="https://www.bbc.co.uk/weather",
        help_text="A neutral site that 'Exit this page' sends visitors to.",
    )
    footer_links = StreamField(
        [("link", LinkBlock())],
        blank=True,
        help_text="Privacy notice, accessibility statement, cookies and the like.",
    )

    # The header shows the logo on every public page: fetch it with the settings.
    select_related = ["logo"]

    panels = [
        MultiFieldPanel(
            [FieldPanel("force_name"), FieldPanel("unit_name"), FieldPanel("logo")], "The force"
        ),
        MultiFieldPanel(
            [
                FieldPanel("emergency_number"),
                FieldPanel("non_emergency_number"),
                FieldPanel("textphone_number"),
                FieldPanel("emergency_sms_help_url"),
            ],
            "Contact numbers",
        ),
        FieldPanel("exit_page_url"),
        FieldPanel("footer_links"),
    ]

    class Meta:
        verbose_name = "Site settings"

    @classmethod
    def for_request(cls, request: HttpRequest) -> "SiteSettings":
        """From the site snapshot (cms/published.py) rather than the database: every public
        page shows the settings. The admin's settings form reads them with for_site."""
        attribute = cls.get_cache_attr_name()
        if hasattr(request, attribute):
            return getattr(request, attribute)
        snapshot = published.snapshot_for_request(request)
        if snapshot is None:
            return super().for_request(request)
        site_settings = snapshot.site_settings()
        site_settings._request = request
        setattr(request, attribute, site_settings)
        return site_settings


@register_snippet
class Organisation(index.Indexed, models.Model):
    """Another organisation that helps, shown on signposting cards."""

    name = models.CharField(max_length=120, unique=True)
    helps_with = models.TextField("What they help with", max_length=400)
    phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    opening_hours = models.CharField(max_length=200, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("helps_with"),
        FieldPanel("phone"),
        FieldPanel("website"),
        FieldPanel("opening_hours"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("helps_with")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PublicPage(Page):
    """Behaviour every public page type shares: a lead paragraph, and caching for strangers.

    Anonymous visitors get a public Cache-Control max-age, so a proxy or the browser can
    answer repeat visits without reaching the portal. Staff, and previews, never do: they may
    see drafts.
    """

    introduction = models.TextField(
        max_length=400,
        blank=True,
        help_text="One or two sentences under the title. Also the description search engines "
        "show, unless one is set on the Promote tab.",
    )

    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    class Meta:
        abstract = True

    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        response = super().serve(request, *args, **kwargs)
        public_page_cache_control(request, response)
        return response

    def get_view_restrictions(self) -> models.QuerySet:
        """Wagtail asks before serving each page (check_view_restrictions), in two queries;
        a page routed through the site snapshot knows from it whether any restriction
        applies (an alias by its original's restrictions: published._restricted_paths)."""
        snapshot = getattr(self, "_published_snapshot", None)
        if snapshot is not None and snapshot.is_public(self.path):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def public_page_cache_control(request: HttpRequest, response: HttpResponseBase) -> None:
    if response.status_code != 200:
        return
    # A visitor part-way through a form has a session, which is saved (and its cookie sent)
    # on every request: a response carrying that cookie must never reach a shared cache.
    has_session = hasattr(request, "session") and not request.session.is_empty()
    if getattr(request, "is_preview", False) or request.user.is_authenticated or has_session:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_CACHE_SECONDS)
    # Staff and visitors with a session get a different, private response at the same
    # address: a shared cache, the portal's own included (core/page_cache.py), must key
    # on the cookies as well.
    patch_vary_headers(response, ("Cookie",))


class HomePage(PublicPage):
    body = StreamField(GuidanceStreamBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [*PublicPage.search_fields, index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.SectionPage", "cms.GuidancePage", "cms.StartPage", "cms.StandardPage"]
    max_count = 1

    template = "cms/home_page.html"

    @property
    def localized(self) -> Page:
        """The home page in the active language, from the site snapshot when the page came
        from it (cms/published.py), instead of two queries a request."""
        kept = self.__dict__.get("_localized_home")
        return kept if kept is not None else super().localized

    def route(self, request: HttpRequest, path_components: list[str]) -> RouteResult:
        """The page at this address from the site snapshot, without a query, instead of
        Wagtail's walk down the tree (two queries for each level). An address the snapshot
        does not know is walked as Wagtail does, so that a missing page answers as before."""
        snapshot = published.snapshot_for_request(request)
        url_path = self.url_path + "".join(f"{component}/" for component in path_components)
        entry = snapshot.by_url_path.get(url_path) if snapshot is not None else None
        if entry is None:
            return self._route_walk(request, path_components)
        if not entry.live:
            raise Http404
        page = self if entry.id == self.pk else snapshot.page(entry)
        if page is None:
            raise Http404
        page._published_snapshot = snapshot
        return RouteResult(page)

    def _route_walk(self, request: HttpRequest, path_components: list[str]) -> RouteResult:
        """Wagtail's walk down the tree. An address the Welsh tree lacks (an English page
        not given its Welsh alias yet) is looked for in the English tree: the page is then
        shown in English under its Welsh address, with the note, rather than not found."""
        try:
            return super().route(request, path_components)
        except Http404:
            default = Locale.get_default()
            if self.locale_id == default.pk:
                raise
            english = self.get_translation_or_none(default)
            if english is None:
                raise
            return english.specific.route(request, path_components)

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        snapshot = published.snapshot_for_request(request)
        if snapshot is not None and snapshot.root_path == self.path:
            context["sections"] = snapshot.menu()
            concern_url = snapshot.start_url(Journey.CONCERN)
            context["concern_url"] = concern_url or journey_url(Journey.CONCERN)
            return context
        context["sections"] = [
            child for child in section_children(section=self) if child.show_in_menus
        ]
        context["concern_url"] = StartPage.url_for_journey(journey=Journey.CONCERN, request=request)
        return context


class SectionPage(PublicPage):
    """An index of guidance on one subject: its pages are listed with their summaries."""

    body = StreamField(GuidanceStreamBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [*PublicPage.search_fields, index.SearchField("body")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.GuidancePage", "cms.StartPage"]

    template = "cms/section_page.html"

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        snapshot = published.snapshot_for_request(request)
        if snapshot is not None and self.path in snapshot.by_path:
            context["children"] = snapshot.children(self.path)
        else:
            context["children"] = section_children(section=self)
        return context


class GuidancePage(PublicPage):
    body = StreamField(GuidanceStreamBlock())

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [*PublicPage.search_fields, index.SearchField("body")]

    parent_page_types = ["cms.HomePage", "cms.SectionPage"]
    subpage_types: list[str] = []

    template = "cms/guidance_page.html"


class StartPage(PublicPage):
    """The start of one journey, after the GOV.UK start page pattern."""

    @classmethod
    def url_for_journey(cls, *, journey: str, request: HttpRequest) -> str:
        """The live start page of a journey, where people learn what they will need first;
        the journey itself when no start page has been published."""
        start = (
            cls.objects.live().public().filter(journey=journey, locale=Locale.get_active()).first()
        )
        return start.get_url(request) if start else journey_url(journey)

    journey = models.CharField(
        max_length=20,
        choices=Journey.choices,
        help_text="Which form the Start now button opens.",
    )
    before_you_start = RichTextField(
        features=["bold", "link", "ol", "ul"],
        help_text="What people can do with the form and what they will need.",
    )
    time_to_complete = models.CharField(
        max_length=80, default="10 to 15 minutes", help_text="For example: 10 to 15 minutes."
    )
    after_you_start = RichTextField(
        features=["bold", "link", "ol", "ul"],
        blank=True,
        help_text="What happens next, shown under the button.",
    )
    related_links = StreamField([("related_links", RelatedLinksBlock())], blank=True, max_num=1)

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("journey"),
        FieldPanel("before_you_start"),
        FieldPanel("time_to_complete"),
        FieldPanel("after_you_start"),
        FieldPanel("related_links"),
    ]
    search_fields = [
        *PublicPage.search_fields,
        index.SearchField("before_you_start"),
        index.SearchField("after_you_start"),
    ]

    parent_page_types = ["cms.HomePage", "cms.SectionPage"]
    subpage_types: list[str] = []

    template = "cms/start_page.html"

    @property
    def start_url(self) -> str:
        return journey_url(self.journey)


class StandardPage(PublicPage):
    """Notices and statements: the privacy notice, accessibility statement, cookies."""

    body = StreamField(StandardStreamBlock())

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [*PublicPage.search_fields, index.SearchField("body")]

    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []

    template = "cms/standard_page.html"

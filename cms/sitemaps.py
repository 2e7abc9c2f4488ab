"""The sitemap: every live, public page in English and in Welsh, each with its alternates."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import translate_url
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from core.languages import html_lang


class BilingualSitemap(Sitemap):
    """Wagtail's sitemap of the English tree, each page listed once per language of
    settings.LANGUAGES with hreflang alternates: the page itself, and its version in each
    other language (a translation, or wagtail-localize's alias of the English until it is
    translated); where a page has none yet, its address under that language's prefix, where
    it is shown in English (cms.models.HomePage._route_walk)."""

    def _urls(self, page, protocol, domain):
        urls = []
        last_mods = set()
        items = list(self.paginator.page(page).object_list)
        versions = self._versions(items)
        for item in items:
            by_language = {}
            for code, _name in settings.LANGUAGES:
                version = versions.get((code, item.translation_key))
                if version is None or version.locale_id == item.locale_id:
                    version = item
                found = version.get_sitemap_urls(self.request)
                if version is item and code != settings.LANGUAGE_CODE:
                    found = [
                        {**url_info, "location": translate_url(url_info["location"], code)}
                        for url_info in found
                    ]
                by_language[code] = found
            alternates = [
                {"lang_code": html_lang(code), "location": found[0]["location"]}
                for code, found in by_language.items()
                if found
            ]
            for found in by_language.values():
                for url_info in found:
                    urls.append({**url_info, "alternates": alternates})
                    last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

    def _versions(self, items: list[Page]) -> dict[tuple[str, str], Page]:
        """Each page's live version in each offered language, by (language, translation
        key): one query for the locales, one for the pages and one for each page type."""
        codes = {}
        for code, _name in settings.LANGUAGES:
            codes[get_supported_content_language_variant(code)] = code
        locales = {
            locale.pk: codes[locale.language_code]
            for locale in Locale.objects.filter(language_code__in=codes)
        }
        pages = (
            Page.objects.live()
            .filter(translation_key__in={item.translation_key for item in items})
            .filter(locale_id__in=locales)
            .defer_streamfields()
            .specific()
        )
        return {(locales[page.locale_id], page.translation_key): page for page in pages}


def sitemap(request: HttpRequest) -> HttpResponse:
    return wagtail_sitemap(request, sitemaps={"wagtail": BilingualSitemap})

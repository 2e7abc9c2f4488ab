"""The sitemap: every live, public page in English and in Welsh, each with its alternates."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from core.languages import html_lang


class BilingualSitemap(Sitemap):
    """Wagtail's sitemap with each page listed once per language of settings.LANGUAGES (the
    address decides the language: core/languages.py), with hreflang alternates."""

    def _urls(self, page, protocol, domain):
        urls = []
        last_mods = set()
        for item in self.paginator.page(page).object_list.iterator():
            by_language = {}
            for code, _name in settings.LANGUAGES:
                with translation.override(code):
                    by_language[code] = item.get_sitemap_urls(self.request)
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


def sitemap(request: HttpRequest) -> HttpResponse:
    return wagtail_sitemap(request, sitemaps={"wagtail": BilingualSitemap})

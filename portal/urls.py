from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from cms.sitemaps import sitemap
from cms.views import exit_this_page, search
from portal.views import favicon, healthz

# Unprefixed and in English whatever the visitor reads: the admin, Exit this page (it only
# leaves), the health check and the sitemap (which lists both languages).
urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("exit/", exit_this_page, name="exit_this_page"),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("sitemap.xml", sitemap, name="sitemap"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# An uncaught database outage on a public page answers the 503 service page, wherever it
# was raised (core/database_outage.py).
handler500 = "core.database_outage.server_error"

# The public side: English at /, Welsh at /cy/ (core/languages.py). Wagtail's page serving
# catches every other path, so it comes last.
urlpatterns += i18n_patterns(
    path("search/", search, name="search"),
    path("", include("intake.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap

from cms.views import exit_this_page, search
from portal.views import favicon, healthz

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("exit/", exit_this_page, name="exit_this_page"),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("search/", search, name="search"),
    path("", include("intake.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# An uncaught database outage on a public page answers the 503 service page, wherever it
# was raised (core/database_outage.py).
handler500 = "core.database_outage.server_error"

# Wagtail's page serving catches every other path, so it comes last.
urlpatterns += [path("", include(wagtail_urls))]

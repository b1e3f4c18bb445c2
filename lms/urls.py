from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from lms import operations, readiness
from lms.download_views import download, download_file
from lms.views import healthz, set_language

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readiness.readyz, name="readyz"),
    path("metrics", operations.metrics, name="metrics"),
    # Before Wagtail's admin: the reports answer a refused user with 403 (see reports/wagtail_hooks.py).
    path("admin/reports/", include("reports.admin_urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", set_language, name="set_language"),
    path("tai-ve/<uuid:pk>/", download, name="download"),
    path("tai-ve/<uuid:pk>/tep/", download_file, name="download_file"),
    path("tai-khoan/", include("accounts.urls")),
    path("tai-khoan/", include("allauth.urls")),
    path("", include("home.urls")),
    path("", include("search.urls")),
    path("", include("certificates.urls")),
    path("", include("credentials.urls")),
    path("", include("enrolment.urls")),
    path("", include("assessment.urls")),
    path("", include("activities.urls")),
    path("", include("peer_review.urls")),
    path("", include("competitions.urls")),
    path("", include("reports.urls")),
    path("", include("partners.urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree serves everything else; it must come last.
urlpatterns += [path("", include(wagtail_urls))]

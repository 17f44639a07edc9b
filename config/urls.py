from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("captcha/", include("captcha.urls")),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("documents/", include("documents.urls")),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("rectification/", include("rectification.urls")),
    path("stats/", include("dashboard.urls")),
    path("stats/alerts/", include("alerts.urls")),
    path("notifications/", include("notifications.urls")),
    path("ledgers/", include("ledgers.urls")),
    path("similar/", include("similarity.urls")),
    path("", include("workbench.urls")),
    path("", include("accounts.urls")),
    path("", include("audit.urls")),
    path("", include("commons.urls")),
    path("", include("onsite.urls")),
    path("", include("inspections.urls")),
    path("archives/", include("archives.urls")),
]

"""`/api/v1/`: token auth and the resources of each app."""

from django.http import JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt

from accounts.api.token import TokenView
from config.api import NOT_FOUND_MESSAGE


@csrf_exempt  # it changes nothing; a CSRF refusal here would be an HTML page
def not_found(request, *args, **kwargs):
    """Any other path under /api/v1/ answers the API's JSON error shape, not an HTML page."""
    return JsonResponse({"detail": str(NOT_FOUND_MESSAGE), "code": "not_found"}, status=404)


urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("", include("accounts.api.urls")),
    path("", include("inspections.api.urls")),
    path("", include("rectification.api.urls")),
    path("", include("alerts.api.urls")),
    path("", include("notifications.api.urls")),
    path("", include("dashboard.api.urls")),
    path("", include("ledgers.api.urls")),
    path("", include("commons.api.urls")),
    path("", include("onsite.api.urls")),
    path("", include("similarity.api.urls")),
    re_path(r"^[\s\S]*$", not_found),  # any path, even one with a newline in it
]

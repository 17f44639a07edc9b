"""`/api/v1/`: token auth and the resources of each app."""

from django.urls import include, path
from rest_framework.authtoken.views import obtain_auth_token

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("", include("accounts.api.urls")),
    path("", include("inspections.api.urls")),
    path("", include("rectification.api.urls")),
]

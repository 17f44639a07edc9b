from django.urls import path

from . import views

app_name = "dashboard"

# Included under stats/ (config/urls.py); the alert list the alert chart opens is alerts:list,
# under stats/alerts/.
urlpatterns = [
    path("", views.home, name="home"),
    path("recompute/", views.recompute, name="recompute"),
]

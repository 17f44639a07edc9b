from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views
from .breakdown import StatsBreakdownView
from .summary import StatsSummaryView

router = SimpleRouter()
router.register("stats", views.StatViewSet, basename="stat")

# Before the router, whose stats/<pk>/ would otherwise take "summary".
urlpatterns = [
    path("stats/summary/", StatsSummaryView.as_view(), name="stats-summary"),
    path("stats/breakdown/", StatsBreakdownView.as_view(), name="stats-breakdown"),
    *router.urls,
]

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("recurrences", views.RecurrenceViewSet, basename="recurrence")

urlpatterns = [
    path("issues/<int:pk>/similar/", views.SimilarIssuesView.as_view(), name="issue-similar"),
    *router.urls,
]

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("common-issues", views.CommonIssueViewSet, basename="common-issue")
router.register("campaigns", views.CampaignViewSet, basename="campaign")

urlpatterns = router.urls

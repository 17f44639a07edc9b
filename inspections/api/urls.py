from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("units", views.UnitViewSet, basename="unit")
router.register("rounds", views.RoundViewSet, basename="round")
router.register("groups", views.GroupViewSet, basename="group")
router.register("assignments", views.AssignmentViewSet, basename="assignment")
router.register("issues", views.IssueViewSet, basename="issue")
router.register("clues", views.ClueViewSet, basename="clue")
router.register("secretary-points", views.SecretaryPointViewSet, basename="secretary-point")
router.register("special-reports", views.SpecialReportViewSet, basename="special-report")

urlpatterns = router.urls

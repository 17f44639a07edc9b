from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("feedbacks", views.FeedbackViewSet, basename="feedback")
router.register("plans", views.PlanViewSet, basename="plan")
router.register("measures", views.MeasureViewSet, basename="measure")
router.register("progress", views.ProgressViewSet, basename="progress")
router.register("reviews", views.ReviewViewSet, basename="review")
router.register("extensions", views.ExtensionViewSet, basename="extension")
# Close-out review moves on the issue resource, whose list and detail the inspections API routes.
router.register("issues", views.IssueReviewViewSet, basename="issue")
router.register("evaluations", views.EvaluationViewSet, basename="evaluation")
router.register("actions", views.ActionViewSet, basename="action")

urlpatterns = router.urls

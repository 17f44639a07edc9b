from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("feedbacks", views.FeedbackViewSet, basename="feedback")
router.register("plans", views.PlanViewSet, basename="plan")
router.register("measures", views.MeasureViewSet, basename="measure")
router.register("progress", views.ProgressViewSet, basename="progress")
router.register("reviews", views.ReviewViewSet, basename="review")
router.register("evaluations", views.EvaluationViewSet, basename="evaluation")
router.register("actions", views.ActionViewSet, basename="action")

urlpatterns = router.urls

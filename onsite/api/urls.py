from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("talks", views.TalkViewSet, basename="talk")
router.register("letters", views.LetterViewSet, basename="letter")
router.register("document-checks", views.DocumentCheckViewSet, basename="document-check")
router.register("spot-checks", views.SpotCheckViewSet, basename="spot-check")
router.register("visits", views.VisitViewSet, basename="visit")

urlpatterns = router.urls

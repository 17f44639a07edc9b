from rest_framework.routers import SimpleRouter

from .views import OfficeViewSet

router = SimpleRouter()
router.register("offices", OfficeViewSet, basename="office")

urlpatterns = router.urls

from django.urls import path

from . import dashboard, notification_views

app_name = "stats"

urlpatterns = [
    path("", dashboard.home, name="home"),
    path("alerts/", dashboard.alert_list, name="alerts"),
    path("recompute/", dashboard.recompute, name="recompute"),
]

# Included from config/urls.py as path("notifications/", include(notification_urls)).
notification_urls = (
    [
        path("", notification_views.notification_list, name="list"),
        path("count/", notification_views.count, name="count"),
        path("menu/", notification_views.menu, name="menu"),
        path("read-all/", notification_views.mark_all_read, name="read-all"),
        path("<int:pk>/read/", notification_views.mark_read, name="read"),
        path("<int:pk>/open/", notification_views.open_notification, name="open"),
    ],
    "notifications",
)

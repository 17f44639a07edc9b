from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("count/", views.count, name="count"),
    path("menu/", views.menu, name="menu"),
    path("read-all/", views.mark_all_read, name="read-all"),
    path("mutes/", views.mutes, name="mutes"),
    path("<int:pk>/read/", views.mark_read, name="read"),
    path("<int:pk>/open/", views.open_notification, name="open"),
]

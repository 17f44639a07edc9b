from django.urls import path

from . import views

app_name = "alerts"

# Included under stats/alerts/ (config/urls.py): the list opens from the dashboard's alert chart.
urlpatterns = [
    path("", views.alert_list, name="list"),
]

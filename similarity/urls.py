from django.urls import path

from . import views

app_name = "similarity"

urlpatterns = [
    path("issues/<int:pk>/", views.issue_similar, name="issue-similar"),
    path("hint/", views.hint, name="hint"),
    path("units/<int:pk>/recurrences/", views.unit_recurrences, name="unit-recurrences"),
]

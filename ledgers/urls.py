"""`/ledgers/`: the ledger screens (exports of the six ledgers, export jobs, the export log)."""

from django.urls import path

from . import views

app_name = "ledgers"
urlpatterns = [
    path("", views.home, name="home"),
    path("log/", views.log, name="log"),
    path("exports/<int:pk>/", views.job, name="job"),
    path("exports/<int:pk>/progress/", views.job_progress, name="job-progress"),
    path("<str:code>/", views.ledger, name="ledger"),
    path("<str:code>/export/", views.export, name="export"),
]

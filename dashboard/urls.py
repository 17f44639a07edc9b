from django.urls import path

from . import report_document, views

app_name = "dashboard"

# Included under stats/ (config/urls.py); the alert list the alert chart opens is alerts:list,
# under stats/alerts/.
urlpatterns = [
    path("", views.home, name="home"),
    path("recompute/", views.recompute, name="recompute"),
    path("report.docx", report_document.report_docx, name="report_docx"),
]

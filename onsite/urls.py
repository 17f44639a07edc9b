"""`/onsite/…`: the on-site registers' screens; `/public/reports/…`: the public channel (no sign-in)."""

from django.urls import path

from . import public_views, views

app_name = "onsite"
urlpatterns = [
    path("onsite/assignments/<int:pk>/", views.assignment_registers, name="registers"),
    path("onsite/assignments/<int:pk>/channel/", views.channel_update, name="channel-update"),
    path("onsite/channels/<int:pk>/qr.svg", views.channel_qr, name="channel-qr"),
    path("onsite/channels/<int:pk>/qr.png", views.channel_qr, {"fmt": "png"}, name="channel-qr-png"),
    path("onsite/channels/<int:pk>/notice.docx", views.channel_notice, name="channel-notice"),
    path("onsite/<str:kind>/<int:pk>/to-<str:to>/", views.entry_convert, name="entry-convert"),
    path("onsite/letters/", views.letter_list, name="letter-list"),
    path("onsite/letters/<int:pk>/", views.letter_detail, name="letter-detail"),
    path("onsite/letters/<int:pk>/<str:action>/", views.letter_detail, name="letter-triage"),
    path("public/reports/status/", public_views.public_status, name="public-status-query"),
    path("public/reports/status/<str:code>/", public_views.public_status, name="public-status"),
    path("public/reports/<str:token>/", public_views.public_report, name="public-report"),
]

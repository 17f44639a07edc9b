"""`/common-issues/` and `/campaigns/`: the screens of common issues and campaigns."""

from django.urls import path

from . import views

app_name = "commons"
urlpatterns = [
    path("common-issues/", views.common_issue_list, name="common-issue-list"),
    path("common-issues/new/", views.common_issue_create, name="common-issue-create"),
    path("common-issues/suggestions/", views.common_issue_suggestions, name="common-issue-suggestions"),
    path("common-issues/<int:pk>/", views.common_issue_detail, name="common-issue-detail"),
    path("common-issues/<int:pk>/add/", views.common_issue_add, name="common-issue-add"),
    path("common-issues/<int:pk>/remove/<int:issue>/", views.common_issue_remove, name="common-issue-remove"),
    path("common-issues/<int:pk>/adopt/<int:issue>/", views.common_issue_adopt, name="common-issue-adopt"),
    path("common-issues/<int:pk>/notice.docx", views.common_issue_notice_download, name="common-issue-notice"),
    path("campaigns/", views.campaign_list, name="campaign-list"),
    path("campaigns/new/", views.campaign_create, name="campaign-create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign-detail"),
]

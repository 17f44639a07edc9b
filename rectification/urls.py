from django.urls import path

from . import views

app_name = "rectification"

urlpatterns = [
    path("", views.home, name="home"),
    path("queue/", views.queue, name="queue"),
    # assignments: feedback, plans, evaluation
    path("assignments/", views.assignment_list, name="assignment-list"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment"),
    path("assignments/<int:pk>/feedback/", views.feedback_record, name="feedback-record"),
    path("assignments/<int:pk>/plan/", views.plan_submit, name="plan-submit"),
    path("assignments/<int:pk>/evaluate/", views.evaluation_create, name="evaluation-create"),
    path("plans/<int:pk>/review/", views.plan_review, name="plan-review"),
    # issues: measures, progress, report done, review
    path("issues/<int:pk>/", views.issue_detail, name="issue"),
    path("issues/<int:pk>/measures/", views.measure_create, name="measure-create"),
    path("issues/<int:pk>/progress/", views.progress_create, name="progress-create"),
    path("issues/<int:pk>/submit/", views.issue_submit, name="issue-submit"),
    path("issues/<int:pk>/close/", views.issue_close, name="issue-close"),
    path("issues/<int:pk>/return/", views.issue_return, name="issue-return"),
    path("issues/<int:pk>/long-term/", views.issue_long_term, name="issue-long-term"),
    path("issues/<int:pk>/extensions/", views.extension_request, name="extension-request"),
    path("extensions/<int:pk>/decide/", views.extension_decide, name="extension-decide"),
    # files, served only within the viewer's scope
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("plans/<int:pk>/attachment/", views.plan_attachment, name="plan-attachment"),
    path("feedback/<int:pk>/document/", views.feedback_document, name="feedback-document"),
    # units: record across rounds, supervision actions
    path("units/", views.unit_list, name="unit-list"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("units/<int:pk>/actions/new/", views.action_create, name="action-create"),
]

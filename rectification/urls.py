from django.urls import path

from .views import assignments, files, issues, lists, units

app_name = "rectification"

urlpatterns = [
    path("", lists.home, name="home"),
    path("queue/", lists.queue, name="queue"),
    # assignments: feedback, plans, evaluation
    path("assignments/", lists.assignment_list, name="assignment-list"),
    path("assignments/<int:pk>/", assignments.assignment_detail, name="assignment"),
    path("assignments/<int:pk>/feedback/", assignments.feedback_record, name="feedback-record"),
    path("assignments/<int:pk>/plan/", assignments.plan_submit, name="plan-submit"),
    path("assignments/<int:pk>/evaluate/", assignments.evaluation_create, name="evaluation-create"),
    path("assignments/<int:pk>/hand-over/", assignments.supervision_hand_over, name="hand-over"),
    path("plans/<int:pk>/review/", assignments.plan_review, name="plan-review"),
    # issues: measures, progress, report done, review
    path("issues/<int:pk>/", issues.issue_detail, name="issue"),
    path("issues/<int:pk>/measures/", issues.measure_create, name="measure-create"),
    path("issues/<int:pk>/progress/", issues.progress_create, name="progress-create"),
    path("issues/<int:pk>/submit/", issues.issue_submit, name="issue-submit"),
    path("issues/<int:pk>/close/", issues.issue_close, name="issue-close"),
    path("issues/<int:pk>/return/", issues.issue_return, name="issue-return"),
    path("issues/<int:pk>/long-term/", issues.issue_long_term, name="issue-long-term"),
    path("issues/<int:pk>/extensions/", issues.extension_request, name="extension-request"),
    path("extensions/<int:pk>/decide/", issues.extension_decide, name="extension-decide"),
    # files, served only within the viewer's scope
    path("evidence/<int:pk>/", files.evidence_download, name="evidence"),
    path("plans/<int:pk>/attachment/", files.plan_attachment, name="plan-attachment"),
    path("feedback/<int:pk>/document/", files.feedback_document, name="feedback-document"),
    # units: record across rounds, supervision actions
    path("units/", lists.unit_list, name="unit-list"),
    path("units/<int:pk>/", units.unit_detail, name="unit"),
    path("units/<int:pk>/actions/new/", units.action_create, name="action-create"),
]

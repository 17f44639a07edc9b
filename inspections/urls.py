from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("soon/<slug:section>/", views.placeholder, name="placeholder"),
    # type-ahead
    path("lookup/units/", views.lookup_units, name="lookup-units"),
    path("lookup/rounds/", views.lookup_rounds, name="lookup-rounds"),
    path("lookup/groups/", views.lookup_groups, name="lookup-groups"),
    path("lookup/assignments/", views.lookup_assignments, name="lookup-assignments"),
    path("lookup/categories/", views.lookup_categories, name="lookup-categories"),
    path("lookup/people/", views.lookup_people, name="lookup-people"),
    path("lookup/candidates/", views.lookup_candidates, name="lookup-candidates"),
    # rounds, groups, assignments
    path("rounds/", views.round_list, name="round-list"),
    path("rounds/new/", views.round_create, name="round-create"),
    path("rounds/<int:pk>/", views.round_detail, name="round-detail"),
    path("rounds/<int:pk>/edit/", views.round_update, name="round-update"),
    path("rounds/<int:pk>/groups/new/", views.group_create, name="group-create"),
    path("rounds/<int:pk>/assignments/new/", views.assignment_create, name="assignment-create"),
    path("groups/<int:pk>/", views.group_detail, name="group-detail"),
    path("groups/<int:pk>/members/add/", views.membership_add, name="membership-add"),
    path("groups/<int:pk>/members/<int:membership_pk>/remove/", views.membership_remove, name="membership-remove"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment-detail"),
    path("assignments/<int:pk>/edit/", views.assignment_update, name="assignment-update"),
    # issues
    path("issues/", views.issue_list, name="issue-list"),
    path("issues/new/", views.issue_create, name="issue-create"),
    path("issues/<int:pk>/", views.issue_detail, name="issue-detail"),
    path("issues/<int:pk>/edit/", views.issue_update, name="issue-update"),
    path("issues/<int:pk>/review/", views.issue_review, name="issue-review"),
    path("issues/<int:pk>/confirm/", views.issue_confirm, name="issue-confirm"),
    path("issues/<int:pk>/withdraw/", views.issue_withdraw, name="issue-withdraw"),
    path("issues/import/", views.import_upload, name="import-upload"),
    path("issues/import/template.xlsx", views.import_template, name="import-template"),
    path("issues/import/<str:token>/", views.import_confirm, name="import-confirm"),
    path("issues/import/<str:token>/status/", views.import_status, name="import-status"),
    # clues
    path("clues/", views.clue_list, name="clue-list"),
    path("clues/new/", views.clue_create, name="clue-create"),
    path("clues/<int:pk>/", views.clue_detail, name="clue-detail"),
    path("clues/<int:pk>/transfer/", views.clue_transfer, name="clue-transfer"),
    path("clues/<int:pk>/outcome/", views.clue_outcome, name="clue-outcome"),
    path("clues/<int:pk>/withdraw/", views.clue_withdraw, name="clue-withdraw"),
    # secretary points, special reports
    path("points/", views.point_list, name="point-list"),
    path("points/new/", views.point_create, name="point-create"),
    path("reports/", views.report_list, name="report-list"),
    path("reports/new/", views.report_create, name="report-create"),
]

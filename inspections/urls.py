from django.urls import path

from .views import clues, historic, imports, issues, lookups, papers, rounds, search

app_name = "inspections"

urlpatterns = [
    path("search/", search.search, name="search"),
    # type-ahead
    path("lookup/units/", lookups.lookup_units, name="lookup-units"),
    path("lookup/rounds/", lookups.lookup_rounds, name="lookup-rounds"),
    path("lookup/groups/", lookups.lookup_groups, name="lookup-groups"),
    path("lookup/assignments/", lookups.lookup_assignments, name="lookup-assignments"),
    path("lookup/categories/", lookups.lookup_categories, name="lookup-categories"),
    path("lookup/people/", lookups.lookup_people, name="lookup-people"),
    path("lookup/candidates/", lookups.lookup_candidates, name="lookup-candidates"),
    # rounds, groups, assignments
    path("rounds/", rounds.round_list, name="round-list"),
    path("rounds/new/", rounds.round_create, name="round-create"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round-detail"),
    path("rounds/<int:pk>/edit/", rounds.round_update, name="round-update"),
    path("rounds/<int:pk>/archive/", rounds.round_archive, name="round-archive"),
    path("rounds/<int:pk>/reopen/", rounds.round_reopen, name="round-reopen"),
    path("rounds/<int:pk>/groups/new/", rounds.group_create, name="group-create"),
    path("rounds/<int:pk>/assignments/new/", rounds.assignment_create, name="assignment-create"),
    path("groups/<int:pk>/", rounds.group_detail, name="group-detail"),
    path("groups/<int:pk>/members/add/", rounds.membership_add, name="membership-add"),
    path("groups/<int:pk>/members/<int:membership_pk>/remove/", rounds.membership_remove, name="membership-remove"),
    path("assignments/<int:pk>/", rounds.assignment_detail, name="assignment-detail"),
    path("assignments/<int:pk>/edit/", rounds.assignment_update, name="assignment-update"),
    # issues
    path("issues/", issues.issue_list, name="issue-list"),
    path("issues/new/", issues.issue_create, name="issue-create"),
    path("issues/<int:pk>/", issues.issue_detail, name="issue-detail"),
    path("issues/<int:pk>/edit/", issues.issue_update, name="issue-update"),
    path("issues/<int:pk>/review/", issues.issue_review, name="issue-review"),
    path("issues/<int:pk>/confirm/", issues.issue_confirm, name="issue-confirm"),
    path("issues/<int:pk>/withdraw/", issues.issue_withdraw, name="issue-withdraw"),
    path("issues/import/", imports.import_upload, name="import-upload"),
    path("issues/import/template.xlsx", imports.import_template, name="import-template"),
    path("issues/import/<str:token>/", imports.import_confirm, name="import-confirm"),
    path("issues/import/<str:token>/status/", imports.import_status, name="import-status"),
    path("issues/historic/", historic.historic_upload, name="historic-upload"),
    path("issues/historic/<str:token>/mapping/", historic.historic_mapping, name="historic-mapping"),
    path("issues/historic/<str:token>/preview/", historic.historic_preview, name="historic-preview"),
    path("issues/historic/<str:token>/confirm/", historic.historic_confirm, name="historic-confirm"),
    path("issues/historic/<str:token>/status/", historic.historic_status, name="historic-status"),
    # clues
    path("clues/", clues.clue_list, name="clue-list"),
    path("clues/new/", clues.clue_create, name="clue-create"),
    path("clues/<int:pk>/", clues.clue_detail, name="clue-detail"),
    path("clues/<int:pk>/transfer/", clues.clue_transfer, name="clue-transfer"),
    path("clues/<int:pk>/outcome/", clues.clue_outcome, name="clue-outcome"),
    path("clues/<int:pk>/withdraw/", clues.clue_withdraw, name="clue-withdraw"),
    # secretary points, special reports
    path("points/", papers.point_list, name="point-list"),
    path("points/new/", papers.point_create, name="point-create"),
    path("reports/", papers.report_list, name="report-list"),
    path("reports/new/", papers.report_create, name="report-create"),
]

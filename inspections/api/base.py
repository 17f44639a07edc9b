"""Shared base of the issue resource's API views, for the apps that add moves to it."""

from __future__ import annotations

from django.db.models import Prefetch

from accounts.scopes import issue_events_q
from config.api import ScopedViewSet

from ..filters import IssueFilterSet, annotate_deadline_state
from ..models import Issue, IssueEvent
from . import serializers as s

ISSUE_OUT = s.IssueDetailSerializer


# The issue resource (/issues/{id}/): its scoped reads, joins and the response of a lifecycle move.
# The inspections API adds the list, detail and the group's moves; rectification's API adds the
# close-out review moves on the same paths (a viewset per app, one resource). No docstring here:
# the schema shows the inherited ScopedViewSet description.
class IssueAPIBase(ScopedViewSet):

    model = Issue
    serializer_class = s.IssueSerializer
    detail_serializer_class = s.IssueDetailSerializer
    filterset_class = IssueFilterSet
    select_related = ("office", "round", "unit", "group", "category", "case_officer", "deputy_reviewer")

    def prefetches(self) -> tuple:
        if self.action == "list":
            return tuple(self.prefetch_related)
        # A unit's liaison sees the timeline from feedback on, not the group's drafting.
        events = IssueEvent.objects.filter(issue_events_q(self.request.user)).select_related("actor")
        return (*self.prefetch_related, Prefetch("events", queryset=events.order_by("at", "id")))

    def decorate(self, queryset):
        return annotate_deadline_state(super().decorate(queryset))

    def _move(self, service, serializer_class):
        issue = self.get_object()
        data = self.parse(serializer_class)
        return self.respond(service(actor=self.request.user, issue=issue, **data))

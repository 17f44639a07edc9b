"""Close-out review (销号审核) through the services: return with a reason, close with the
纠清治问建 outcome, concurrent close-out, long-term rectification."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.errors import ConflictError, TransitionError
from inspections import services as issue_services
from inspections.choices import IssueStatus
from rectification import services as rect
from rectification.models import Review
from tests.factories import make_world
from tests.inspections.test_services import full_cycle_to_rectifying, report_progress

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return make_world()


def test_return_needs_reason_then_close_records_outcome(w):
    issue = full_cycle_to_rectifying(w)
    report_progress(w, issue)
    issue = issue_services.issue_submit(actor=w.liaison_x, issue=issue)

    with pytest.raises(ValidationError):
        rect.issue_return(actor=w.supervisor, issue=issue, comment="")
    with pytest.raises(PermissionDenied):
        rect.issue_close(actor=w.supervisor_a, issue=issue)
    issue = rect.issue_return(actor=w.supervisor, issue=issue, comment="佐证材料不足")
    assert issue.status == IssueStatus.RECTIFYING

    issue = issue_services.issue_submit(actor=w.liaison_x, issue=issue)
    issue = rect.issue_close(
        actor=w.supervisor,
        issue=issue,
        comment="整改到位",
        corrected=1,
        funds_refunded_wan=Decimal("12.5"),
        persons_accountable=2,
        rules_made=1,
    )
    assert issue.status == IssueStatus.CLOSED and issue.closed_at
    assert list(Review.objects.filter(issue=issue).values_list("decision", flat=True)) == ["close", "return"]
    assert Review.objects.get(issue=issue, decision="close").funds_refunded_wan == Decimal("12.5")
    actions = list(issue.events.values_list("action", flat=True))
    assert actions == ["create", "confirm", "feedback", "progress", "submit", "return", "submit", "close"]
    with pytest.raises(TransitionError):
        issue_services.issue_withdraw(actor=w.supervisor, issue=issue, reason="x")


def test_concurrent_close_second_actor_gets_conflict(w):
    issue = full_cycle_to_rectifying(w)
    report_progress(w, issue)
    issue = issue_services.issue_submit(actor=w.liaison_x, issue=issue)
    seen_version = issue.version

    rect.issue_close(actor=w.supervisor, issue=issue, version=seen_version)
    with pytest.raises(ConflictError, match="已被他人修改"):
        rect.issue_close(actor=w.admin, issue=issue, version=seen_version)
    assert Review.objects.filter(issue=issue).count() == 1


def test_long_term_and_its_next_report(w):
    issue = full_cycle_to_rectifying(w)
    issue = rect.issue_long_term(actor=w.supervisor, issue=issue, comment="需长期坚持")
    assert issue.status == IssueStatus.LONG_TERM and issue.next_progress_due

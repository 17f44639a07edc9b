"""`manage.py seed_demo`: the demo data set carries the seed document's figures exactly (read
here from raw rows), puts every demo account where its screens have something to show, is
idempotent; `--scale N` adds exactly N issues with their clues, measures and progress."""

import io
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Office, RoleAssignment, User
from demo.accounts import CITY_OFFICE, DEMO_COUNTY, LIAISON_UNIT_CODE
from inspections.choices import (
    FED_BACK_STATUSES,
    FOUND_STATUSES,
    TRANSFERRED_CLUE_STATUSES,
    ClueStatus,
    GroupRole,
    IssueStatus,
    PersonRank,
    RoundKind,
    RoundStage,
    UnitKind,
)
from inspections.models import (
    Assignment,
    Clue,
    CluePerson,
    Group,
    GroupMembership,
    Issue,
    IssueEvent,
    Round,
    SecretaryPoint,
    SpecialReport,
    Talent,
    Unit,
)
from rectification.choices import PlanStatus, ReviewDecision
from rectification.evidence import check_evidence
from rectification.ledgers import rectification_queryset
from rectification.models import Action, Evidence, Feedback, Measure, Plan, Progress, Review

pytestmark = pytest.mark.django_db

FINISHED = (RoundStage.RECTIFICATION, RoundStage.CLOSED)
COUNTED_MODELS = [
    Office,
    User,
    RoleAssignment,
    Unit,
    Talent,
    Round,
    Group,
    GroupMembership,
    Assignment,
    Issue,
    Clue,
    CluePerson,
    SecretaryPoint,
    SpecialReport,
    Feedback,
    Plan,
    Measure,
    Progress,
    Review,
    Action,
]


def seed_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED_MODELS}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data set, loaded once for this module in a transaction rolled back at its end;
    each test runs in a savepoint inside it (pytest-django), so what a test changes is undone."""
    with django_db_blocker.unblock(), transaction.atomic():
        # The rows are this transaction's: the planner has no statistics of them, and when the
        # autovacuum last saw a table empty (after another test's flush) it plans a join of
        # 100,000 events with the findings — or the seed's own statistics recompute — as a nested
        # loop over both (minutes per statement). The role the tests run as may not ANALYZE; no
        # nested loops for this module's transaction, the seed included.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_nestloop = off")
        output = seed_demo()
        assert "Demo data loaded" in output
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def today():
    return timezone.localdate()


def test_rounds_units_and_assignments(demo):
    assert Round.objects.count() == 18
    assert Unit.objects.count() == 203
    assert Unit.objects.filter(assignments__isnull=True).count() == 0
    assert Unit.objects.values("code").distinct().count() == 203
    kinds = set(Unit.objects.values_list("kind", flat=True))
    assert kinds == set(UnitKind.values)
    villages = Unit.objects.filter(kind=UnitKind.VILLAGE)
    assert villages.filter(village_category="").count() == 0
    assert len(set(villages.values_list("village_category", flat=True))) == 6  # five kinds + 一般村
    assert Unit.objects.exclude(kind=UnitKind.VILLAGE).exclude(village_category="").count() == 0

    assert Round.objects.filter(stage__in=FINISHED).count() == 17
    on_site = Round.objects.get(stage=RoundStage.ON_SITE)
    assert {RoundKind.REGULAR, RoundKind.SPECIAL, RoundKind.MOBILE, RoundKind.ELEVATED, RoundKind.CROSS}.issubset(
        set(Round.objects.values_list("kind", flat=True))
    )
    assert {RoundKind.PINPOINT, RoundKind.REVISIT, RoundKind.TOWNSHIP_VILLAGES, RoundKind.UNIT_VILLAGES}.issubset(
        set(Round.objects.values_list("kind", flat=True))
    )
    assert Round.objects.values("office").distinct().count() > 1

    finished = Assignment.objects.filter(round__stage__in=FINISHED)
    assert (
        finished.filter(Q(feedback_date__isnull=True) | Q(plan_due__isnull=True) | Q(report_due__isnull=True)).count()
        == 0
    )
    assert Feedback.objects.count() == finished.count()
    assert Feedback.objects.exclude(meeting_date=F("assignment__feedback_date")).count() == 0
    assert Feedback.objects.aggregate(n=Sum("leader_attendance"))["n"] == 192
    assert Plan.objects.filter(status=PlanStatus.APPROVED).values("assignment").distinct().count() == finished.count()
    assert finished.exclude(political_portrait="").count() == 94
    assert on_site.assignments.filter(entry_date__isnull=True).count() == 0
    assert on_site.assignments.filter(feedback_date__isnull=False).count() == 0
    assert Feedback.objects.filter(assignment__round=on_site).count() == 0

    for group in Group.objects.annotate(
        leaders=Count("memberships", filter=Q(memberships__role=GroupRole.LEADER)),
        deputies=Count("memberships", filter=Q(memberships__role=GroupRole.DEPUTY)),
    ):
        assert (group.leaders, group.deputies) == (1, 1), group
    assert GroupMembership.objects.exclude(seconded_from="").exists()


def test_issue_figures_match_the_seed(demo, today):
    issues = Issue.objects.all()
    assert issues.filter(status__in=FED_BACK_STATUSES).count() == 5938
    assert issues.filter(status=IssueStatus.CLOSED).count() == 5847
    assert issues.filter(status__in=FOUND_STATUSES).count() == 5938
    assert issues.filter(status=IssueStatus.CONFIRMED).count() == 0
    open_ = {
        status: issues.filter(status=status).count()
        for status in (IssueStatus.RECTIFYING, IssueStatus.PENDING_REVIEW, IssueStatus.LONG_TERM)
    }
    assert sum(open_.values()) == 91 and all(open_.values()), open_
    rectifying = issues.filter(status=IssueStatus.RECTIFYING)
    assert rectifying.filter(deadline__lt=today).exists()
    assert rectifying.filter(deadline__gte=today).exists()

    fed_back = issues.filter(status__in=FED_BACK_STATUSES)
    assert fed_back.filter(round__stage__in=FINISHED).count() == 5938
    assert fed_back.filter(deadline__isnull=True).count() == 0
    assert fed_back.filter(immediate=True).exclude(deadline=F("assignment__exit_date")).count() == 0
    moved = fed_back.filter(immediate=False).exclude(deadline=F("assignment__report_due"))
    assert moved.exclude(measures__deadline=F("deadline")).count() == 0  # only a measure moves a deadline
    assert issues.filter(status=IssueStatus.CLOSED, closed_at__isnull=True).count() == 0
    assert issues.exclude(status=IssueStatus.CLOSED).filter(closed_at__isnull=False).count() == 0
    assert issues.filter(category__parent__isnull=True).count() == 0
    assert issues.values("code").distinct().count() == issues.count()
    assert all(re.fullmatch(r"R\d{2}-G\d-\d{4}-\d{3}", code) for code in issues.values_list("code", flat=True))
    for model in (Issue, Clue):
        rows = model.objects.all()
        assert rows.exclude(office=F("assignment__round__office")).count() == 0
        assert rows.exclude(round=F("assignment__round")).count() == 0
        assert rows.exclude(unit=F("assignment__unit")).count() == 0
        assert rows.exclude(group=F("assignment__group")).count() == 0

    drafts = issues.filter(round__stage=RoundStage.ON_SITE)
    assert 3 <= drafts.count() <= 5
    assert drafts.exclude(status=IssueStatus.DRAFT).count() == 0


def test_clue_figures_match_the_seed(demo):
    transferred = Clue.objects.filter(status__in=TRANSFERRED_CLUE_STATUSES)
    assert transferred.count() == 937
    totals = transferred.aggregate(
        accountable=Sum("persons_accountable"),
        judiciary=Sum("persons_to_judiciary"),
        loss=Sum("loss_recovered_wan"),
        surrendered=Sum("self_surrenders"),
    )
    assert totals == {"accountable": 2437, "judiciary": 56, "loss": Decimal("52000.00"), "surrendered": 2}
    assert transferred.filter(Q(recipient="") | Q(transfer_date__isnull=True) | Q(letter_number="")).count() == 0
    assert transferred.filter(result_due__isnull=True).count() == 0
    assert transferred.values("letter_number").distinct().count() == 937
    concluded = Clue.objects.filter(status=ClueStatus.CONCLUDED)
    assert concluded.exists() and Clue.objects.filter(status=ClueStatus.TRANSFERRED).exists()
    assert concluded.filter(Q(disposal="") | Q(result_received__isnull=True)).count() == 0
    assert Clue.objects.filter(persons__isnull=True).count() == 0
    assert CluePerson.objects.filter(rank=PersonRank.COUNTY).values("clue").distinct().count() == 161

    (draft,) = Clue.objects.filter(status=ClueStatus.DRAFT)
    assert draft.round.stage == RoundStage.ON_SITE and draft.recipient == "" and draft.transfer_date is None


def test_rectification_records_and_ledgers(demo):
    assert Measure.objects.values("issue").distinct().count() == 5938
    assert Progress.objects.count() > Measure.objects.count() // 2
    # Every issue reported done or turned long-term has progress behind it.
    waiting = Issue.objects.filter(status__in=[IssueStatus.PENDING_REVIEW, IssueStatus.LONG_TERM])
    assert waiting.filter(progress__isnull=True).count() == 0
    assert waiting.filter(status=IssueStatus.LONG_TERM, next_progress_due__isnull=True).count() == 0
    reviews = Review.objects.filter(decision=ReviewDecision.CLOSE)
    assert reviews.exists()
    assert reviews.exclude(issue__status=IssueStatus.CLOSED).count() == 0
    assert reviews.aggregate(n=Sum("funds_refunded_wan"))["n"] == Decimal("3213.00")
    assert SpecialReport.objects.count() == 15
    assert SpecialReport.objects.exclude(campaigns="").values("campaigns").distinct().count() == 6
    assert SecretaryPoint.objects.exists()
    called_in = Action.objects.filter(kind__in=["interview", "notice"]).values("unit").distinct().count()
    assert called_in == 16
    assert Talent.objects.exists()


def test_closed_findings_are_complete(demo):
    """Every fed-back finding has a measure with its people; every closed one has progress with an
    evidence file, a close-out review with an opinion and a timeline ending in its close (issue 16)."""
    fed_back = Issue.objects.filter(status__in=FED_BACK_STATUSES)
    closed = Issue.objects.filter(status=IssueStatus.CLOSED)
    assert fed_back.exclude(pk__in=Measure.objects.values("issue")).count() == 0
    unnamed = Q(responsible_leader="") | Q(responsible_department="") | Q(responsible_person="")
    assert Measure.objects.filter(unnamed).count() == 0
    assert closed.exclude(pk__in=Progress.objects.values("issue")).count() == 0
    assert closed.exclude(pk__in=Evidence.objects.values("progress__issue")).count() == 0
    closeouts = Review.objects.filter(decision=ReviewDecision.CLOSE)
    assert closeouts.count() == closed.count() == 5847
    assert closeouts.filter(comment="").count() == 0
    assert closeouts.exclude(created_at=F("issue__closed_at")).count() == 0
    # The timeline: from the case officer's record to the supervisor's close-out, in order.
    events = IssueEvent.objects.filter(issue__status__in=FED_BACK_STATUSES)
    assert fed_back.exclude(pk__in=events.filter(action="create").values("issue")).count() == 0
    assert fed_back.exclude(pk__in=events.filter(action="feedback").values("issue")).count() == 0
    close_events = events.filter(action="close")
    assert close_events.count() == 5847
    assert close_events.exclude(at=F("issue__closed_at")).count() == 0
    assert events.filter(issue__status=IssueStatus.CLOSED, at__gt=F("issue__closed_at")).count() == 0
    assert events.filter(at__lt=F("issue__created_at")).count() == 0
    assert events.filter(action="submit", issue__status=IssueStatus.CLOSED).count() == 5847
    # The evidence files are real PDFs and JPEGs that pass the upload check.
    for content_type in ("application/pdf", "image/jpeg"):
        evidence = Evidence.objects.filter(content_type=content_type).first()
        with evidence.file.open("rb") as file:
            checked = check_evidence(file)
        assert (checked.content_type, checked.size, checked.sha256) == (
            content_type,
            evidence.size,
            evidence.sha256,
        )
    # The rectification ledger (问题清单 + 任务清单 + 责任清单) has no empty task or responsibility cell.
    rows = rectification_queryset(User.objects.get(username="admin"))
    assert rows.count() > 5000
    empty = Q()
    for column in ("measure_text", "leaders", "departments", "persons", "latest_progress"):
        empty |= Q(**{f"{column}__isnull": True}) | Q(**{column: ""})
    assert rows.filter(status=IssueStatus.CLOSED).filter(empty).count() == 0
    assert rows.filter(Q(measure_text__isnull=True) | Q(leaders__isnull=True) | Q(persons__isnull=True)).count() == 0


def test_demo_accounts_have_data_in_scope(demo, today):
    users = {user.username: user for user in User.objects.filter(roles__isnull=False).distinct()}
    for username in ["admin", "supervisor", "county_supervisor", "inspector", "group_leader", "liaison"]:
        assert users[username].check_password(settings.DEMO_PASSWORD)
    assert users["admin"].is_staff and users["admin"].is_superuser
    city = Office.objects.get(name=CITY_OFFICE)
    for username, role in [
        ("supervisor", Role.SUPERVISOR),
        ("admin", Role.ADMIN),
        ("clue_officer", Role.CLUE_OFFICER),
        ("leader", Role.LEADER),
    ]:
        assert RoleAssignment.objects.filter(user__username=username, office=city, role=role).exists()

    # inspector and group_leader: the same group of the round on site, inspectors of its office.
    on_site = Round.objects.get(stage=RoundStage.ON_SITE)
    leader = GroupMembership.objects.get(group__round=on_site, user__username="group_leader")
    member = GroupMembership.objects.get(group__round=on_site, user__username="inspector")
    assert leader.group_id == member.group_id
    assert (leader.role, member.role) == (GroupRole.LEADER, GroupRole.MEMBER)
    for username in ["inspector", "group_leader"]:
        assert RoleAssignment.objects.filter(user__username=username, office=on_site.office, role=Role.INSPECTOR)
    drafts = Issue.objects.filter(group=member.group, status=IssueStatus.DRAFT)
    assert drafts.count() >= 3 and drafts.exclude(case_officer__username="inspector").count() == 0
    draft_clue = Clue.objects.get(status=ClueStatus.DRAFT)
    assert draft_clue.group_id == member.group_id and draft_clue.created_by.username == "inspector"

    # liaison: his unit has overdue and on-time rectifying, pending and closed issues; never another unit.
    grant = RoleAssignment.objects.get(user__username="liaison", role=Role.LIAISON)
    assert grant.unit.code == LIAISON_UNIT_CODE
    own = Issue.objects.filter(unit=grant.unit)
    assert own.filter(status=IssueStatus.RECTIFYING, deadline__lt=today).exists()
    assert own.filter(status=IssueStatus.RECTIFYING, deadline__gte=today).exists()
    assert own.filter(status=IssueStatus.PENDING_REVIEW).exists()
    assert own.filter(status=IssueStatus.CLOSED).exists()
    assert Measure.objects.filter(issue__unit=grant.unit, created_by__username="liaison").exists()
    assert Plan.objects.filter(assignment__unit=grant.unit, status=PlanStatus.RETURNED).exists()

    # county_supervisor: his office owns units and rounds, with open and closed issues.
    county = Office.objects.get(name=DEMO_COUNTY)
    assert RoleAssignment.objects.filter(user__username="county_supervisor", office=county, role=Role.SUPERVISOR)
    assert Unit.objects.filter(office=county).exists()
    assert Round.objects.filter(office=county).count() >= 2
    county_issues = Issue.objects.filter(office=county)
    assert county_issues.filter(status=IssueStatus.CLOSED).exists()
    assert county_issues.filter(status__in=[IssueStatus.RECTIFYING, IssueStatus.PENDING_REVIEW]).exists()
    assert county_issues.count() < Issue.objects.count() // 3


def test_seed_demo_is_idempotent_and_resets_accounts(demo):
    before = row_counts()
    inspector = User.objects.get(username="inspector")
    inspector.set_password("something-else-1")
    inspector.save()
    RoleAssignment.objects.filter(user__username="liaison").update(unit=Unit.objects.exclude(code=LIAISON_UNIT_CODE)[0])

    output = seed_demo()

    assert "already loaded" in output and "inspector" in output and settings.DEMO_PASSWORD in output
    assert row_counts() == before
    assert Issue.objects.filter(status__in=FED_BACK_STATUSES).count() == 5938
    transferred = Clue.objects.filter(status__in=TRANSFERRED_CLUE_STATUSES)
    assert transferred.aggregate(n=Sum("persons_accountable"))["n"] == 2437
    assert User.objects.get(username="inspector").check_password(settings.DEMO_PASSWORD)
    assert RoleAssignment.objects.get(user__username="liaison").unit.code == LIAISON_UNIT_CODE


def test_bulk_load_writes_no_field_history(demo):
    # The loaded rows are a starting state: history triggers were skipped (pgtrigger.ignore).
    assert apps.get_model("inspections", "IssueHistory").objects.count() == 0
    assert apps.get_model("inspections", "ClueHistory").objects.count() == 0
    assert apps.get_model("rectification", "ProgressHistory").objects.count() == 0


def test_scale_adds_exactly_n_issues(demo):
    before = row_counts()
    output = seed_demo("--scale", "2000")
    assert "Scale data loaded: 2000 issues" in output
    batch = Issue.objects.filter(round__term="压测批次1")
    assert Issue.objects.count() - before["Issue"] == batch.count() == 2000
    assert Clue.objects.count() - before["Clue"] == 300
    # By id list: the rows were loaded in this transaction, so the planner has no statistics of
    # them, and a subquery join over the demo's 80,000 rows can take minutes.
    ids = list(batch.values_list("pk", flat=True))
    assert Measure.objects.filter(issue_id__in=ids).count() > 1000
    assert Progress.objects.filter(issue_id__in=ids).count() > 3000
    assert Unit.objects.filter(code__startswith="S1-").count() == 100
    assert Unit.objects.filter(code__startswith="S1-", assignments__isnull=True).count() == 0
    statuses = dict(batch.values_list("status").annotate(n=Count("id")))
    assert statuses[IssueStatus.CLOSED] > 1000
    for status in (IssueStatus.RECTIFYING, IssueStatus.PENDING_REVIEW, IssueStatus.LONG_TERM):
        assert statuses.get(status, 0) > 0, status
    assert batch.exclude(office=F("assignment__round__office")).count() == 0
    assert batch.exclude(group=F("assignment__group")).count() == 0
    assert Clue.objects.filter(status__in=TRANSFERRED_CLUE_STATUSES, transfer_date__isnull=True).count() == 0

    county_share = batch.filter(office__name=DEMO_COUNTY).count() / 2000
    assert 0.05 < county_share < 0.2
    inspector_groups = GroupMembership.objects.filter(user__username="inspector", group__round__term="压测批次1")
    assert 0 < batch.filter(group__in=inspector_groups.values("group")).count() < 400
    assert User.objects.get(username="county_supervisor").check_password(settings.DEMO_PASSWORD)

    # A second batch grows the data by exactly N again, next to the first.
    seed_demo("--scale", "2000")
    assert Issue.objects.count() - before["Issue"] == 4000
    assert Issue.objects.filter(round__term="压测批次2").count() == 2000
    assert apps.get_model("inspections", "IssueHistory").objects.count() == 0
    # The demo figures are untouched by benchmark batches.
    assert Issue.objects.filter(round__term__in=["五届市委", "六届市委", "九届区委", "九届市委"]).count() == 5942


def test_refused_unless_demo_enabled(settings):
    settings.DEMO_ENABLED = False
    before = row_counts()
    with pytest.raises(CommandError, match="DEMO_ENABLED"):
        seed_demo("--scale", "10")
    assert row_counts() == before


def test_archive_and_revisit_demo(demo):
    """demo/archive.py: the revisit looks back on earlier rounds with marked findings; the demo
    inspectors served in an archived round (issue 12), and the figures above are unchanged."""
    from inspections.models import RoundEvent

    revisit = Round.objects.filter(kind=RoundKind.REVISIT).order_by("planned_start", "id").first()
    assert revisit.looks_back_on.exists()
    marked = Issue.objects.filter(round=revisit, previous_issue__isnull=False)
    assert marked.count() == 3
    for issue in marked:
        assert issue.previous_issue.unit_id == issue.unit_id
        assert revisit.looks_back_on.filter(pk=issue.previous_issue.round_id).exists()
    archived = Round.objects.get(
        stage=RoundStage.CLOSED, groups__memberships__user__username="group_leader", groups__memberships__role="leader"
    )
    assert GroupMembership.objects.filter(group__round=archived, user__username="inspector").exists()
    assert RoundEvent.objects.filter(round=archived, action="archive").exists()

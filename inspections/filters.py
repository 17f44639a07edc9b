"""FilterSets of the inspection side, one per listable model, shared by the API, the HTML lists
and the exports (what you export is what you see).

Every choice of a related object (office, round, unit …) is resolved among the objects the
user may see, so a filter never reveals that an object outside his scope exists. The
``request`` a FilterSet receives only needs a ``user``.
"""

from __future__ import annotations

import datetime

import django_filters as filters
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateField,
    Expression,
    ExpressionWrapper,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from accounts.filters import office_filter, office_scope_filter
from accounts.models import Office
from core.filters import (  # noqa: F401
    ChoicesFilter,
    IntegerFilter,
    StableOrderingFilter,
    contains_lookup,
    date_range,
    scoped,
    text_search,
)
from core.forms import LookupSelect
from core.paging import estimate_from_newest

from .choices import (
    ClueRecipient,
    ClueStatus,
    Disposal,
    HowFound,
    IssueNature,
    IssueStatus,
    PointKind,
    RoundKind,
    RoundStage,
    UnitKind,
    VillageCategory,
)
from .models import (
    Assignment,
    Clue,
    CluePerson,
    Group,
    GroupMembership,
    Issue,
    IssueCategory,
    Round,
    SecretaryPoint,
    SpecialReport,
    Unit,
)

# ---------------------------------------------------------------------------------------------
# Deadlines: "overdue" and the three-colour warning are evaluated against today, at query time.


def overdue_q(today: datetime.date, prefix: str = "") -> Q:
    """An issue is overdue while the next move is the unit's (rectifying) and its deadline has passed."""
    return Q(**{f"{prefix}status": IssueStatus.RECTIFYING, f"{prefix}deadline__lt": today})


def annotate_deadline_state(queryset, today: datetime.date | None = None):
    """Annotate issues with ``overdue`` (bool) and ``deadline_colour`` (green/yellow/red/None).

    Colours follow the office's settings: red when overdue, yellow at ``warn_yellow_days`` or
    fewer days left, green at ``warn_green_days`` or fewer; only while the issue is rectifying.
    """
    today = today or timezone.localdate()

    def days_from_today(setting: str):
        # A scalar subquery, not a join, so that counting the list stays a plain scan of issues.
        days = Subquery(Office.objects.filter(pk=OuterRef("office_id")).values(setting)[:1])
        return ExpressionWrapper(Value(today, output_field=DateField()) + days, output_field=DateField())

    rectifying = Q(status=IssueStatus.RECTIFYING, deadline__isnull=False)
    return queryset.annotate(
        # Case, not the bare condition: a rectifying issue without a deadline is not overdue (false, not null).
        overdue=Case(When(overdue_q(today), then=Value(True)), default=Value(False), output_field=BooleanField()),
        deadline_colour=Case(
            When(rectifying & Q(deadline__lt=today), then=Value("red")),
            When(rectifying & Q(deadline__lte=days_from_today("warn_yellow_days")), then=Value("yellow")),
            When(rectifying & Q(deadline__lte=days_from_today("warn_green_days")), then=Value("green")),
            default=None,
            output_field=CharField(),
        ),
    )


CATEGORY_SUBTREE_SQL = """
    WITH RECURSIVE subtree(id) AS (
        SELECT id FROM inspections_issuecategory WHERE id = %s
        UNION
        SELECT child.id FROM inspections_issuecategory child JOIN subtree ON child.parent_id = subtree.id
    )
    SELECT id FROM subtree
"""


def category_subtree_q(category_id: int, field: str = "category_id") -> Q:
    """Rows whose category is ``category_id`` or one of its descendants (a recursive subquery)."""
    return Q(**{f"{field}__in": RawSQL(CATEGORY_SUBTREE_SQL, [category_id])})  # noqa: S611 - constant SQL


# ---------------------------------------------------------------------------------------------
# The home office: the office whose area the inspected unit is in (``Unit.office``), whoever ran
# the round. Findings and clues carry a copy of it (``home_office``, indexed, kept when a unit
# moves to another office); rounds reach it through their assignments.


def home_office_copy(offices) -> Q:
    return Q(home_office__in=offices)


def home_office_filter(rows=home_office_copy):
    # "office" only types the parameter (an office id) and names the value in a ledger's title.
    return office_filter("office", label=_("被巡察单位所在机构"), rows=rows)


# ---------------------------------------------------------------------------------------------
# Chinese substring search over findings, with an index (migration 0011_issue_search_grams).


class AliasedCondition(Expression):
    """A boolean condition on ``value`` that names columns through the query's own alias of
    ``model``'s table (kept when the query is nested or relabelled)."""

    output_field = BooleanField()
    model = Issue

    def __init__(self, value: str, alias: str | None = None):
        super().__init__()
        self.value, self.alias = value, alias

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        clone = self.copy()
        clone.alias = query.get_initial_alias() if query is not None else self.model._meta.db_table
        return clone

    def relabeled_clone(self, change_map):
        return type(self)(self.value, change_map.get(self.alias, self.alias))


class SearchGrams(AliasedCondition):
    """``<issue>.search_grams @> xuncha_query_grams(value)``: the findings whose code or title hold
    every character pair of ``value`` (its one character when it has one), read from the GIN
    index. A necessary condition only; the substring test rechecks. The column is not a model
    field, so it is named here through the query's own alias."""

    def grams(self, table: str) -> str:
        return f"{table}.search_grams"

    def as_sql(self, compiler, connection):
        return f"{self.grams(compiler.quote_name_unless_alias(self.alias))} @> xuncha_query_grams(%s)", [self.value]


class UnitNameGrams(SearchGrams):
    """The same test on a unit's name, read from the expression index ``unit_name_grams``."""

    model = Unit

    def grams(self, table: str) -> str:
        return f"xuncha_search_grams({table}.name)"


class UnitIdsMatching(AliasedCondition):
    """``<issue>.unit_id = ANY(ARRAY(<ids of the units whose name contains value>))``: an initial
    plan the planner turns into an index condition on the unit, so that it can be OR-ed with the
    search index in one bitmap scan. The units are found through their names' index and rechecked
    (a plain scan of 50,000 names cost 7–12 ms in each statement of a page)."""

    def as_sql(self, compiler, connection):
        name = Q(**{f"name__{contains_lookup(self.value)}": self.value})
        units = Unit.objects.filter(Q(UnitNameGrams(self.value)) & name).order_by().values("pk")
        sql, params = units.query.get_compiler(connection=connection).as_sql()
        column = f"{compiler.quote_name_unless_alias(self.alias)}.unit_id"
        return f"{column} = ANY(ARRAY({sql}))", list(params)


def issue_search_q(value: str) -> Q:
    """Findings whose code, title or unit's name contains ``value`` (case-insensitive where case
    exists): exactly the substring match, with the search index narrowing code and title."""
    if len(value) <= 2:
        # One character or one pair: holding it among the upper-cased characters and pairs of
        # code and title (kept apart by a line break) is the substring match itself, case-
        # insensitive as ``contains_lookup`` asks. No recheck, and the planner's estimate of the
        # rows is the index's own (a count past the exact bound shows it, core/paging.py).
        return Q(SearchGrams(value)) | Q(UnitIdsMatching(value))
    lookup = contains_lookup(value)
    text = Q(**{f"code__{lookup}": value}) | Q(**{f"title__{lookup}": value})
    return (Q(SearchGrams(value)) & text) | Q(UnitIdsMatching(value))


# ---------------------------------------------------------------------------------------------
# FilterSets


class UnitFilterSet(filters.FilterSet):
    office = office_filter(label=_("所属巡察机构"))
    office_scope = office_scope_filter()
    inspected_by = office_filter(
        "office",  # the type the schema shows (an office id); the rows come from the assignments
        label=_("巡察过该单位的机构"),
        rows=lambda offices: Q(pk__in=Assignment.objects.filter(round__office__in=offices).values("unit_id")),
    )
    kind = ChoicesFilter(choices=UnitKind.choices, label=_("类型"))
    village_category = ChoicesFilter(choices=VillageCategory.choices, label=_("村（社区）类别"))
    parent = filters.ModelChoiceFilter(queryset=scoped(Unit), label=_("上级单位"))
    is_active = filters.BooleanFilter(label=_("有效"))
    inspected = filters.BooleanFilter(method="filter_inspected", label=_("是否被巡察过"))
    q = filters.CharFilter(method="filter_q", label=_("名称或编码包含"))
    ordering = StableOrderingFilter(fields=("id", "code", "name", "kind", "created_at"))

    filter_q = text_search("name", "code")

    class Meta:
        model = Unit
        fields = ["office", "kind", "village_category", "parent", "is_active"]

    def filter_inspected(self, queryset, name, value: bool):
        inspected = Q(pk__in=Assignment.objects.values("unit_id"))
        return queryset.filter(inspected) if value else queryset.exclude(inspected)


class RoundFilterSet(filters.FilterSet):
    office = office_filter()
    office_scope = office_scope_filter()
    home_office = home_office_filter(
        rows=lambda offices: Q(pk__in=Assignment.objects.filter(unit__office__in=offices).values("round_id"))
    )
    kind = ChoicesFilter(choices=RoundKind.choices, label=_("巡察方式"))
    stage = ChoicesFilter(choices=RoundStage.choices, label=_("阶段"))
    term = filters.CharFilter(label=_("届次"))
    planned_start_after, planned_start_before = date_range("planned_start", _("计划开始"))
    q = filters.CharFilter(method="filter_q", label=_("届次或主题包含"))
    ordering = StableOrderingFilter(fields=("id", "planned_start", "planned_end", "sequence", "stage", "created_at"))

    filter_q = text_search("term", "theme")

    class Meta:
        model = Round
        fields = ["office", "kind", "stage", "term"]


class GroupFilterSet(filters.FilterSet):
    office = office_filter("round__office")
    office_scope = office_scope_filter()
    round = filters.ModelChoiceFilter(queryset=scoped(Round), label=_("轮次"))
    number = IntegerFilter(label=_("组号"))
    member = IntegerFilter(method="filter_member", label=_("成员（用户 id）"))
    ordering = StableOrderingFilter(fields=("id", "number", "created_at"))

    class Meta:
        model = Group
        fields = ["round", "number"]

    @extend_schema_field(OpenApiTypes.INT)
    def filter_member(self, queryset, name, value):
        return queryset.filter(pk__in=GroupMembership.objects.filter(user_id=value).values("group_id"))


class AssignmentFilterSet(filters.FilterSet):
    office = office_filter("round__office")
    office_scope = office_scope_filter()
    round = filters.ModelChoiceFilter(queryset=scoped(Round), label=_("轮次"))
    unit = filters.ModelChoiceFilter(queryset=scoped(Unit), label=_("被巡察单位"))
    group = filters.ModelChoiceFilter(queryset=scoped(Group), label=_("巡察组"))
    feedback_date_after, feedback_date_before = date_range("feedback_date", _("反馈日期"))
    ordering = StableOrderingFilter(fields=("id", "entry_date", "exit_date", "feedback_date", "created_at"))

    class Meta:
        model = Assignment
        fields = ["round", "unit", "group"]


class IssueFilterSet(filters.FilterSet):
    office = office_filter()
    office_scope = office_scope_filter()
    home_office = home_office_filter()
    round = filters.ModelChoiceFilter(queryset=scoped(Round), label=_("轮次"))
    unit = filters.ModelChoiceFilter(queryset=scoped(Unit), label=_("被巡察单位"))
    group = filters.ModelChoiceFilter(queryset=scoped(Group), label=_("巡察组"))
    assignment = filters.ModelChoiceFilter(queryset=scoped(Assignment), label=_("巡察对象"))
    status = ChoicesFilter(choices=IssueStatus.choices, label=_("状态（可多选）"))
    category = filters.ModelChoiceFilter(
        queryset=scoped(IssueCategory), method="filter_category", label=_("问题类别（含下级类别）")
    )
    how_found = ChoicesFilter(choices=HowFound.choices, label=_("发现方式"))
    nature = filters.ChoiceFilter(choices=IssueNature.choices, label=_("问题性质"))
    immediate = filters.BooleanFilter(label=_("立行立改"))
    deadline_after, deadline_before = date_range("deadline", _("整改期限"))
    found_on_after, found_on_before = date_range("found_on", _("发现日期"))
    overdue = filters.BooleanFilter(method="filter_overdue", label=_("是否逾期（整改中且已过期限）"))
    with_villages = filters.ModelChoiceFilter(
        queryset=scoped(Unit),
        method="filter_with_villages",
        label=_("乡镇（单位）及其下属村（社区）"),
        widget=LookupSelect("inspections:lookup-units"),  # type-ahead: never the whole table
    )
    not_rectified_before = filters.BooleanFilter(
        field_name="previous_issue", lookup_expr="isnull", exclude=True, label=_("上轮问题整改不到位（回头看）")
    )
    q = filters.CharFilter(method="filter_q", label=_("编号、标题或单位名称包含"))
    ordering = StableOrderingFilter(fields=("id", "code", "deadline", "found_on", "status", "created_at"))

    def filter_q(self, queryset, name, value: str):
        value = value.strip()
        if not value:
            return queryset
        found = queryset.filter(issue_search_q(value))
        # Three characters or more: pairs the planner takes for independent (core/paging.py).
        return estimate_from_newest(found) if len(value) > 2 else found

    class Meta:
        model = Issue
        fields = ["office", "round", "unit", "group", "assignment", "status", "category", "nature", "immediate"]

    @extend_schema_field(OpenApiTypes.INT)
    def filter_category(self, queryset, name, value: IssueCategory):
        return queryset.filter(category_subtree_q(value.pk))

    def filter_overdue(self, queryset, name, value: bool):
        q = overdue_q(timezone.localdate())
        return queryset.filter(q) if value else queryset.exclude(q)

    @extend_schema_field(OpenApiTypes.INT)
    def filter_with_villages(self, queryset, name, value: Unit):
        """巡乡带村: a township's findings rolled up with those of its villages (Unit.parent)."""
        return queryset.filter(Q(unit=value) | Q(unit__in=Unit.objects.filter(parent=value).values("pk")))


class ClueFilterSet(filters.FilterSet):
    office = office_filter()
    office_scope = office_scope_filter()
    home_office = home_office_filter()
    round = filters.ModelChoiceFilter(queryset=scoped(Round), label=_("轮次"))
    unit = filters.ModelChoiceFilter(queryset=scoped(Unit), label=_("被巡察单位"))
    group = filters.ModelChoiceFilter(queryset=scoped(Group), label=_("巡察组"))
    assignment = filters.ModelChoiceFilter(queryset=scoped(Assignment), label=_("巡察对象"))
    status = ChoicesFilter(choices=ClueStatus.choices, label=_("状态（可多选）"))
    recipient = ChoicesFilter(choices=ClueRecipient.choices, label=_("移交对象"))
    disposal = ChoicesFilter(choices=Disposal.choices, label=_("处置方式"))
    transfer_date_after, transfer_date_before = date_range("transfer_date", _("移交日期"))
    result_overdue = filters.BooleanFilter(method="filter_result_overdue", label=_("办理结果是否逾期未反馈"))
    q = filters.CharFilter(method="filter_q", label=_("编号、摘要或被反映人姓名包含"))
    ordering = StableOrderingFilter(fields=("id", "code", "transfer_date", "result_due", "status", "created_at"))

    class Meta:
        model = Clue
        fields = ["office", "round", "unit", "group", "assignment", "status", "recipient", "disposal"]

    def filter_q(self, queryset, name, value: str):
        value = value.strip()
        if not value:
            return queryset
        # Person names via a subquery, so a clue naming two matching persons is not repeated.
        lookup = contains_lookup(value)
        persons = CluePerson.objects.filter(**{f"name__{lookup}": value}).values("clue_id")
        return queryset.filter(Q(**{f"code__{lookup}": value}) | Q(**{f"summary__{lookup}": value}) | Q(pk__in=persons))

    def filter_result_overdue(self, queryset, name, value: bool):
        q = Q(status=ClueStatus.TRANSFERRED, result_received__isnull=True, result_due__lt=timezone.localdate())
        return queryset.filter(q) if value else queryset.exclude(q)


class SecretaryPointFilterSet(filters.FilterSet):
    office = office_filter("round__office")
    office_scope = office_scope_filter()
    round = filters.ModelChoiceFilter(queryset=scoped(Round), label=_("轮次"))
    unit = filters.ModelChoiceFilter(queryset=scoped(Unit), label=_("涉及单位"))
    kind = ChoicesFilter(choices=PointKind.choices, label=_("类型"))
    q = filters.CharFilter(method="filter_q", label=_("点题内容或办理情况包含"))
    ordering = StableOrderingFilter(fields=("id", "kind", "created_at"))

    filter_q = text_search("content", "response")

    class Meta:
        model = SecretaryPoint
        fields = ["round", "unit", "kind"]


class SpecialReportFilterSet(filters.FilterSet):
    office = office_filter("round__office")
    office_scope = office_scope_filter()
    round = filters.ModelChoiceFilter(queryset=scoped(Round), label=_("轮次"))
    q = filters.CharFilter(method="filter_q", label=_("标题或建议包含"))
    ordering = StableOrderingFilter(fields=("id", "number", "created_at"))

    filter_q = text_search("title", "suggestions", "campaigns")

    class Meta:
        model = SpecialReport
        fields = ["round"]

"""Writes of common issues and campaigns: keyword-only, atomic, role and scope checked.

A supervisor chooses the findings (never merged automatically); every finding he names must be
one he may see and of the common issue's office subtree. Findings keep their own lifecycle: a
common issue only groups them, and a unit adopts the shared measure template into its own
measure through the rectification service (the unit's liaison, while the finding is rectifying).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from accounts.models import Office, User
from accounts.scopes import MANAGERS, grants, require_manager
from core.errors import ApplicationError, TransitionError
from core.services import service
from inspections.choices import FOUND_STATUSES
from inspections.models import Issue, Round, SpecialReport, Unit
from rectification.choices import MeasureKind
from rectification.models import Measure
from rectification.services import measure_create

from .choices import CampaignStatus
from .models import Campaign, CommonIssue, CommonIssueFinding


def home_office(actor: User, office: Office | None) -> Office:
    """The office a new common issue or campaign belongs to: the one given, else the office where
    the actor manages (supervisor or admin)."""
    if office is not None:
        return office
    for grant in grants(actor):
        if grant.role in MANAGERS:
            return Office.objects.get(pk=grant.office_id)
    raise PermissionDenied(_("只有巡察机构的审核人员或管理员可以归并共性问题、启动专项治理。"))


def _in_subtree(office: Office, of: Office) -> bool:
    return office.path.startswith(of.path)


def _findings(actor: User, office: Office, issues: Iterable[Issue]) -> list[Issue]:
    """The named findings, each visible to the actor, found (not drafts, not withdrawn) and of
    the office's subtree; a readable refusal otherwise."""
    ids = sorted({issue.pk for issue in issues})
    visible = {
        issue.pk: issue for issue in Issue.objects.visible_to(actor).filter(pk__in=ids).select_related("office", "unit")
    }
    for pk in ids:
        issue = visible.get(pk)
        if issue is None:
            raise ValidationError({"issues": _("问题 %(id)s 不存在或无权访问。") % {"id": pk}})
        if issue.status not in FOUND_STATUSES:
            raise ValidationError(
                {"issues": _("问题 %(code)s 尚未确认或已撤销，不能归入共性问题。") % {"code": issue.code}}
            )
        if not _in_subtree(issue.office, office):
            raise ValidationError({"issues": _("问题 %(code)s 不属于本机构及下级机构。") % {"code": issue.code}})
    return [visible[pk] for pk in ids]


@service("common_issue_create")
def common_issue_create(
    *,
    actor: User,
    title: str,
    issues: Iterable[Issue],
    office: Office | None = None,
    round: Round | None = None,
    description: str = "",
    measure_content: str = "",
    measure_kind: str = MeasureKind.DEADLINE,
    measure_deadline: dt.date | None = None,
) -> CommonIssue:
    """A supervisor groups findings of several units into one common issue (共性问题)."""
    office = home_office(actor, office)
    require_manager(actor, office.pk, _("归并共性问题"))
    findings = _findings(actor, office, issues)
    if len({issue.unit_id for issue in findings}) < 2:
        raise ValidationError({"issues": _("共性问题应涵盖至少两个单位的问题。")})
    if round is not None and not _in_subtree(round.office, office):
        raise ValidationError({"round": _("轮次不属于本机构及下级机构。")})
    common = CommonIssue(
        office=office,
        round=round,
        title=title,
        description=description,
        measure_content=measure_content,
        measure_kind=measure_kind,
        measure_deadline=measure_deadline,
        created_by=actor,
    )
    common.full_clean()
    common.save()
    CommonIssueFinding.objects.bulk_create(
        CommonIssueFinding(common_issue=common, issue=issue, added_by=actor) for issue in findings
    )
    return common


@service("common_issue_update")
def common_issue_update(*, actor: User, common_issue: CommonIssue, **fields) -> CommonIssue:
    """Change the description or the measure template (findings change through add/remove)."""
    common = CommonIssue.objects.select_for_update().get(pk=common_issue.pk)
    require_manager(actor, common.office_id, _("修改共性问题"))
    allowed = {"title", "description", "measure_content", "measure_kind", "measure_deadline"}
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(name)
        setattr(common, name, value)
    common.full_clean()
    common.save()
    return common


@service("common_issue_add_findings")
def common_issue_add_findings(*, actor: User, common_issue: CommonIssue, issues: Iterable[Issue]) -> CommonIssue:
    common = CommonIssue.objects.select_for_update().select_related("office").get(pk=common_issue.pk)
    require_manager(actor, common.office_id, _("修改共性问题"))
    present = set(CommonIssueFinding.objects.filter(common_issue=common).values_list("issue_id", flat=True))
    new = [issue for issue in _findings(actor, common.office, issues) if issue.pk not in present]
    CommonIssueFinding.objects.bulk_create(
        CommonIssueFinding(common_issue=common, issue=issue, added_by=actor) for issue in new
    )
    common.save(update_fields=["updated_at"])
    return common


@service("common_issue_remove_finding")
def common_issue_remove_finding(*, actor: User, common_issue: CommonIssue, issue: Issue) -> CommonIssue:
    common = CommonIssue.objects.select_for_update().get(pk=common_issue.pk)
    require_manager(actor, common.office_id, _("修改共性问题"))
    findings = CommonIssueFinding.objects.filter(common_issue=common)
    if not findings.filter(issue=issue).exists():
        raise ValidationError({"issue": _("该问题不在此共性问题中。")})
    if findings.count() <= 1:
        raise TransitionError(_("共性问题至少应包含一个问题。"))
    findings.filter(issue=issue).delete()
    common.save(update_fields=["updated_at"])
    return common


@service("common_measure_adopt")
def common_measure_adopt(
    *,
    actor: User,
    common_issue: CommonIssue,
    issue: Issue,
    responsible_leader: str,
    responsible_person: str,
    responsible_department: str = "",
    deadline: dt.date | None = None,
    content: str = "",
) -> Measure:
    """The unit adopts the common measure template into its own measure for its finding (the
    unit's liaison, as any measure; the template's text unless the unit words its own)."""
    finding = (
        CommonIssueFinding.objects.select_for_update()
        .select_related("common_issue")
        .filter(common_issue=common_issue, issue=issue)
        .first()
    )
    if finding is None:
        raise ValidationError({"issue": _("该问题不在此共性问题中。")})
    if finding.measure_id is not None:
        raise TransitionError(_("本单位已采纳该共性整改措施。"))
    template = finding.common_issue
    text = content.strip() or template.measure_content.strip()
    if not text:
        raise ApplicationError(_("该共性问题尚无整改措施模板，请填写整改措施。"), field="content")
    measure = measure_create(
        actor=actor,
        issue=issue,
        content=text,
        responsible_leader=responsible_leader,
        responsible_department=responsible_department,
        responsible_person=responsible_person,
        kind=template.measure_kind,
        deadline=deadline if deadline is not None else template.measure_deadline,
    )
    finding.measure = measure
    finding.save(update_fields=["measure"])
    return measure


# --- campaigns -----------------------------------------------------------------------------------


def _campaign_links(actor: User, office: Office, *, special_reports=None, target_units=None, common_issues=None):
    """Refuse a special report, unit or common issue the actor cannot see or of another office."""
    for report in special_reports or ():
        if (
            not SpecialReport.objects.visible_to(actor)
            .filter(pk=report.pk, round__office__path__startswith=office.path)
            .exists()
        ):
            raise ValidationError({"special_reports": _("专报 %(id)s 不存在或不属于本机构。") % {"id": report.pk}})
    for unit in target_units or ():
        if not Unit.objects.visible_to(actor).filter(pk=unit.pk, office__path__startswith=office.path).exists():
            raise ValidationError({"target_units": _("单位 %(id)s 不存在或不属于本机构。") % {"id": unit.pk}})
    for common in common_issues or ():
        if (
            not CommonIssue.objects.visible_to(actor)
            .filter(pk=common.pk, office__path__startswith=office.path)
            .exists()
        ):
            raise ValidationError({"common_issues": _("共性问题 %(id)s 不存在或不属于本机构。") % {"id": common.pk}})


@service("campaign_create")
def campaign_create(
    *,
    actor: User,
    title: str,
    special_reports: Iterable[SpecialReport],
    started_on: dt.date,
    office: Office | None = None,
    goal: str = "",
    target_units: Iterable[Unit] = (),
    target_findings: int = 0,
    target_amount_wan: Decimal = Decimal("0"),
    issues: Iterable[Issue] = (),
    common_issues: Iterable[CommonIssue] = (),
) -> Campaign:
    """Start a campaign (专项治理) from one or more special reports."""
    office = home_office(actor, office)
    require_manager(actor, office.pk, _("启动专项治理"))
    special_reports, target_units, common_issues = list(special_reports), list(target_units), list(common_issues)
    if not special_reports:
        raise ValidationError({"special_reports": _("专项治理应由至少一期巡察专报推动。")})
    _campaign_links(
        actor, office, special_reports=special_reports, target_units=target_units, common_issues=common_issues
    )
    findings = _findings(actor, office, issues)
    campaign = Campaign(
        office=office,
        title=title,
        goal=goal,
        started_on=started_on,
        target_findings=target_findings,
        target_amount_wan=target_amount_wan,
        created_by=actor,
    )
    campaign.full_clean()
    campaign.save()
    campaign.special_reports.set(special_reports)
    campaign.target_units.set(target_units)
    campaign.issues.set(findings)
    campaign.common_issues.set(common_issues)
    return campaign


@service("campaign_update")
def campaign_update(
    *,
    actor: User,
    campaign: Campaign,
    add_issues: Iterable[Issue] = (),
    add_common_issues: Iterable[CommonIssue] = (),
    **fields,
) -> Campaign:
    """Record progress and results: money recovered, results, status and end date; cover more
    findings or common issues."""
    campaign = Campaign.objects.select_for_update().select_related("office").get(pk=campaign.pk)
    require_manager(actor, campaign.office_id, _("更新专项治理"))
    allowed = {
        "title",
        "goal",
        "target_findings",
        "target_amount_wan",
        "recovered_amount_wan",
        "results",
        "status",
        "ended_on",
    }
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(name)
        setattr(campaign, name, value)
    if campaign.status == CampaignStatus.FINISHED and campaign.ended_on is None:
        raise ValidationError({"ended_on": _("完成专项治理须填写完成日期。")})
    campaign.full_clean()
    campaign.save()
    add_common_issues = list(add_common_issues)
    _campaign_links(actor, campaign.office, common_issues=add_common_issues)
    campaign.issues.add(*_findings(actor, campaign.office, add_issues))
    campaign.common_issues.add(*add_common_issues)
    return campaign

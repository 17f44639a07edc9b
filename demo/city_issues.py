"""Steps of the demo data set's builder for findings: the 5938 issues fed back (91 still open),
the drafts of the round on site, the rectification plans, and measures, progress and
close-out reviews."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING

from inspections import deadlines
from inspections.choices import IssueNature, IssueStatus, RoundKind, UnitKind
from inspections.models import Issue, Unit
from rectification.choices import ExtensionStatus, MeasureKind, PlanStatus, ReviewDecision
from rectification.models import DeadlineExtension, Measure, Plan, Progress, Review

from .copy import reserve_ids
from .figures import (
    DRAFT_ISSUES_ON_SITE,
    ON_SITE_DAYS,
    OPEN_ISSUES,
    SEED_FUNDS_REFUNDED_WAN,
    SEED_ISSUES_FED_BACK,
    SEED_ROUNDS,
    apportion,
    at,
)
from .names import (
    BASES,
    CAMPAIGNS,
    DEPARTMENTS_IN_UNIT,
    FACT_TAILS,
    GRASSROOTS_CATEGORIES,
    HOW_FOUND_TEXT,
    ISSUE_TITLES,
    MEASURE_ACTIONS,
    PROGRESS_TEXTS,
    person_name,
)

if TYPE_CHECKING:
    from .city import AssignmentInfo

ISSUE_WEIGHTS = {
    UnitKind.DEPARTMENT: 36,
    UnitKind.SOE: 40,
    UnitKind.INSTITUTION: 28,
    UnitKind.TOWNSHIP: 30,
    UnitKind.VILLAGE: 12,
    UnitKind.OTHER: 22,
}
ROUND_WEIGHTS = {RoundKind.REVISIT: 0.6, RoundKind.PINPOINT: 1.3, RoundKind.MOBILE: 1.1}


class IssueSteps:
    """Findings, plans and rectification: steps of :class:`demo.city.DemoBuilder`."""

    def _category(self, unit: Unit) -> tuple[int, str]:
        grassroots = unit.kind in (UnitKind.VILLAGE, UnitKind.TOWNSHIP)
        weights = [3 if (name in GRASSROOTS_CATEGORIES) == grassroots else 1 for _, name in self.categories]
        return self.rng.choices(self.categories, weights)[0]

    def _issue(self, pk: int, a: AssignmentInfo, k: int, found_on: dt.date) -> Issue:
        rng = self.rng
        category_id, category = self._category(a.unit)
        title = rng.choice(ISSUE_TITLES.get(category, ["相关工作落实不到位"]))
        how_found = rng.choice(list(HOW_FOUND_TEXT))
        facts = (
            f"巡察组通过{HOW_FOUND_TEXT[how_found]}发现，{a.unit.name}{found_on.year - 1}年以来存在“{title}”问题，"
            f"涉及{rng.randint(2, 30)}项（笔），{rng.choice(FACT_TAILS)}。"
        )
        issue = Issue(
            id=pk,
            assignment=a.assignment,
            code=f"R{a.spec.sequence:02d}-G{a.group.group.number}-{a.assignment.pk:04d}-{k:03d}",
            category_id=category_id,
            title=title,
            facts=facts,
            basis=rng.choice(BASES),
            how_found=how_found,
            nature=IssueNature.COMMON if rng.random() < 0.3 else IssueNature.INDIVIDUAL,
            immediate=rng.random() < 0.12,
            case_officer=rng.choice(a.group.officers),
            found_on=found_on,
            created_at=at(found_on, 10),
        )
        issue.office_id, issue.round_id, issue.unit_id, issue.group_id = (
            a.office.pk,
            a.assignment.round_id,
            a.unit.pk,
            a.group.group.pk,
        )
        issue.home_office_id = a.unit.office_id
        issue.supervising_office_id = a.assignment.supervising_office_id or a.office.pk
        a.issues.append(issue)
        return self.keep(issue)

    def _issues(self) -> None:
        """5938 findings over the finished assignments, 91 of them still open; four drafts on site."""
        rng = self.rng
        finished = [a for a in self.assignments if a.assignment.feedback_date]
        weights = [
            ISSUE_WEIGHTS[a.unit.kind] * ROUND_WEIGHTS.get(a.spec.kind, 1) * rng.uniform(0.75, 1.25) for a in finished
        ]
        minimums = [12 if a is self.liaison_assignment else 3 for a in finished]
        counts = apportion(SEED_ISSUES_FED_BACK, weights, minimums)
        ids = iter(reserve_ids(Issue, SEED_ISSUES_FED_BACK + DRAFT_ISSUES_ON_SITE))
        for a, count in zip(finished, counts, strict=True):
            for k in range(1, count + 1):
                found_on = a.assignment.entry_date + dt.timedelta(days=rng.randrange(ON_SITE_DAYS))
                issue = self._issue(next(ids), a, k, found_on)
                issue.deputy_reviewer = a.group.deputy
                issue.reviewed_at = at(found_on + dt.timedelta(days=2), 15)
        # Which of them are still open: the demo liaison's unit gets some of every kind.
        for index, (rectifying, pending, long_term) in OPEN_ISSUES.items():
            issues = [i for a in finished if a.spec.index == index for i in a.issues]
            forced = []
            if index == 16:
                own = self.liaison_assignment.issues
                forced = list(
                    zip(
                        own[:5],
                        [IssueStatus.RECTIFYING] * 2 + [IssueStatus.PENDING_REVIEW] * 2 + [IssueStatus.LONG_TERM],
                        strict=True,
                    )
                )
            quota = Counter(
                {
                    IssueStatus.RECTIFYING: rectifying,
                    IssueStatus.PENDING_REVIEW: pending,
                    IssueStatus.LONG_TERM: long_term,
                }
            )
            quota.subtract(status for _, status in forced)
            taken = {i.pk for i, _ in forced}
            rest = rng.sample([i for i in issues if i.pk not in taken], sum(quota.values()))
            picks = forced + list(zip(rest, [s for s, n in quota.items() for _ in range(n)], strict=True))
            for issue, status in picks:
                issue.status = status
                self.open_issues.append(issue)
        info = {i.pk: a for a in finished for i in a.issues}
        for issue in self.objects[Issue]:
            if issue.status == IssueStatus.DRAFT:
                issue.status = IssueStatus.CLOSED
            self._status_dates(issue, info[issue.pk])
        # Daily work of the round on site: drafts by the demo inspector (not findings yet).
        group = self.demo_groups[SEED_ROUNDS]
        on_site = [a for a in self.assignments if a.group is group]
        inspector = self.accounts["inspector"]
        for n in range(DRAFT_ISSUES_ON_SITE):
            a = on_site[n % 2]
            found_on = min(a.assignment.entry_date + dt.timedelta(days=1 + n), self.today)
            issue = self._issue(next(ids), a, len(a.issues) + 1, found_on)
            issue.case_officer = inspector
            issue.status = IssueStatus.DRAFT
            issue.status_changed_at = issue.updated_at = issue.created_at
            if n % 2:
                issue.deputy_reviewer = group.deputy
                issue.reviewed_at = at(found_on, 17)

    def _status_dates(self, issue: Issue, a: AssignmentInfo) -> None:
        """Deadline, status and close-out dates of a fed-back issue, from its assignment's dates."""
        rng, today = self.rng, self.today
        feedback, report_due = a.assignment.feedback_date, a.assignment.report_due
        issue.deadline = deadlines.issue_deadline(
            immediate=issue.immediate, exit_date=a.assignment.exit_date, report_date=report_due
        )
        yesterday = today - dt.timedelta(days=1)
        if issue.status == IssueStatus.CLOSED:
            low = feedback + dt.timedelta(days=15)
            high = max(low, min(report_due + dt.timedelta(days=45), yesterday))
            day = low + dt.timedelta(days=rng.randrange((high - low).days + 1))
            issue.closed_at = issue.status_changed_at = at(day, rng.randint(9, 17), rng.randrange(60))
            issue.version = 5
        elif issue.status == IssueStatus.PENDING_REVIEW:
            low = max(feedback + dt.timedelta(days=20), today - dt.timedelta(days=45))
            day = low + dt.timedelta(days=rng.randrange(max(1, (yesterday - low).days + 1)))
            issue.status_changed_at = at(min(day, yesterday), 16)
            issue.version = 4
        elif issue.status == IssueStatus.LONG_TERM:
            issue.status_changed_at = at(min(report_due + dt.timedelta(days=rng.randint(5, 30)), yesterday), 11)
            issue.version = 4
        else:
            issue.status_changed_at = at(feedback, 11)
            issue.version = 3
        issue.updated_at = issue.status_changed_at

    def _plans(self) -> None:
        """An approved rectification plan per finished assignment; the demo liaison's was returned once."""
        for a in self.assignments:
            feedback = a.assignment.feedback_date
            if not feedback:
                continue
            staff = self.staff[a.spec.office]
            text = (
                f"{a.unit.name}关于巡察反馈问题的整改方案：针对反馈的{len(a.issues)}个问题，逐项制定整改措施，"
                "明确责任领导、责任部门、责任人和完成时限，实行清单化管理、销号式推进。"
            )
            versions = [(PlanStatus.APPROVED, 20, 25, "")]
            if a is self.liaison_assignment:
                versions = [
                    (PlanStatus.RETURNED, 18, 22, "整改措施针对性不强，责任未落实到人，请修改完善后重新报送。"),
                    (PlanStatus.APPROVED, 26, 29, ""),
                ]
            for version, (status, submitted, reviewed, comment) in enumerate(versions, 1):
                self.keep(
                    Plan(
                        assignment=a.assignment,
                        version=version,
                        text=text,
                        status=status,
                        submitted_by=self.unit_liaison[a.unit.code],
                        reviewed_by=staff.supervisor,
                        reviewed_at=at(feedback + dt.timedelta(days=reviewed), 15),
                        review_comment=comment,
                        created_at=at(feedback + dt.timedelta(days=submitted), 10),
                        updated_at=at(feedback + dt.timedelta(days=reviewed), 15),
                    )
                )

    def _approved_extension(self, issue: Issue, liaison, supervisor, start: dt.date) -> None:
        """The unit asked for a later deadline and the supervisor approved it (整改延期申请): only
        an approved request moves an issue's deadline, never a measure."""
        asked = min(start + dt.timedelta(days=3), self.today - dt.timedelta(days=1))
        self.keep(
            DeadlineExtension(
                issue=issue,
                requested_by=liaison,
                requested_deadline=issue.deadline,
                reason="涉及工程项目重新履行招标程序，原定期限内难以完成，申请延期。",
                status=ExtensionStatus.APPROVED,
                decided_by=supervisor,
                decided_at=at(asked, 16),
                decision_comment="同意延期，请按新的期限完成整改。",
                created_at=at(asked, 10),
            )
        )

    def _rectification(self) -> None:
        """Measures and progress for the open issues, the demo liaison's unit and a sample of closed ones;
        close-out reviews (with the 纠清治问建 outcome) for the closed ones among them."""
        rng, today = self.rng, self.today
        yesterday = today - dt.timedelta(days=1)
        by_issue = {i.pk: a for a in self.assignments for i in a.issues}
        sample = [
            i
            for i in self.objects[Issue]
            if i.status == IssueStatus.CLOSED and by_issue[i.pk].spec.index >= 13 and rng.random() < 0.05
        ]
        chosen = {i.pk: i for i in [*self.open_issues, *self.liaison_assignment.issues, *sample]}
        extended = self.liaison_assignment.issues[1]  # rectifying, deadline moved by an approved extension
        close_reviews = []
        for issue in chosen.values():
            a = by_issue[issue.pk]
            liaison = self.unit_liaison[a.unit.code]
            start = min(a.assignment.feedback_date + dt.timedelta(days=rng.randint(5, 12)), yesterday)
            if issue.immediate:
                kind = MeasureKind.IMMEDIATE
            elif issue.status == IssueStatus.LONG_TERM:
                kind = MeasureKind.LONG_TERM
            else:
                kind = MeasureKind.DEADLINE
            deadline = None if kind == MeasureKind.LONG_TERM else issue.deadline
            if issue is extended:
                deadline = issue.deadline = today + dt.timedelta(days=45)
                self._approved_extension(issue, liaison, self.staff[a.spec.office].supervisor, start)
            self.keep(
                Measure(
                    issue=issue,
                    content=f"针对“{issue.title}”问题，{rng.choice(MEASURE_ACTIONS)}，确保按期整改到位。",
                    responsible_leader=a.unit.deputy_name,
                    responsible_department=rng.choice(DEPARTMENTS_IN_UNIT)
                    if a.unit.kind != UnitKind.VILLAGE
                    else "村“两委”",
                    responsible_person=person_name(rng),
                    kind=kind,
                    deadline=deadline,
                    created_by=liaison,
                    created_at=at(start, 9),
                    updated_at=at(start, 9),
                )
            )
            if issue.status == IssueStatus.CLOSED:
                end, count = issue.closed_at.date() - dt.timedelta(days=1), rng.randint(1, 2)
            elif issue.status == IssueStatus.PENDING_REVIEW:
                end, count = issue.status_changed_at.date(), rng.randint(1, 2)
            elif issue.status == IssueStatus.LONG_TERM:
                end, count = today - dt.timedelta(days=rng.randint(10, 150)), rng.randint(2, 3)
            else:
                end, count = yesterday, 1 if issue is extended else rng.randint(0, 1)
            end = max(start, min(end, yesterday))
            days = sorted(start + dt.timedelta(days=rng.randrange((end - start).days + 1)) for _ in range(count))
            if issue.status == IssueStatus.LONG_TERM:
                days[-1] = end
                issue.next_progress_due = deadlines.long_term_next_report(a.office, end)
            for day in days:
                self.keep(
                    Progress(
                        issue=issue,
                        date=day,
                        text=rng.choice(PROGRESS_TEXTS),
                        submitted_by=liaison,
                        created_at=at(day, 17),
                    )
                )
            reviewer = self.staff[a.spec.office].supervisor
            if issue.status == IssueStatus.CLOSED:
                close_reviews.append(
                    self.keep(
                        Review(
                            issue=issue,
                            reviewer=reviewer,
                            decision=ReviewDecision.CLOSE,
                            comment="整改措施落实到位，佐证材料齐全，同意销号。",
                            corrected=1,
                            special_campaign=rng.choice(CAMPAIGNS) if rng.random() < 0.2 else "",
                            rules_made=rng.randint(0, 2),
                            created_at=issue.closed_at,
                        )
                    )
                )
            elif issue.status == IssueStatus.LONG_TERM:
                self.keep(
                    Review(
                        issue=issue,
                        reviewer=reviewer,
                        decision=ReviewDecision.LONG_TERM,
                        comment="该问题需长期坚持整改，转入长期整改，每半年报送一次进展。",
                        created_at=issue.status_changed_at,
                    )
                )
        # 清: funds refunded or recovered, 3213万元 over about a third of the close-outs.
        refunding = rng.sample(close_reviews, max(1, len(close_reviews) // 3))
        cents = apportion(int(SEED_FUNDS_REFUNDED_WAN * 100), [rng.expovariate(1) for _ in refunding])
        for review, amount in zip(refunding, cents, strict=True):
            review.funds_refunded_wan = Decimal(amount) / 100
        # Every other closed finding: measure, progress and a close-out review of its own (demo.closeouts).
        self._close_out_rest(chosen)

"""The row generators of the benchmark data (``seed_demo --scale N``): one per table, each
yielding tuples in the order of its column list, for :class:`demo.scale.ScaleLoader` to COPY."""

from __future__ import annotations

from collections.abc import Iterator

from accounts.choices import Role
from inspections.choices import (
    FED_BACK_STATUSES,
    ClueRecipient,
    ClueStatus,
    Disposal,
    GroupRole,
    IssueNature,
    IssueStatus,
    RoundKind,
    RoundStage,
    SecondedFrom,
    UnitKind,
    VillageCategory,
)
from rectification.choices import MeasureKind, PlanStatus

from .figures import UNUSABLE_PASSWORD
from .names import (
    BASES,
    CLUE_ACTS,
    DEPARTMENTS_IN_UNIT,
    DISPOSAL_TEXT,
    HOW_FOUND_TEXT,
    MEASURE_ACTIONS,
    PROGRESS_TEXTS,
    principal_post,
    reported_name,
    reported_post,
)

# Groups per round: the plan makes them, the rows number them (G1, G2, G3 in the codes).
GROUPS_PER_ROUND = 3
VILLAGE_CATEGORIES = [VillageCategory.GENERAL] * 5 + [
    VillageCategory.REVITALISATION,
    VillageCategory.CO_BUILDING,
    VillageCategory.PETITIONS,
    VillageCategory.ASSETS,
    VillageCategory.DEMOLITION,
]
ROUND_KIND_CYCLE = [RoundKind.REGULAR] * 5 + [
    RoundKind.SPECIAL,
    RoundKind.SPECIAL,
    RoundKind.MOBILE,
    RoundKind.ELEVATED,
    RoundKind.CROSS,
    RoundKind.PINPOINT,
    RoundKind.REVISIT,
    RoundKind.TOWNSHIP_VILLAGES,
    RoundKind.UNIT_VILLAGES,
]
# Issue statuses by the stage of their round: (statuses, cumulative weights).
STATUS_MIX = {
    RoundStage.CLOSED: (
        [IssueStatus.CLOSED, IssueStatus.LONG_TERM, IssueStatus.WITHDRAWN],
        [0.975, 0.99, 1.0],
    ),
    RoundStage.RECTIFICATION: (
        [
            IssueStatus.CLOSED, IssueStatus.RECTIFYING, IssueStatus.PENDING_REVIEW, IssueStatus.LONG_TERM,
            IssueStatus.WITHDRAWN,
        ],
        [0.55, 0.77, 0.90, 0.97, 1.0],
    ),
    RoundStage.ON_SITE: ([IssueStatus.DRAFT, IssueStatus.CONFIRMED], [0.55, 1.0]),
}  # fmt: skip
STATUS_CODES = list(IssueStatus.values)
FED_BACK_CODES = {STATUS_CODES.index(s) for s in FED_BACK_STATUSES}
# Progress entries per issue by status (about two on average).
PROGRESS_COUNTS = {
    IssueStatus.CLOSED: (2, 2, 3),
    IssueStatus.PENDING_REVIEW: (1, 2, 2),
    IssueStatus.LONG_TERM: (2, 3),
    IssueStatus.RECTIFYING: (0, 1, 1, 2),
}

UNIT_COLUMNS = [
    "id", "created_at", "updated_at", "name", "code", "kind", "parent_id", "office_id", "village_category",
    "principal_name", "principal_post", "deputy_name",
]  # fmt: skip
ROUND_COLUMNS = [
    "id", "created_at", "updated_at", "office_id", "term", "sequence", "kind", "theme", "planned_start",
    "planned_end", "stage",
]  # fmt: skip
ASSIGNMENT_COLUMNS = [
    "id", "created_at", "updated_at", "round_id", "unit_id", "group_id", "entry_date", "exit_date",
    "feedback_date", "plan_due", "report_due",
]  # fmt: skip
FEEDBACK_COLUMNS = ["created_at", "updated_at", "assignment_id", "meeting_date", "attendees", "recorded_by_id"]
PLAN_COLUMNS = [
    "created_at", "updated_at", "assignment_id", "version", "text", "status", "submitted_by_id", "reviewed_by_id",
    "reviewed_at",
]  # fmt: skip
ISSUE_COLUMNS = [
    "id", "created_at", "updated_at", "office_id", "round_id", "unit_id", "group_id", "assignment_id", "code",
    "category_id", "title", "facts", "basis", "how_found", "nature", "immediate", "case_officer_id",
    "deputy_reviewer_id", "reviewed_at", "found_on", "deadline", "status", "status_changed_at", "closed_at",
    "withdrawn_reason", "next_progress_due", "version", "home_office_id", "supervising_office_id",
]  # fmt: skip
MEASURE_COLUMNS = [
    "created_at", "updated_at", "issue_id", "content", "responsible_leader", "responsible_department",
    "responsible_person", "kind", "deadline", "created_by_id",
]  # fmt: skip
CLUE_COLUMNS = [
    "id", "created_at", "updated_at", "office_id", "round_id", "unit_id", "group_id", "assignment_id", "code",
    "summary", "status", "recipient", "recipient_body", "transfer_date", "letter_number", "disposal",
    "persons_accountable", "party_sanctions", "persons_to_judiciary", "loss_recovered_wan", "outcome_note",
    "result_due", "result_received", "withdrawn_reason", "created_by_id", "version", "home_office_id",
]  # fmt: skip


class ScaleRows:
    """Rows of every table of a batch, from the plan :class:`demo.scale.ScaleLoader` made."""

    def user_rows(self) -> Iterator[tuple]:
        joined = self.stamp(self.today - 2200)
        n_pool = len(self.offices) * self.pool
        for i, pk in enumerate(self.user_ids):
            if i < n_pool:
                username = f"{self.prefix.lower()}_xc{i // self.pool}_{i % self.pool:05d}"
            else:
                username = f"{self.prefix.lower()}_ll_{i - n_pool:06d}"
            yield (pk, UNUSABLE_PASSWORD, username, self.names[i % len(self.names)], joined)

    def role_rows(self) -> Iterator[tuple]:
        n_pool = len(self.offices) * self.pool
        for i in range(n_pool):
            yield (self.user_ids[i], self.offices[i // self.pool].pk, Role.INSPECTOR, None)
        for u in range(self.n_units):
            yield (self.user_ids[n_pool + u], self.offices[self.unit_office[u]].pk, Role.LIAISON, self.unit_ids[u])

    def liaison(self, unit: int) -> int:
        return self.user_ids[len(self.offices) * self.pool + unit]

    def unit_rows(self) -> Iterator[tuple]:
        created = self.stamp(self.today - 2200)
        villages = 0
        for u, pk in enumerate(self.unit_ids):
            kind = self.unit_kind[u]
            category = ""
            if kind == UnitKind.VILLAGE:
                category = VILLAGE_CATEGORIES[villages % len(VILLAGE_CATEGORIES)]
                villages += 1
            parent = self.unit_parent[u]
            name = self.unit_name[u]
            yield (
                pk,
                created,
                created,
                name,
                f"{self.prefix}-{self.unit_office[u]}-{u:06d}",
                kind,
                None if parent is None else self.unit_ids[parent],
                self.offices[self.unit_office[u]].pk,
                category,
                self.names[(u * 7) % len(self.names)],
                principal_post(kind, name),
                self.unit_deputy[u],
            )

    def round_rows(self) -> Iterator[tuple]:
        for r, pk in enumerate(self.round_ids):
            office, sequence, stage, start, entry, *_, feedback, _, _ = self.rounds[r]
            kind = ROUND_KIND_CYCLE[r % len(ROUND_KIND_CYCLE)]
            yield (
                pk,
                self.stamp(start - 20),
                self.stamp(min(feedback or entry, self.today)),
                self.offices[office].pk,
                self.term,
                sequence,
                kind,
                f"{RoundKind(kind).label}",
                self.day(start),
                self.day(entry + 35),
                stage,
            )

    def group_rows(self) -> Iterator[tuple]:
        for g, pk in enumerate(self.group_ids):
            r = g // GROUPS_PER_ROUND
            created = self.stamp(self.rounds[r][3] - 20)
            yield (pk, created, created, self.round_ids[r], g % GROUPS_PER_ROUND + 1)

    def membership_rows(self) -> Iterator[tuple]:
        rng = self.rng
        seconded = [value for value in SecondedFrom.values if value]
        for g, (leader, deputy, officers) in enumerate(self.groups):
            group = self.group_ids[g]
            yield (group, leader, GroupRole.LEADER, "")
            yield (group, deputy, GroupRole.DEPUTY, "")
            for user in officers[1:]:
                yield (group, user, GroupRole.MEMBER, rng.choice(seconded) if rng.random() < 0.3 else "")
        for g in self.inspector_groups:
            yield (self.group_ids[g], self.accounts["inspector"].pk, GroupRole.MEMBER, "")

    def assignment_rows(self) -> Iterator[tuple]:
        day = self.day
        for a, (r, u, g) in enumerate(self.assignments):
            _, _, _, start, entry, exit_day, feedback, plan_due, report_due = self.rounds[r]
            yield (
                self.assignment_ids[a],
                self.stamp(start),
                self.stamp(min(feedback or entry, self.today)),
                self.round_ids[r],
                self.unit_ids[u],
                self.group_ids[g],
                day(entry) if entry <= self.today else None,
                exit_day and day(exit_day),
                feedback and day(feedback),
                plan_due and day(plan_due),
                report_due and day(report_due),
            )

    def finished_assignments(self) -> Iterator[tuple[int, int, int, tuple]]:
        for a, (r, u, _) in enumerate(self.assignments):
            rnd = self.rounds[r]
            if rnd[6]:
                yield a, r, u, rnd

    def feedback_rows(self) -> Iterator[tuple]:
        for a, _, u, rnd in self.finished_assignments():
            feedback = rnd[6]
            yield (
                self.stamp(feedback, 16),
                self.stamp(feedback, 16),
                self.assignment_ids[a],
                self.day(feedback),
                f"巡察组全体成员，{self.unit_name[u]}领导班子成员及中层以上干部",
                self.supervisor[rnd[0]],
            )

    def plan_rows(self) -> Iterator[tuple]:
        for a, _, u, rnd in self.finished_assignments():
            feedback = rnd[6]
            yield (
                self.stamp(feedback + 20),
                self.stamp(feedback + 25, 15),
                self.assignment_ids[a],
                1,
                f"{self.unit_name[u]}关于巡察反馈问题的整改方案（共{self.issue_counts[a]}个问题）",
                PlanStatus.APPROVED,
                self.liaison(u),
                self.supervisor[rnd[0]],
                self.stamp(feedback + 25, 15),
            )

    def issue_rows(self) -> Iterator[tuple]:
        """Issues, assignment by assignment; keeps status, deadline and end day of each for later passes."""
        rng, today, day, stamp = self.rng, self.today, self.day, self.stamp
        random_, randrange = rng.random, rng.randrange
        categories = self.categories
        hows = list(HOW_FOUND_TEXT)
        codes = {s: STATUS_CODES.index(s) for s in STATUS_CODES}
        n = self.n_issues
        self.issue_status = bytearray(n)
        self.issue_immediate = bytearray(n)
        self.issue_deadline = [0] * n
        self.issue_end = [0] * n
        closed, pending, long_term = IssueStatus.CLOSED, IssueStatus.PENDING_REVIEW, IssueStatus.LONG_TERM
        rectifying, withdrawn, confirmed = IssueStatus.RECTIFYING, IssueStatus.WITHDRAWN, IssueStatus.CONFIRMED
        i = 0
        for a, (r, u, g) in enumerate(self.assignments):
            count = self.issue_counts[a]
            if not count:
                continue
            office, sequence, stage, _, entry, exit_day, feedback, _, report_due = self.rounds[r]
            statuses, weights = STATUS_MIX[stage]
            drawn = rng.choices(statuses, cum_weights=weights, k=count)
            office_id, round_id, unit_id = self.offices[office].pk, self.round_ids[r], self.unit_ids[u]
            group_id, assignment_id = self.group_ids[g], self.assignment_ids[a]
            leader, deputy, officers = self.groups[g]
            name = self.unit_name[u]
            span = 30 if exit_day else max(1, today - entry)
            prefix = f"R{sequence:02d}-G{g % GROUPS_PER_ROUND + 1}-{assignment_id:04d}-"
            if feedback:
                close_from = feedback + 15
                close_span = max(1, min(report_due + 45, today - 1) - close_from + 1)
                pending_from = max(feedback + 20, today - 45)
                pending_span = max(1, today - pending_from)
            for k in range(count):
                status = drawn[k]
                found = entry + randrange(span)
                category, titles = categories[randrange(len(categories))]
                title = titles[randrange(len(titles))]
                immediate = random_() < 0.12
                deadline = closed_at = next_due = None
                reason = ""
                reviewer = deputy
                reviewed = stamp(found + 2, 15)
                end = 0
                if status == closed:
                    end = close_from + randrange(close_span)
                    closed_at = changed = stamp(end, 15)
                    version = 5
                elif status == rectifying:
                    changed, version = stamp(feedback, 11), 3
                elif status == pending:
                    end = min(pending_from + randrange(pending_span), today - 1)
                    changed, version = stamp(end, 16), 4
                elif status == long_term:
                    changed, version = stamp(min(report_due + 10, today - 1), 11), 4
                    next_due = day(today + 10 + randrange(160))
                elif status == withdrawn:
                    changed, version = stamp(feedback + 5), 4
                    reason = "经核实不属于巡察发现问题，予以撤销。"
                elif status == confirmed:
                    changed, version = stamp(min(found + 3, today)), 2
                else:  # draft
                    changed, version = stamp(found), 1
                    reviewer = reviewed = None
                if feedback and status != withdrawn:
                    deadline = exit_day if immediate else report_due
                    self.issue_deadline[i] = deadline
                    deadline = day(deadline)
                self.issue_status[i] = codes[status]
                self.issue_immediate[i] = immediate
                self.issue_end[i] = end
                yield (
                    self.issue_ids[i],
                    stamp(found),
                    changed,
                    office_id,
                    round_id,
                    unit_id,
                    group_id,
                    assignment_id,
                    f"{prefix}{k + 1:03d}",
                    category,
                    title,
                    f"{name}{title}，涉及{randrange(2, 30)}项（笔）。",
                    BASES[randrange(len(BASES))],
                    hows[randrange(len(hows))],
                    IssueNature.COMMON if random_() < 0.3 else IssueNature.INDIVIDUAL,
                    immediate,
                    officers[randrange(len(officers))],
                    reviewer,
                    reviewed,
                    day(found),
                    deadline,
                    status,
                    changed,
                    closed_at,
                    reason,
                    next_due,
                    version,
                    self.offices[self.unit_office[u]].pk,
                    office_id,
                )
                i += 1

    def fed_back_issues(self) -> Iterator[tuple[int, int, int, int, tuple]]:
        """(issue index, status code, assignment, unit, round) of every fed-back issue, in id order."""
        i = 0
        status = self.issue_status
        for a, (r, u, _) in enumerate(self.assignments):
            count = self.issue_counts[a]
            rnd = self.rounds[r]
            if rnd[6]:
                for index in range(i, i + count):
                    if status[index] in FED_BACK_CODES:
                        yield index, status[index], a, u, rnd
            i += count

    def measure_rows(self) -> Iterator[tuple]:
        rng = self.rng
        today = self.today
        kinds = {STATUS_CODES.index(IssueStatus.LONG_TERM): MeasureKind.LONG_TERM}
        for i, status, _, u, rnd in self.fed_back_issues():
            start = min(rnd[6] + 5 + i % 8, today - 1)
            kind = kinds.get(status) or (MeasureKind.IMMEDIATE if self.issue_immediate[i] else MeasureKind.DEADLINE)
            deadline = self.issue_deadline[i]
            yield (
                self.stamp(start, 9),
                self.stamp(start, 9),
                self.issue_ids[i],
                f"针对巡察反馈问题，{MEASURE_ACTIONS[i % len(MEASURE_ACTIONS)]}，确保按期整改到位。",
                self.unit_deputy[u],
                DEPARTMENTS_IN_UNIT[i % len(DEPARTMENTS_IN_UNIT)],
                self.names[rng.randrange(len(self.names))],
                kind,
                None if kind == MeasureKind.LONG_TERM else self.day(deadline),
                self.liaison(u),
            )

    def progress_rows(self) -> Iterator[tuple]:
        rng = self.rng
        today = self.today
        counts = {STATUS_CODES.index(s): c for s, c in PROGRESS_COUNTS.items()}
        closed = STATUS_CODES.index(IssueStatus.CLOSED)
        for i, status, _, u, rnd in self.fed_back_issues():
            start = min(rnd[6] + 5 + i % 8, today - 1)
            end = self.issue_end[i]  # closed or reported done on that day
            if status == closed:
                end -= 1
            elif not end:
                end = today - 1
            end = max(start, min(end, today - 1))
            options = counts[status]
            issue, liaison = self.issue_ids[i], self.liaison(u)
            for _ in range(options[rng.randrange(len(options))]):
                date = start + rng.randrange(end - start + 1)
                yield (issue, self.day(date), PROGRESS_TEXTS[date % len(PROGRESS_TEXTS)], liaison, self.stamp(date, 17))

    def clue_rows(self) -> Iterator[tuple]:
        rng, today, day, stamp = self.rng, self.today, self.day, self.stamp
        random_, randrange = rng.random, rng.randrange
        disposals = list(DISPOSAL_TEXT)
        self.clue_persons = bytearray(self.n_clues)
        self.clue_kind = []
        i = 0
        for a, (r, u, g) in enumerate(self.assignments):
            count = self.clue_counts[a]
            if not count:
                continue
            office, sequence, _, _, entry, exit_day, feedback, _, _ = self.rounds[r]
            office_id, round_id, unit_id = self.offices[office].pk, self.round_ids[r], self.unit_ids[u]
            group_id, assignment_id = self.group_ids[g], self.assignment_ids[a]
            officers = self.groups[g][2]
            kind = self.unit_kind[u]
            prefix = f"XS-R{sequence:02d}-G{g % GROUPS_PER_ROUND + 1}-{assignment_id:04d}-"
            for k in range(count):
                found = entry + randrange(30 if exit_day else max(1, today - entry))
                persons = 2 if random_() < 0.3 else 1
                self.clue_persons[i] = persons
                self.clue_kind.append(kind)
                recipient = body = letter = disposal = outcome = ""
                transfer = result_due = received = None
                accountable = party = judiciary = 0
                loss = "0"
                reason = ""
                if not feedback:
                    status, version, changed = ClueStatus.DRAFT, 1, stamp(found, 15)
                else:
                    roll = random_()
                    status = (
                        ClueStatus.CONCLUDED
                        if roll < 0.80
                        else ClueStatus.TRANSFERRED
                        if roll < 0.97
                        else ClueStatus.WITHDRAWN
                    )
                if status in (ClueStatus.CONCLUDED, ClueStatus.TRANSFERRED):
                    transfer_day = min(exit_day + 5 + randrange(20), today - 1)
                    transfer = day(transfer_day)
                    result_due = day(self.add_months(office, transfer_day, "clue"))
                    recipient = ClueRecipient.DISCIPLINE if random_() < 0.8 else ClueRecipient.ORGANISATION
                    body = "纪委监委" if recipient == ClueRecipient.DISCIPLINE else "组织部"
                    letter = f"{self.prefix}巡移〔{transfer[:4]}〕{i + 1}号"
                    version, changed = 2, stamp(transfer_day, 16)
                    if status == ClueStatus.CONCLUDED:
                        received_day = min(transfer_day + 30 + randrange(150), today - 1)
                        received = day(received_day)
                        disposal = disposals[randrange(len(disposals))]
                        if disposal not in (Disposal.CLOSED, Disposal.SHELVED):
                            accountable = 1 + randrange(4)
                            party = randrange(accountable + 1)
                            judiciary = 1 if disposal == Disposal.CASE and random_() < 0.1 else 0
                            if random_() < 0.3:
                                loss = f"{randrange(100, 500000) / 100:.2f}"
                        outcome = f"经{DISPOSAL_TEXT[disposal]}，追责问责{accountable}人。"
                        version, changed = 3, stamp(received_day, 16)
                elif status == ClueStatus.WITHDRAWN:
                    reason, version, changed = "经核实不属于问题线索，予以撤销。", 2, stamp(exit_day, 16)
                yield (
                    self.clue_ids[i],
                    stamp(found, 15),
                    changed,
                    office_id,
                    round_id,
                    unit_id,
                    group_id,
                    assignment_id,
                    f"{prefix}{k + 1:03d}",
                    f"反映{self.unit_name[u]}有关人员{CLUE_ACTS[i % len(CLUE_ACTS)]}问题。",
                    status,
                    recipient,
                    body,
                    transfer,
                    letter,
                    disposal,
                    accountable,
                    party,
                    judiciary,
                    loss,
                    outcome,
                    result_due,
                    received,
                    reason,
                    officers[randrange(len(officers))],
                    version,
                    self.offices[self.unit_office[u]].pk,
                )
                i += 1

    def person_rows(self) -> Iterator[tuple]:
        rng = self.rng
        for i, pk in enumerate(self.clue_ids):
            kind = self.clue_kind[i]
            for _ in range(self.clue_persons[i]):
                post, rank = reported_post(kind, rng, city_level=False)
                yield (pk, reported_name(rng), post, rank)

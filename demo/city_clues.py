"""Steps of the demo data set's builder for clues (937 transferred, their outcome figures and the
persons they name) and the ledger rows: 书记点人点事点问题, special reports, 督办 actions."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING

from inspections import deadlines
from inspections.choices import ClueRecipient, ClueStatus, Disposal, IssueStatus, PersonRank, PointKind, UnitKind
from inspections.models import Clue, CluePerson, SecretaryPoint, SpecialReport, Unit
from rectification.choices import ActionKind, ActionReason
from rectification.models import Action

from .accounts import CITY_OFFICE
from .catalogue import OFFICE_PLACES
from .copy import reserve_ids
from .figures import (
    CLUES_AWAITING_RESULT,
    ON_SITE_DAYS,
    SEED_CLUES_TRANSFERRED,
    SEED_COUNTY_LEVEL_CLUES,
    SEED_LOSS_RECOVERED_WAN,
    SEED_PERSONS_ACCOUNTABLE,
    SEED_PERSONS_TO_JUDICIARY,
    SEED_ROUNDS,
    SEED_SELF_SURRENDERS,
    SEED_UNITS_CALLED_IN,
    apportion,
    at,
)
from .names import (
    CAMPAIGNS,
    CLUE_ACTS,
    COUNTY_LEVEL_POSTS,
    DISPOSAL_TEXT,
    POINT_PROBLEMS,
    SPECIAL_REPORTS,
    reported_name,
    reported_post,
)

if TYPE_CHECKING:
    from .city import AssignmentInfo


class ClueSteps:
    """Clues and the ledger rows: steps of :class:`demo.city.DemoBuilder`."""

    def _clues(self) -> None:
        """937 transferred clues (57 still awaiting results) with their figures; one draft on site."""
        rng, today = self.rng, self.today
        yesterday = today - dt.timedelta(days=1)
        finished = [a for a in self.assignments if a.assignment.feedback_date]
        grassroots = (UnitKind.VILLAGE, UnitKind.TOWNSHIP)
        weights = [len(a.issues) * (1.3 if a.unit.kind in grassroots else 1) * rng.uniform(0.6, 1.4) for a in finished]
        counts = apportion(SEED_CLUES_TRANSFERRED, weights)
        ids = iter(reserve_ids(Clue, SEED_CLUES_TRANSFERRED + 1))
        clues, durations = [], {}
        for a, count in zip(finished, counts, strict=True):
            for _ in range(count):
                found = a.assignment.entry_date + dt.timedelta(days=rng.randrange(ON_SITE_DAYS))
                transfer = min(a.assignment.exit_date + dt.timedelta(days=rng.randint(5, 25)), yesterday)
                clue = self._clue(next(ids), a, found)
                clue.transfer_date = transfer
                clue.result_due = deadlines.clue_result_due(a.office, transfer)
                roll = rng.random()
                clue.recipient = (
                    ClueRecipient.DISCIPLINE
                    if roll < 0.78
                    else ClueRecipient.ORGANISATION
                    if roll < 0.95
                    else ClueRecipient.OTHER
                )
                place = OFFICE_PLACES[a.spec.office][0]
                clue.recipient_body = {
                    ClueRecipient.DISCIPLINE: f"{place}纪委监委",
                    ClueRecipient.ORGANISATION: f"{place}委组织部",
                    ClueRecipient.OTHER: f"{place}审计局",
                }[clue.recipient]
                durations[clue.pk] = 45 + int(rng.expovariate(1 / 100))
                clues.append(clue)
        # Letter numbers (移交函文号) run per office and year in transfer order.
        letters: Counter = Counter()
        for clue in sorted(clues, key=lambda c: (c.transfer_date, c.pk)):
            key = (clue.office_id, clue.transfer_date.year)
            letters[key] += 1
            abbr = OFFICE_PLACES[self._office_name(clue.office_id)][1]
            clue.letter_number = f"{abbr}移〔{clue.transfer_date.year}〕{letters[key]}号"
        # The results not back yet are those that would take longest past today.
        waiting = sorted(clues, key=lambda c: c.transfer_date + dt.timedelta(days=durations[c.pk]), reverse=True)
        for clue in waiting[:CLUES_AWAITING_RESULT]:
            clue.status = ClueStatus.TRANSFERRED
            clue.disposal = Disposal.PRELIMINARY if rng.random() < 0.5 else ""
            clue.version = 2
            clue.updated_at = at(clue.transfer_date, 16)
        concluded = waiting[CLUES_AWAITING_RESULT:]
        for clue in concluded:
            clue.status = ClueStatus.CONCLUDED
            clue.result_received = max(
                clue.transfer_date + dt.timedelta(days=1),
                min(clue.transfer_date + dt.timedelta(days=durations[clue.pk]), yesterday),
            )
            clue.disposal = rng.choices(list(DISPOSAL_TEXT), [0.25, 0.25, 0.08, 0.12, 0.30])[0]
            clue.version = 3
            clue.updated_at = at(clue.result_received, 16)
        self._outcomes(concluded)
        self._reported_persons(clues)
        # The round on site: one clue registered by the demo inspector, not transferred yet.
        group = self.demo_groups[SEED_ROUNDS]
        a = next(a for a in self.assignments if a.group is group)
        clue = self._clue(next(ids), a, min(a.assignment.entry_date + dt.timedelta(days=3), today))
        clue.created_by = self.accounts["inspector"]
        clue.status = ClueStatus.DRAFT
        clue.version = 1
        clue.updated_at = clue.created_at
        self._reported_persons([clue], county_level=0)

    def _office_name(self, office_id: int) -> str:
        return next(name for name, office in self.offices.items() if office.pk == office_id)

    def _clue(self, pk: int, a: AssignmentInfo, found: dt.date) -> Clue:
        clue = Clue(
            id=pk,
            assignment=a.assignment,
            code=f"XS-R{a.spec.sequence:02d}-G{a.group.group.number}-{a.assignment.pk:04d}-{len(a.clues) + 1:03d}",
            summary="",
            created_by=self.rng.choice(a.group.officers),
            created_at=at(found, 15),
        )
        clue.office_id, clue.round_id, clue.unit_id, clue.group_id = (
            a.office.pk,
            a.assignment.round_id,
            a.unit.pk,
            a.group.group.pk,
        )
        clue.home_office_id = a.unit.office_id
        a.clues.append(clue)
        return self.keep(clue)

    def _outcomes(self, concluded: list[Clue]) -> None:
        """The seed's outcome figures, split exactly over the concluded clues."""
        rng = self.rng
        cases = [c for c in concluded if c.disposal == Disposal.CASE]
        judiciary = dict(
            zip(
                (c.pk for c in rng.sample(cases, 44)),
                apportion(SEED_PERSONS_TO_JUDICIARY, [rng.random() for _ in range(44)], [1] * 44),
                strict=True,
            )
        )
        eligible = [c for c in concluded if c.disposal in (Disposal.CASE, Disposal.PRELIMINARY, Disposal.INQUIRY)]
        accountable = apportion(
            SEED_PERSONS_ACCOUNTABLE,
            [rng.uniform(0.5, 2.5) * (1.5 if c.disposal == Disposal.CASE else 1) for c in eligible],
            [max(1, judiciary.get(c.pk, 0)) for c in eligible],
        )
        for clue, persons in zip(eligible, accountable, strict=True):
            clue.persons_accountable = persons
            clue.persons_to_judiciary = judiciary.get(clue.pk, 0)
            if clue.disposal == Disposal.CASE:
                clue.party_sanctions = max(1, persons - rng.randint(0, 1))
                clue.admin_sanctions = rng.randint(0, persons)
            else:
                clue.party_sanctions = rng.randint(0, persons // 2)
        for clue in rng.sample(cases, SEED_SELF_SURRENDERS):
            clue.self_surrenders = 1
        paying = [c for c in concluded if c.disposal in (Disposal.CASE, Disposal.PRELIMINARY) and rng.random() < 0.65]
        cents = apportion(int(SEED_LOSS_RECOVERED_WAN * 100), [rng.expovariate(1) for _ in paying])
        for clue, amount in zip(paying, cents, strict=True):
            clue.loss_recovered_wan = Decimal(amount) / 100
        for clue in concluded:
            parts = [f"经{DISPOSAL_TEXT[clue.disposal]}"]
            if clue.persons_accountable:
                parts.append(f"追责问责{clue.persons_accountable}人")
            if clue.party_sanctions:
                parts.append(f"给予党纪处分{clue.party_sanctions}人")
            if clue.persons_to_judiciary:
                parts.append(f"移送司法机关{clue.persons_to_judiciary}人")
            if clue.loss_recovered_wan:
                parts.append(f"挽回和避免经济损失{clue.loss_recovered_wan}万元")
            if len(parts) == 1:
                parts.append("问题不属实或情节轻微，予以了结")
            clue.outcome_note = "，".join(parts) + "。"

    def _reported_persons(self, clues: list[Clue], county_level: int = SEED_COUNTY_LEVEL_CLUES) -> None:
        """One to three persons per clue; exactly ``county_level`` clues name a 县处级 official."""
        rng = self.rng
        units = {u.pk: u for u in self.units.values()}
        city = self.offices[CITY_OFFICE].pk

        def city_level(unit: Unit) -> bool:
            # Units of 县处级 rank: city bodies and the counties' development zones.
            return unit.kind not in (UnitKind.VILLAGE, UnitKind.TOWNSHIP) and (
                unit.office_id == city or unit.kind == UnitKind.OTHER
            )

        candidates = [c for c in clues if city_level(units[c.unit_id])]
        senior = {c.pk for c in rng.sample(candidates, county_level)}
        for clue in clues:
            unit = units[clue.unit_id]
            people = []
            if clue.pk in senior:
                posts = COUNTY_LEVEL_POSTS.get(unit.kind, ["党组书记", "主任", "副主任"])
                people.append((reported_name(rng), rng.choice(posts), PersonRank.COUNTY))
            for _ in range(rng.choice([1, 1, 1, 2, 2, 3]) - len(people)):
                post, rank = reported_post(unit.kind, rng, city_level(unit))
                people.append((reported_name(rng), post, rank))
            for name, post, rank in people:
                self.keep(CluePerson(clue=clue, name=name, post=post, rank=rank))
            name, post, _ = people[0]
            clue.summary = f"反映{unit.name}{post}{name}{rng.choice(CLUE_ACTS)}问题。"

    def _ledgers(self) -> None:
        """书记点人点事点问题, the 15 special reports and the 督办 actions (约谈/通报 of 16 units)."""
        rng, today = self.rng, self.today
        yesterday = today - dt.timedelta(days=1)
        by_round = defaultdict(list)
        for a in self.assignments:
            by_round[a.spec.index].append(a)
        kinds = [PointKind.PERSON, PointKind.MATTER, PointKind.PROBLEM]
        for spec in self.catalogue.rounds:
            rnd = self.rounds[spec.index]
            finished = spec.index < SEED_ROUNDS
            for n in range(2 if spec.office == CITY_OFFICE and spec.index % 2 == 0 else 1):
                a = rng.choice(by_round[spec.index])
                kind = kinds[(spec.index + n) % 3]
                content = {
                    PointKind.PERSON: f"关注{a.unit.name}主要负责人{a.unit.principal_name}履职用权和廉洁自律情况",
                    PointKind.MATTER: f"关注{a.unit.name}重大项目资金使用和“三重一大”事项决策情况",
                    PointKind.PROBLEM: f"关注群众反映强烈的{rng.choice(POINT_PROBLEMS)}问题",
                }[kind]
                response = (
                    f"已纳入巡察重点，发现问题{len(a.issues)}个，移交问题线索{len(a.clues)}件，已督促整改落实。"
                    if finished
                    else "巡察组正在了解核实。"
                )
                self.keep(
                    SecretaryPoint(
                        round=rnd,
                        unit=a.unit,
                        kind=kind,
                        content=content,
                        response=response,
                        created_by=self.staff[spec.office].supervisor,
                        created_at=at(rnd.planned_start - dt.timedelta(days=5)),
                        updated_at=at(rnd.planned_start - dt.timedelta(days=5)),
                    )
                )
        city_supervisor = self.staff[CITY_OFFICE].supervisor
        for number, (index, title, campaign) in enumerate(SPECIAL_REPORTS, 1):
            day = by_round[index][0].assignment.feedback_date + dt.timedelta(days=10)
            self.keep(
                SpecialReport(
                    round=self.rounds[index],
                    number=number,
                    title=title,
                    suggestions="一是压实主体责任，二是开展专项治理，三是健全长效机制，四是强化成果运用。",
                    recipients="市委主要领导、市委分管领导，市纪委监委、市委组织部",
                    campaigns=CAMPAIGNS[campaign] if campaign is not None else "",
                    created_by=city_supervisor,
                    created_at=at(day),
                    updated_at=at(day),
                )
            )
        # 约谈/通报: units slow to rectify first (open issues past due), then earlier rounds.
        overdue = [a for a in self.assignments if a.assignment.report_due and a.assignment.report_due < today]
        lagging = [a for a in overdue if any(i.status == IssueStatus.RECTIFYING for i in a.issues)]
        others = [a for a in overdue if a not in lagging]
        called_in, seen = [], set()
        for a in [*lagging, *rng.sample(others, len(others))]:
            if a.unit.pk not in seen:
                seen.add(a.unit.pk)
                called_in.append(a)
        for n, a in enumerate(called_in[:SEED_UNITS_CALLED_IN]):
            day = min(a.assignment.report_due + dt.timedelta(days=rng.randint(10, 50)), yesterday)
            self._action(
                a,
                ActionKind.INTERVIEW if n % 2 == 0 else ActionKind.NOTICE,
                ActionReason.DELAY if n % 3 else ActionReason.INEFFECTIVE,
                day,
            )
        reminded = [
            a
            for a in self.assignments
            if a.spec.index in (16, 17) and any(i.status == IssueStatus.RECTIFYING for i in a.issues)
        ]
        for a in [self.liaison_assignment, *[a for a in reminded if a is not self.liaison_assignment][:3]]:
            self._action(a, ActionKind.REMINDER, ActionReason.DELAY, today - dt.timedelta(days=rng.randint(3, 20)))

    def _action(self, a: AssignmentInfo, kind: str, reason: str, day: dt.date) -> None:
        notes = {
            ActionKind.INTERVIEW: "约谈单位主要负责人，要求压实整改主体责任，限期完成整改。",
            ActionKind.NOTICE: "在全市范围内通报，责令限期整改并报送整改情况。",
            ActionKind.REMINDER: "整改期限临近或已过，提醒加快整改进度，及时报送整改进展和佐证材料。",
            ActionKind.SUPERVISION: "发出督办通知，跟踪督办整改落实情况。",
        }
        self.keep(
            Action(
                unit=a.unit,
                assignment=a.assignment,
                kind=kind,
                reason=reason,
                date=day,
                note=notes[kind],
                taken_by=self.staff[a.spec.office].supervisor,
                created_at=at(day, 11),
                updated_at=at(day, 11),
            )
        )

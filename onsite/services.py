"""Writes on the on-site registers: record and edit an entry, turn it into a finding or a clue
through the inspection services (its text carried over, linked both ways, the finding's 发现方式
from the register), and triage a letter (信访件处置): hand it over (转办) with a due date for the
reply, record the reply, or close it with a reason (了结).

Every service is keyword-only and atomic, checks the actor's role in the group or office, and
refuses writes to an archived round (as the inspection services do)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scopes import CLUE_READERS, group_role, reaches_office, require, require_group_role
from core.errors import TransitionError
from core.services import service
from inspections import services as inspections
from inspections.choices import GroupRole, IssueNature
from inspections.models import Assignment, Clue, Issue, IssueCategory

from .choices import HOW_FOUND, LetterStatus
from .models import REGISTERS, Entry, Letter

# The fields a caller may set on each register's entries (create and edit).
EDITABLE: dict[str, tuple[str, ...]] = {
    "talk": ("person_name", "person_post", "talked_on", "talkers", "summary", "follow_ups"),
    "letter": (
        "channel",
        "received_on",
        "anonymous",
        "reporter_name",
        "reporter_phone",
        "subject",
        "about_whom",
        "text",
    ),
    "document_check": ("title", "provided_by", "requested_on", "returned_on", "notes"),
    "spot_check": ("person_name", "person_post", "checked_on", "result", "notes"),
    "visit": ("visited_on", "place", "people_met", "summary"),
}


def _set_fields(entry: Entry, fields: dict) -> None:
    allowed = EDITABLE[entry.kind]
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise ValidationError({name: _("该字段不能修改。") for name in unknown})
    for name, value in fields.items():
        setattr(entry, name, value)
    if entry.kind == "letter" and entry.anonymous:
        # An anonymous letter keeps no name or phone, whatever was typed.
        entry.reporter_name = ""
        entry.reporter_phone = ""


def _locked(entry: Entry) -> Entry:
    locked = type(entry).objects.select_for_update().select_related("assignment").get(pk=entry.pk)
    inspections.require_round_open(locked.round_id)
    return locked


@service("onsite_entry_create")
def entry_create(*, actor: User, kind: str, assignment: Assignment, **fields) -> Entry:
    """A member of the assignment's group records an entry in one of the registers."""
    model = REGISTERS[kind]
    require_group_role(actor, assignment.group_id, inspections.ANY_GROUP_ROLE, _("登记现场工作台账"))
    inspections.require_round_open(assignment.round_id)
    entry = model(assignment=assignment, created_by=actor)
    entry.copy_from_assignment()
    _set_fields(entry, fields)
    entry.full_clean()
    entry.save()
    return entry


@service("onsite_entry_update")
def entry_update(*, actor: User, entry: Entry, version: int | None = None, **fields) -> Entry:
    """A member of the group corrects an entry; a letter only until it is triaged."""
    require_group_role(actor, entry.group_id, inspections.ANY_GROUP_ROLE, _("修改现场工作台账"))
    entry = _locked(entry)
    if isinstance(entry, Letter):
        inspections.check_version(entry, version)
        if entry.status != LetterStatus.RECEIVED:
            raise TransitionError(_("信访件已处置，不能再修改。"))
        entry.version += 1
    _set_fields(entry, fields)
    entry.full_clean()
    entry.save()
    return entry


def is_letter_triager(user: User, letter: Letter) -> bool:
    """The group leader, and the clue readers (clue officers, admins) of the owning office."""
    return group_role(user, letter.group_id) == GroupRole.LEADER or reaches_office(user, letter.office_id, CLUE_READERS)


def _require_triage(actor: User, letter: Letter, version: int | None) -> Letter:
    require(
        is_letter_triager(actor, letter),
        _("只有本巡察组组长或本级、上级机构的线索管理员、系统管理员可以处置信访件。"),
    )
    letter = _locked(letter)
    inspections.check_version(letter, version)
    if letter.status != LetterStatus.RECEIVED:
        raise TransitionError(
            _("信访件当前状态为“%(status)s”，不能再次处置。") % {"status": letter.get_status_display()}
        )
    return letter


def _triaged(letter: Letter, status: str, **changes) -> Letter:
    letter.status = status
    letter.triaged_at = timezone.now()
    for name, value in changes.items():
        setattr(letter, name, value)
    letter.version += 1
    letter.full_clean()
    letter.save()
    return letter


def _prepare_conversion(actor: User, entry: Entry, link: str, version: int | None) -> Entry:
    if isinstance(entry, Letter):
        return _require_triage(actor, entry, version)
    entry = _locked(entry)
    if getattr(entry, f"{link}_id"):
        message = _("该记录已转为问题。") if link == "issue" else _("该记录已转为问题线索。")
        raise TransitionError(message)
    return entry


@service("onsite_entry_to_issue")
def entry_to_issue(
    *,
    actor: User,
    entry: Entry,
    category: IssueCategory,
    title: str = "",
    nature: str = IssueNature.INDIVIDUAL,
    immediate: bool = False,
    version: int | None = None,
) -> Issue:
    """Turn an entry into a draft finding: its text becomes the facts, its register the finding's
    发现方式, and the entry keeps the link (a letter is triaged 已转为问题)."""
    entry = _prepare_conversion(actor, entry, "issue", version)
    issue = inspections.issue_create(
        actor=actor,
        assignment=entry.assignment,
        category=category,
        title=(title or "").strip() or entry.conversion_title(),
        facts=entry.conversion_text(),
        how_found=HOW_FOUND[entry.kind],
        nature=nature,
        immediate=immediate,
    )
    if isinstance(entry, Letter):
        _triaged(entry, LetterStatus.TO_ISSUE, issue=issue)
    else:
        entry.issue = issue
        entry.save(update_fields=["issue", "updated_at"])
    return issue


@service("onsite_entry_to_clue")
def entry_to_clue(*, actor: User, entry: Entry, summary: str = "", version: int | None = None) -> Clue:
    """Turn an entry into a problem clue: its text becomes the summary, the person it is about the
    person reported; the entry keeps the link (a letter is triaged 已转为线索)."""
    entry = _prepare_conversion(actor, entry, "clue", version)
    clue = inspections.clue_create(
        actor=actor,
        assignment=entry.assignment,
        summary=(summary or "").strip() or entry.conversion_text(),
        persons=entry.conversion_persons(),
    )
    if isinstance(entry, Letter):
        _triaged(entry, LetterStatus.TO_CLUE, clue=clue)
    else:
        entry.clue = clue
        entry.save(update_fields=["clue", "updated_at"])
    return clue


@service("onsite_letter_hand_over")
def letter_hand_over(
    *, actor: User, letter: Letter, handed_to: str, reply_due: dt.date, version: int | None = None
) -> Letter:
    """Hand a letter to the competent body (转办), with the date its reply is due."""
    letter = _require_triage(actor, letter, version)
    handed_to = inspections.required_text(handed_to, "handed_to", _("请填写转办单位。"))
    if reply_due < letter.received_on:
        raise ValidationError({"reply_due": _("反馈期限不能早于受理日期。")})
    return _triaged(letter, LetterStatus.HANDED_OVER, handed_to=handed_to, reply_due=reply_due)


@service("onsite_letter_close")
def letter_close(*, actor: User, letter: Letter, reason: str, version: int | None = None) -> Letter:
    """Close a letter with a reason (了结: nothing to pursue, repeated, outside the remit …)."""
    letter = _require_triage(actor, letter, version)
    reason = inspections.required_text(reason, "reason", _("请填写了结理由。"))
    return _triaged(letter, LetterStatus.CLOSED, closed_reason=reason)


@service("onsite_letter_record_reply")
def letter_record_reply(
    *, actor: User, letter: Letter, received_on: dt.date, reply: str, version: int | None = None
) -> Letter:
    """Record the competent body's reply on a handed-over letter (办理结果反馈)."""
    require(
        is_letter_triager(actor, letter),
        _("只有本巡察组组长或本级、上级机构的线索管理员、系统管理员可以登记办理结果。"),
    )
    letter = _locked(letter)
    inspections.check_version(letter, version)
    if letter.status != LetterStatus.HANDED_OVER or letter.reply_received_on:
        raise TransitionError(_("只有已转办、尚未反馈的信访件可以登记办理结果。"))
    letter.reply_received_on = received_on
    letter.reply = inspections.required_text(reply, "reply", _("请填写办理结果。"))
    letter.version += 1
    letter.full_clean()
    letter.save()
    return letter


def overdue_hand_overs(queryset: models.QuerySet, today: dt.date) -> models.QuerySet:
    """Letters handed over whose reply is past due and not received (stored due date, computed
    overdue)."""
    return queryset.filter(status=LetterStatus.HANDED_OVER, reply_received_on__isnull=True, reply_due__lt=today)

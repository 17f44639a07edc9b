"""The public reporting channel (码上巡察): the only pages without sign-in.

- A channel belongs to an on-site assignment; its link carries a secret token and is printed as a
  QR code and a short link on the round's notice. It takes reports from ``opens_on`` to
  ``closes_on`` only, and never while the round is archived.
- A report lands as a :class:`~onsite.models.Letter` (channel 码上巡察) in the group's register,
  status 待处置, with a query code the reporter keeps; the status page tells received / being
  handled / handled, nothing more.
- Attachments: images (JPG, PNG) and PDFs only, checked by content and size.
- Rate limits in Redis (the Django cache): per address and global, per minute, and reports per
  address per day. The address is kept only as a salted hash inside the limiter's keys; nothing of
  it is stored with the report.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scopes import MANAGERS, group_role, reaches_office, require
from core.errors import ApplicationError
from core.services import service
from inspections import deadlines
from inspections import services as inspections
from inspections.choices import GroupRole
from inspections.models import Assignment
from rectification.evidence import JPEG, PDF, PNG, check_evidence

from .choices import LetterChannel
from .models import Letter, LetterAttachment, PublicChannel

ALLOWED_KINDS = (JPEG, PNG, PDF)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed from paper


@dataclass(frozen=True)
class Limits:
    """Requests per address per minute, all addresses per minute, reports per address per day,
    attachments per report and bytes per attachment (settings ``ONSITE_PUBLIC_*``)."""

    per_address: int
    overall: int
    reports_per_day: int
    max_files: int
    max_file_bytes: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            per_address=getattr(settings, "ONSITE_PUBLIC_RATE_PER_ADDRESS", 20),
            overall=getattr(settings, "ONSITE_PUBLIC_RATE_OVERALL", 600),
            reports_per_day=getattr(settings, "ONSITE_PUBLIC_REPORTS_PER_ADDRESS_DAY", 10),
            max_files=getattr(settings, "ONSITE_PUBLIC_MAX_FILES", 3),
            max_file_bytes=getattr(settings, "ONSITE_PUBLIC_MAX_FILE_BYTES", 5 * 1024 * 1024),
        )


class RateLimited(ApplicationError):
    status_code = 429
    default_code = "rate_limited"


def address_hash(address: str) -> str:
    """A salted hash of the client's address (the salt is derived from SECRET_KEY): the only trace
    of an address the channel keeps, and only in the limiter's expiring keys."""
    return salted_hmac("onsite.public.address", address or "-").hexdigest()[:32]


def _hit(key: str, limit: int, window: int) -> bool:
    """Count one hit in the current window; False once the limit is passed."""
    bucket = f"onsite:rl:{key}:{int(time.time() // window)}"
    if cache.add(bucket, 1, timeout=window + 5):
        count = 1
    else:
        try:
            count = cache.incr(bucket)
        except ValueError:  # expired between add and incr
            cache.add(bucket, 1, timeout=window + 5)
            count = 1
    return count <= limit


def throttle(address: str) -> None:
    """Refuse (429) a request over the per-address or the overall rate per minute."""
    limits = Limits.from_settings()
    if not _hit(f"a:{address_hash(address)}", limits.per_address, 60):
        raise RateLimited(_("请求过于频繁，请稍后再试。"))
    if not _hit("all", limits.overall, 60):
        raise RateLimited(_("当前反映人数较多，请稍后再试。"))


def throttle_report(address: str) -> None:
    """Refuse (429) a report over the per-address daily count."""
    if not _hit(f"r:{address_hash(address)}", Limits.from_settings().reports_per_day, 86400):
        raise RateLimited(_("同一网络当日提交次数已达上限，请明日再试或通过来信、来电反映。"))


def new_token() -> str:
    return secrets.token_urlsafe(18)


def new_query_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
        if not Letter.objects.filter(query_code=code).exists():
            return code


def open_channel(token: str, today=None) -> PublicChannel | None:
    """The channel of a token while it takes reports; None otherwise (unknown, not yet or no
    longer open: the page says only that the channel is closed)."""
    channel = (
        PublicChannel.objects.select_related("assignment__round", "assignment__unit", "assignment__group")
        .filter(token=token)
        .first()
    )
    if channel is None or not channel.is_open(today or deadlines.today()):
        return None
    return channel


@service("onsite_channel_open")
def channel_open(*, actor: User, assignment: Assignment, opens_on, closes_on) -> PublicChannel:
    """The group leader (or a supervisor or admin of the round's office) opens the assignment's
    public channel for the reporting period, or changes the period; the token stays."""
    require(
        group_role(actor, assignment.group_id) == GroupRole.LEADER
        or reaches_office(actor, assignment.round.office_id, MANAGERS),
        _("只有本巡察组组长或巡察机构的监督审核人员、系统管理员可以开通码上巡察。"),
    )
    inspections.require_round_open(assignment.round_id)
    channel = PublicChannel.objects.select_for_update().filter(assignment=assignment).first()
    if channel is None:
        channel = PublicChannel(assignment=assignment, token=new_token(), created_by=actor)
    channel.opens_on, channel.closes_on = opens_on, closes_on
    channel.full_clean()
    channel.save()
    return channel


def check_attachments(files) -> list:
    """Images and PDFs only, by content, each within the size limit, at most ``max_files``."""
    limits = Limits.from_settings()
    files = [file for file in files if file]
    if len(files) > limits.max_files:
        raise ValidationError({"files": _("最多上传%(count)s个附件。") % {"count": limits.max_files}})
    checked = []
    for file in files:
        if file.size > limits.max_file_bytes:
            raise ValidationError(
                {"files": _("附件“%(name)s”超过 %(mb)s MB。") % {"name": file.name, "mb": limits.max_file_bytes >> 20}}
            )
        result = check_evidence(file)
        if result.kind not in ALLOWED_KINDS:
            raise ValidationError({"files": _("附件“%(name)s”不是图片或 PDF 文件。") % {"name": file.name}})
        checked.append((file, result))
    return checked


@service("onsite_public_report")
def public_report_submit(
    *, channel: PublicChannel, subject: str, text: str, name: str = "", phone: str = "", files=()
) -> Letter:
    """A report from the public page: a letter (码上巡察) in the group's register, with a query code."""
    assignment = channel.assignment
    if not channel.is_open(deadlines.today()):
        raise ApplicationError(_("本轮巡察受理期已结束，渠道已关闭。"), code="channel_closed")
    inspections.require_round_open(assignment.round_id)
    attachments = check_attachments(files)
    name, phone = (name or "").strip(), (phone or "").strip()
    letter = Letter(
        assignment=assignment,
        channel=LetterChannel.PUBLIC,
        received_on=deadlines.today(),
        anonymous=not name and not phone,
        reporter_name=name,
        reporter_phone=phone,
        subject=(subject or "").strip(),
        text=(text or "").strip(),
        query_code=new_query_code(),
    )
    letter.copy_from_assignment()
    letter.full_clean()
    letter.save()
    for file, result in attachments:
        LetterAttachment.objects.create(
            letter=letter, file=file, name=file.name[:200], content_type=result.content_type, size=result.size
        )
    return letter

"""What the rectification screen tests share: the world (two units' liaisons, a second
supervisor), signing in, reading a page, and issues fed back, with evidence or pending review."""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.choices import Role
from inspections import deadlines
from inspections import services as issue_services
from inspections.choices import IssueStatus
from inspections.models import Issue
from rectification import services
from rectification.models import Progress
from tests.factories import make_issue, make_world, user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 64
    + b"This program cannot be run in DOS mode."
)
CONFLICT = "该记录已被他人修改，请刷新页面后重试。"
TODAY = deadlines.today()


def screen_world():
    """The shared world, with the second unit's liaison and a second city supervisor."""
    w = make_world()
    w.liaison_y = user("t_liaison_y", Role.LIAISON, w.city, unit=w.unit_y)
    w.supervisor2 = user("t_supervisor2", Role.SUPERVISOR, w.city)
    return w


def login(client, person):
    client.force_login(person)
    return client


def html(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def fed_back(w, assignment, n: int = 1, **fields) -> list[Issue]:
    """Confirmed issues of an assignment, then the feedback meeting puts them into rectification."""
    issues = [make_issue(assignment, IssueStatus.CONFIRMED, n=i, **fields) for i in range(1, n + 1)]
    services.feedback_record(actor=w.supervisor, assignment=assignment, meeting_date=dt.date(2026, 5, 1))
    return [Issue.objects.get(pk=i.pk) for i in issues]


def pdf(name: str = "整改佐证.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def with_evidence(w, issue, liaison, name: str = "整改佐证.pdf") -> Progress:
    return services.progress_create(actor=liaison, issue=issue, date=TODAY, text="已整改", files=[pdf(name)])


def pending(w, issue, liaison) -> Issue:
    with_evidence(w, issue, liaison)
    return issue_services.issue_submit(actor=liaison, issue=Issue.objects.get(pk=issue.pk))


def evidence_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT) / "evidence"
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()

"""Steps of the demo data set's builder that make every fed-back finding tell its whole story
(issue 16): a measure with responsible leader, department and person for each, progress with an
evidence file and a close-out review for each closed one, and a timeline of lifecycle events.

:meth:`demo.city_issues.IssueSteps._rectification` draws the measures, progress and reviews of
the open findings, the demo liaison's unit and a sample of closed ones (those carry the seed's
纠清治问建 outcomes). The closed findings it leaves out are completed here with their own
``random.Random`` (the builder's draws stay as they were, so every other record and figure is
unchanged), and their close-out reviews have neutral outcomes (nothing corrected, refunded,
campaigned, held accountable or made beyond what the seed states).

These rows are plain tuples COPYed after the builder's model instances (:meth:`write_rows`):
no model instance per row keeps the load under its 10 s. The evidence files are a few small
real PDFs and JPEGs written once to the media storage and shared by many evidence rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import random
from collections import defaultdict

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw

from inspections.choices import FED_BACK_STATUSES, IssueStatus, UnitKind
from inspections.models import Issue, IssueEvent
from rectification.choices import MeasureKind, ReviewDecision
from rectification.models import Evidence, Measure, Progress, Review

from .copy import copy_rows, reserve_ids
from .figures import at
from .names import DEPARTMENTS_IN_UNIT, MEASURE_ACTIONS, PROGRESS_TEXTS, person_name

CLOSE_COMMENT = "整改措施落实到位，佐证材料齐全，同意销号。"
SUBMIT_COMMENT = "已按整改方案完成整改，佐证材料已上传，申请销号。"
FEEDBACK_COMMENT = "巡察反馈会议已召开，问题交办被巡察单位整改。"
LONG_TERM_COMMENT = "该问题需长期坚持整改，转入长期整改，每半年报送一次进展。"
# Evidence files (original name, stored name): shared by the evidence rows of the closed findings.
EVIDENCE_FILES = [
    ("整改情况报告.pdf", "evidence/demo/rectification-report-{n}.pdf"),
    ("整改现场照片.jpg", "evidence/demo/site-photo-{n}.jpg"),
]
EVIDENCE_VARIANTS = 3

MEASURE_COLUMNS = (
    "issue_id",
    "content",
    "responsible_leader",
    "responsible_department",
    "responsible_person",
    "kind",
    "deadline",
    "created_by_id",
    "created_at",
    "updated_at",
)
PROGRESS_COLUMNS = ("id", "issue_id", "date", "text", "submitted_by_id", "created_at")
REVIEW_COLUMNS = ("issue_id", "reviewer_id", "decision", "comment", "created_at")
EVIDENCE_COLUMNS = ("progress_id", "file", "original_name", "content_type", "size", "sha256", "uploaded_at")
EVENT_COLUMNS = ("issue_id", "actor_id", "action", "from_status", "to_status", "comment", "at")


def demo_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page A4 PDF (Helvetica text), written by hand with a correct cross-reference table."""
    text = ["BT", "/F1 18 Tf", "72 760 Td", f"({title}) Tj", "/F1 11 Tf"]
    for line in lines:
        text += ["0 -22 Td", f"({line}) Tj"]
    text.append("ET")
    stream = "\n".join(text).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def demo_jpeg(n: int) -> bytes:
    """A small site photo stand-in: a coloured scene drawn with Pillow."""
    image = Image.new("RGB", (480, 320), (176, 206, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 210, 480, 320), fill=(120, 150, 90))
    draw.rectangle((60 + 40 * n, 110, 260 + 40 * n, 230), fill=(200, 190, 170), outline=(90, 80, 70), width=3)
    draw.polygon([(50 + 40 * n, 112), (160 + 40 * n, 50), (270 + 40 * n, 112)], fill=(160, 60, 50))
    draw.rectangle((140 + 40 * n, 160, 180 + 40 * n, 230), fill=(110, 80, 60))
    draw.text((12, 12), f"Rectification site photo {n}", fill=(20, 20, 20))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def evidence_files() -> list[tuple[str, str, str, int, str]]:
    """Write the shared evidence files once; (stored name, original name, content type, size, sha256)."""
    files = []
    for n in range(1, EVIDENCE_VARIANTS + 1):
        pdf = demo_pdf(
            f"Rectification report No. {n}",
            ["Measures taken, responsible persons and results.", "Demo evidence written by seed_demo."],
        )
        for (original, stored), content, content_type in zip(
            EVIDENCE_FILES, (pdf, demo_jpeg(n)), ("application/pdf", "image/jpeg"), strict=True
        ):
            name = stored.format(n=n)
            if not default_storage.exists(name):
                name = default_storage.save(name, ContentFile(content))
            files.append((name, original, content_type, len(content), hashlib.sha256(content).hexdigest()))
    return files


class CloseOutSteps:
    """Measures, progress, evidence, close-out reviews and timelines: steps of :class:`demo.city.DemoBuilder`."""

    def _close_out_rest(self, chosen: dict[int, Issue]) -> None:
        """Measure, a progress entry (with the evidence) and a close-out review (neutral outcomes) for every closed
        finding :meth:`_rectification` left out, drawn with a generator of their own."""
        rng = random.Random(self.seed * 31 + 16)
        yesterday = self.today - dt.timedelta(days=1)
        by_issue = {i.pk: a for a in self.assignments for i in a.issues}
        rest = [i for i in self.objects[Issue] if i.status == IssueStatus.CLOSED and i.pk not in chosen]
        measures, progress, reviews = [], [], []
        for issue in rest:
            a = by_issue[issue.pk]
            liaison = self.unit_liaison[a.unit.code]
            start = min(a.assignment.feedback_date + dt.timedelta(days=rng.randint(5, 12)), yesterday)
            content = f"针对“{issue.title}”问题，{rng.choice(MEASURE_ACTIONS)}，确保按期整改到位。"
            department = rng.choice(DEPARTMENTS_IN_UNIT) if a.unit.kind != UnitKind.VILLAGE else "村“两委”"
            kind = MeasureKind.IMMEDIATE if issue.immediate else MeasureKind.DEADLINE
            created = at(start, 9)
            measures.append(
                (issue.pk, content, a.unit.deputy_name, department, person_name(rng), kind, issue.deadline,
                 liaison.pk, created, created)
            )  # fmt: skip
            trail = self.trails[issue.pk]
            trail["measure"] = (created, liaison, content)
            end = max(start, min(issue.closed_at.date() - dt.timedelta(days=1), yesterday))
            day = start + dt.timedelta(days=rng.randrange((end - start).days + 1))
            text = rng.choice(PROGRESS_TEXTS)
            progress.append([None, issue.pk, day, text, liaison.pk, at(day, 17)])
            trail["progress"].append((at(day, 17), liaison, text))
            reviewer = self.staff[a.spec.office].supervisor
            reviews.append((issue.pk, reviewer.pk, ReviewDecision.CLOSE, CLOSE_COMMENT, issue.closed_at))
            trail["close"] = (issue.closed_at, reviewer, CLOSE_COMMENT)
        for row, pk in zip(progress, reserve_ids(Progress, len(progress)), strict=True):
            row[0] = pk
        self.rows[Measure] = (MEASURE_COLUMNS, measures)
        self.rows[Progress] = (PROGRESS_COLUMNS, [tuple(row) for row in progress])
        self.rows[Review] = (REVIEW_COLUMNS, reviews)
        self.rest_progress = progress

    def _trails_of_chosen(self) -> None:
        """What the builder's model instances say of each finding (measures, progress, close-out)."""
        for measure in self.objects[Measure]:
            self.trails[measure.issue_id].setdefault(
                "measure", (measure.created_at, measure.created_by, measure.content)
            )
        for entry in self.objects[Progress]:
            self.trails[entry.issue_id]["progress"].append((entry.created_at, entry.submitted_by, entry.text))
        for review in self.objects[Review]:
            if review.decision == ReviewDecision.CLOSE:
                self.trails[review.issue_id]["close"] = (review.created_at, review.reviewer, review.comment)

    def _timelines(self) -> None:
        """The lifecycle events of every fed-back finding, as the services would have written them:
        recorded by the case officer, reviewed by the deputy, confirmed by the group leader, fed back
        by the office, measures and progress by the unit's liaison, reported done, closed (or turned
        long-term) by the supervisor."""
        self._trails_of_chosen()
        by_issue = {i.pk: a for a in self.assignments for i in a.issues}
        events = []
        draft, confirmed, rectifying = IssueStatus.DRAFT, IssueStatus.CONFIRMED, IssueStatus.RECTIFYING
        for issue in self.objects[Issue]:
            if issue.status not in FED_BACK_STATUSES:
                continue
            a = by_issue[issue.pk]
            trail = self.trails[issue.pk]
            supervisor = self.staff[a.spec.office].supervisor
            liaison = self.unit_liaison[a.unit.code]
            feedback = at(a.assignment.feedback_date, 11)
            confirmed_at = min(issue.reviewed_at + dt.timedelta(hours=18), feedback - dt.timedelta(hours=2))

            def event(actor, action, old, new, when, comment="", pk=issue.pk):
                events.append((pk, actor.pk, action, old, new, comment, when))

            event(issue.case_officer, "create", "", draft, issue.created_at)
            event(issue.deputy_reviewer, "review", draft, draft, issue.reviewed_at)
            event(a.group.leader, "confirm", draft, confirmed, confirmed_at)
            event(supervisor, "feedback", confirmed, rectifying, feedback, FEEDBACK_COMMENT)
            if "measure" in trail:
                when, actor, content = trail["measure"]
                event(actor, "measure", rectifying, rectifying, when, content[:200])
            long_term_at = issue.status_changed_at if issue.status == IssueStatus.LONG_TERM else None
            last = feedback
            for when, actor, text in sorted(trail["progress"], key=lambda p: p[0]):
                status = IssueStatus.LONG_TERM if long_term_at and when > long_term_at else rectifying
                event(actor, "progress", status, status, when, text[:200])
                last = max(last, when)
            if issue.status == IssueStatus.LONG_TERM:
                event(supervisor, "long_term", rectifying, IssueStatus.LONG_TERM, long_term_at, LONG_TERM_COMMENT)
            elif issue.status == IssueStatus.PENDING_REVIEW:
                event(
                    liaison, "submit", rectifying, IssueStatus.PENDING_REVIEW, issue.status_changed_at, SUBMIT_COMMENT
                )
            elif issue.status == IssueStatus.CLOSED:
                when, reviewer, comment = trail.get("close", (issue.closed_at, supervisor, CLOSE_COMMENT))
                submitted = min(max(last + dt.timedelta(minutes=30), when - dt.timedelta(days=1)), when)
                event(liaison, "submit", rectifying, IssueStatus.PENDING_REVIEW, submitted, SUBMIT_COMMENT)
                event(reviewer, "close", IssueStatus.PENDING_REVIEW, IssueStatus.CLOSED, when, comment)
        self.rows[IssueEvent] = (EVENT_COLUMNS, events)

    def _evidence_rows(self) -> list[tuple]:
        """One evidence file on the latest progress entry of every closed finding (after the
        builder's progress rows have their ids)."""
        files = evidence_files()
        latest: dict[int, tuple] = {}
        for entry in self.objects[Progress]:
            latest[entry.issue_id] = max(latest.get(entry.issue_id, (dt.date.min, 0)), (entry.date, entry.pk))
        for pk, issue_id, day, *_ in self.rest_progress:
            latest[issue_id] = max(latest.get(issue_id, (dt.date.min, 0)), (day, pk))
        rows = []
        for issue in self.objects[Issue]:
            if issue.status == IssueStatus.CLOSED and issue.pk in latest:
                day, progress_id = latest[issue.pk]
                name, original, content_type, size, sha256 = files[issue.pk % len(files)]
                rows.append((progress_id, name, original, content_type, size, sha256, at(day, 17)))
        return rows

    def write_rows(self, counts: dict[str, int]) -> None:
        """COPY the tuple rows (after the model instances they point at) and add them to ``counts``."""
        self.rows[Evidence] = (EVIDENCE_COLUMNS, self._evidence_rows())
        for model in (Measure, Progress, Review, Evidence, IssueEvent):
            columns, rows = self.rows.get(model, ((), []))
            written = copy_rows(model, columns, rows) if rows else 0
            counts[model._meta.label] = counts.get(model._meta.label, 0) + written


def empty_trail() -> dict:
    return {"progress": []}


def new_trails() -> defaultdict:
    return defaultdict(empty_trail)

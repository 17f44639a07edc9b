"""The circulated notice of a common issue (共性问题集中通报), a Word document from the office's
template (documents app: the sandboxed docxtpl rendering, the built-in default otherwise).
It names only the findings the reader may see."""

from __future__ import annotations

from collections import Counter

from documents.choices import DocumentKind
from documents.rendering import date_text, render

from . import selectors
from .models import CommonIssue


def common_issue_notice(user, common: CommonIssue) -> bytes:
    findings = list(selectors.visible_findings(user, common))
    counts = Counter(issue.unit.name for issue in findings)
    context = {
        "office": common.office.name,
        "title": common.title,
        "description": common.description,
        "measure": common.measure_content,
        "measure_deadline": date_text(common.measure_deadline) or "规定期限",
        "units": [{"name": name, "count": count} for name, count in sorted(counts.items())],
        "issues": [
            {"code": i.code, "title": i.title, "unit": i.unit.name, "status": i.get_status_display()} for i in findings
        ],
        "progress": selectors.common_issue_progress(user, common).percent,
    }
    return render(DocumentKind.COMMON_NOTICE, context, office=common.office)

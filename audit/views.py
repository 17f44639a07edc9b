"""The audit trail screen for admins, and its Excel export."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import quote

import xlsxwriter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from accounts.scopes import AUDITORS, has_role
from core.web import never_store

from .selectors import CATEGORIES, AuditFilter, audit_rows

PAGE = 50
EXPORT_LIMIT = 20000


def _filter_from(request) -> AuditFilter:
    """The filter from the query string; a date that is no date is a ValidationError naming it."""
    errors = {}

    def day(name: str, shift: int = 0) -> dt.datetime | None:
        text = (request.GET.get(name) or "").strip()
        try:
            value = parse_date(text)
            if value is None and text:
                raise ValueError(text)
            if value is None:
                return None
            return timezone.make_aware(dt.datetime.combine(value + dt.timedelta(days=shift), dt.time.min))
        except (ValueError, OverflowError):
            errors[name] = _("日期“%(value)s”无效，请按 2026-03-20 的格式填写。") % {"value": text}
            return None

    audit_filter = AuditFilter(
        user=(request.GET.get("user") or "").strip(),
        category=request.GET.get("category") or "",
        action=(request.GET.get("action") or "").strip(),
        obj=(request.GET.get("obj") or "").strip(),
        since=day("since"),
        until=day("until", shift=1),
    )
    if errors:
        raise ValidationError(errors)
    return audit_filter


def _require_admin(request) -> None:
    if not has_role(request.user, *AUDITORS):
        raise PermissionDenied(_("只有系统管理员可以查看审计日志。"))


def _refused(request, exc: ValidationError):
    """The page again with nothing listed and the reason, as a 400."""
    for message in exc.messages:
        messages.error(request, message)
    context = {"rows": [], "filter": AuditFilter(), "categories": CATEGORIES, "page": 1, "has_next": False}
    return render(request, "audit/audit.html", context, status=400)


@login_required
@never_store
def audit_list(request):
    _require_admin(request)
    page_number = max(1, int(request.GET.get("page") or 1)) if (request.GET.get("page") or "1").isdigit() else 1
    try:
        f = _filter_from(request)
    except ValidationError as exc:
        return _refused(request, exc)
    rows = audit_rows(f, reader=request.user, offset=(page_number - 1) * PAGE, limit=PAGE + 1)
    has_next = len(rows) > PAGE
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/audit.html",
        {
            "rows": rows[:PAGE],
            "filter": f,
            "categories": CATEGORIES,
            "page": page_number,
            "has_next": has_next,
            "query": query.urlencode(),
        },
    )


@login_required
@never_store
def audit_export(request):
    _require_admin(request)
    try:
        rows = audit_rows(_filter_from(request), reader=request.user, limit=EXPORT_LIMIT)
    except ValidationError as exc:
        return _refused(request, exc)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet(_("审计日志"))
    headers = [_("时间"), _("类别"), _("用户"), _("操作"), _("对象"), _("详情")]
    bold = book.add_format({"bold": True})
    for col, header in enumerate(headers):
        sheet.write_string(0, col, header, bold)
    sheet.freeze_panes(1, 0)
    for index, row in enumerate(rows, start=1):
        values = [
            timezone.localtime(row.at).strftime("%Y-%m-%d %H:%M:%S"),
            row.category_label,
            row.user,
            row.action,
            row.obj,
            row.detail,
        ]
        for col, value in enumerate(values):
            sheet.write_string(index, col, str(value))
    sheet.set_column(0, 0, 20)
    sheet.set_column(4, 5, 40)
    book.close()
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"{_('审计日志')}_{timezone.localtime():%Y%m%d_%H%M}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response

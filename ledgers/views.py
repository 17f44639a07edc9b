"""The ledger screens (台账): the six ledgers, an export page per ledger, export jobs with a
progress bar, and the export log for admins.

An export page shows the ledger list's own FilterSet (what you export is what the list shows)
and the number of rows the filter selects. Up to ``settings.EXPORT_SYNC_MAX_ROWS`` rows the
workbook is written in the request and downloaded at once; larger exports become a Celery job
(``services.export_create``) whose page polls a progress bar (htmx) and offers the file when
done. Either way the export is logged as an ``Export`` row.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.choices import Role
from accounts.filters import OfficeFilter
from accounts.scopes import has_role
from core.forms import style
from core.ledgers import LedgerSpec
from core.web import advanced_fields, no_store, style_filter_form

from .choices import ExportStatus, Ledger
from .filters import ExportLogFilterSet
from .models import Export
from .selectors import (
    check_may_export,
    describe_filters,
    export_log,
    filtered_queryset,
    ledger_spec,
    may_export,
    own_exports,
    registry,
)
from .services import export_create, export_write_now
from .writer import file_name

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LOG_PER_PAGE = 50
RECENT = 10


# --- helpers ----------------------------------------------------------------------------------


def list_url(spec: LedgerSpec) -> str:
    """The list screen the ledger mirrors (``""`` when the ledger names none)."""
    if not spec.list_url:
        return ""
    url = reverse(spec.list_url)
    return f"{url}?{spec.list_query}" if spec.list_query else url


def _spec(request, code: str) -> LedgerSpec:
    """The ledger ``code`` if the user may export it: unknown codes 404, the clue ledger 403 for others."""
    if code not in Ledger.values:
        raise Http404
    spec = ledger_spec(code)
    check_may_export(request.user, spec)
    return spec


def filters_from(spec: LedgerSpec, data) -> dict:
    """The ledger's filters out of a query string or form post (the Export's ``filters``).

    Only the FilterSet's own filters count (no page, tab, ordering or CSRF token); multi-value
    filters keep lists, the others their last value; empty values are left out.
    """
    result = {}
    for name, declared in spec.filterset.base_filters.items():
        if name == "ordering":
            continue  # a ledger has its own fixed order
        values = [value.strip() for value in data.getlist(name) if value.strip() not in ("", "unknown")]
        if not values:
            continue
        multiple = issubclass(declared.field_class, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
        result[name] = values if multiple else values[-1]
    offices = {name for name, declared in spec.filterset.base_filters.items() if isinstance(declared, OfficeFilter)}
    if "office_scope" in result and not offices & set(result):
        del result["office_scope"]  # "this office or below" says nothing without an office
    return result


def filter_form(request, spec: LedgerSpec, filters: dict):
    """The ledger list's FilterSet bound to ``filters``, its form styled like the list pages."""
    filterset = spec.filterset(data=filters, queryset=spec.queryset(request.user), request=request)
    valid = filterset.is_valid()
    style_filter_form(filterset.form)
    return filterset, valid


def filter_pairs(filters: dict) -> list[tuple[str, str]]:
    """``filters`` as (name, value) pairs for hidden inputs."""
    pairs = []
    for name, value in filters.items():
        for item in value if isinstance(value, list | tuple) else [value]:
            pairs.append((name, str(item)))
    return pairs


def decorate(exports, specs: dict[str, LedgerSpec] | None = None):
    """Give each export its filter text, state and download link for the templates."""
    specs = specs if specs is not None else registry()
    now = timezone.now()
    for export in exports:
        spec = specs.get(export.ledger)
        export.filter_text = describe_filters(spec, export.filters) if spec else ""
        export.expired = bool(export.expires_at and export.expires_at < now)
        export.immediate = export.status == ExportStatus.DONE and not export.file and export.expires_at is None
        export.download_url = (
            reverse("api-export-download", kwargs={"pk": export.pk})
            if export.status == ExportStatus.DONE and export.file and not export.expired
            else ""
        )
        export.job_url = reverse("ledgers:job", args=[export.pk])
        export.finished = export.status in (ExportStatus.DONE, ExportStatus.FAILED)
    return exports


def recent_exports(user, *, ledger: str | None = None, limit: int = RECENT, specs=None):
    exports = own_exports(user)
    if ledger:
        exports = exports.filter(ledger=ledger)
    return decorate(list(exports[:limit]), specs)


def attachment(handle, code: str) -> FileResponse:
    response = FileResponse(handle, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(file_name(code))}"
    return no_store(response)  # ledgers hold findings (the clue ledger, clues): never cached


def export_now(request, spec: LedgerSpec, filters: dict) -> FileResponse:
    """Write the ledger in the request and answer it as a download, logged as a finished Export.

    The workbook goes to a temporary file (XlsxWriter in constant-memory mode), which is opened
    and then unlinked: the open handle streams it and nothing stays on disk.
    """
    fd, name = tempfile.mkstemp(prefix="ledger-", suffix=".xlsx")
    os.close(fd)
    path = Path(name)
    try:
        export_write_now(actor=request.user, ledger=spec.code, filters=filters, path=path)
        handle = path.open("rb")
    finally:
        path.unlink(missing_ok=True)
    return attachment(handle, spec.code)


# --- pages ------------------------------------------------------------------------------------


@login_required
@require_GET
def home(request):
    """The six ledgers as cards (the clue ledger only for those who may export it)."""
    user = request.user
    specs = registry()
    cards = [
        {
            "code": spec.code,
            "title": spec.title,
            "description": spec.description,
            "url": reverse("ledgers:ledger", args=[spec.code]),
            "list_url": list_url(spec),
        }
        for spec in specs.values()
        if may_export(user, spec)
    ]
    context = {
        "cards": cards,
        "recent": recent_exports(user, specs=specs),
        "is_admin": has_role(user, Role.ADMIN),
        "sync_max": settings.EXPORT_SYNC_MAX_ROWS,
        "ttl_hours": settings.EXPORT_TTL_HOURS,
    }
    return render(request, "ledgers/home.html", context)


def _ledger_context(request, spec: LedgerSpec, filters: dict) -> dict:
    filterset, valid = filter_form(request, spec, filters)
    advanced, basic = advanced_fields(filterset.form, spec.basic_fields)
    count = filtered_queryset(request.user, spec, filters).count() if valid else None
    errors = [
        f"{filterset.form.fields[name].label if name in filterset.form.fields else name}：{error}"
        for name, field_errors in (filterset.form.errors.items() if not valid else [])
        for error in field_errors
    ]
    return {
        "spec": spec,
        "code": spec.code,
        "description": spec.description,
        "filterset": filterset,
        "basic_fields": basic,
        "advanced_fields": advanced,
        "filters_open": any(field.name in filters for field in advanced),
        "valid": valid,
        "errors": errors,
        "count": count,
        "sync_max": settings.EXPORT_SYNC_MAX_ROWS,
        "immediate": count is not None and count <= settings.EXPORT_SYNC_MAX_ROWS,
        "filter_pairs": filter_pairs(filters),
        "filter_text": describe_filters(spec, filters),
        "list_url": list_url(spec),
        "recent": recent_exports(request.user, ledger=spec.code, limit=5),
    }


@login_required
@require_GET
def ledger(request, code: str):
    """A ledger's export page: the list's filters, the row count they select, the export button.
    htmx filter changes swap only the preview (count and export button)."""
    spec = _spec(request, code)
    context = _ledger_context(request, spec, filters_from(spec, request.GET))
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "ledger-preview":
        return render(request, "ledgers/_preview.html", context)
    return render(request, "ledgers/ledger.html", context)


@login_required
@require_POST
def export(request, code: str):
    """Export with the posted filters: a download now when small, else a background job."""
    spec = _spec(request, code)
    filters = filters_from(spec, request.POST)
    try:
        count = filtered_queryset(request.user, spec, filters).count()
    except ValidationError:
        return render(request, "ledgers/ledger.html", _ledger_context(request, spec, filters), status=400)
    if count <= settings.EXPORT_SYNC_MAX_ROWS:
        return export_now(request, spec, filters)
    try:
        job = export_create(actor=request.user, ledger=spec.code, filters=filters)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return render(request, "ledgers/ledger.html", _ledger_context(request, spec, filters), status=400)
    messages.info(
        request,
        _("共 %(rows)s 行，超过 %(max)s 行，已转入后台生成。完成后可在本页下载，也可以离开本页，稍后在“台账”中下载。")
        % {"rows": count, "max": settings.EXPORT_SYNC_MAX_ROWS},
    )
    return redirect("ledgers:job", pk=job.pk)


def _own_export(request, pk: int) -> Export:
    # Only one's own jobs: their files may hold confidential rows.
    return decorate([get_object_or_404(own_exports(request.user), pk=pk)])[0]


@login_required
@require_GET
def job(request, pk: int):
    """A background export: the progress bar (polled) and, when done, the download link."""
    export = _own_export(request, pk)
    context = {"export": export, "ttl_hours": settings.EXPORT_TTL_HOURS}
    return render(request, "ledgers/job.html", context)


@login_required
@require_GET
def job_progress(request, pk: int):
    """The progress bar alone, for htmx polling; once finished it stops polling."""
    export = _own_export(request, pk)
    context = {
        "export": export,
        "ttl_hours": settings.EXPORT_TTL_HOURS,
        # The file downloads by itself when the job finishes while the page is watching.
        "auto_download": bool(request.headers.get("HX-Request")) and bool(export.download_url),
    }
    return render(request, "ledgers/_progress.html", context)


# --- the export log (admins) ------------------------------------------------------------------


@login_required
@require_GET
def log(request):
    """Every export (who, which ledger, which filter, when, how many rows, status), for admins."""
    filterset = ExportLogFilterSet(request.GET or None, queryset=export_log(request.user), request=request)
    filterset.is_valid()
    style(filterset.form)
    filterset.form.fields["q"].widget.attrs["placeholder"] = _("导出人的用户名或姓名")
    paginator = Paginator(filterset.qs.order_by("-created_at", "-id"), LOG_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = decorate(list(page.object_list))
    form = filterset.form
    context = {
        "filterset": filterset,
        "page": page,
        "basic_fields": [form[name] for name in ("q", "ledger", "status", "created_after", "created_before")],
        "advanced_fields": [],
    }
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "results":
        return render(request, "ledgers/log_table.html", context)
    return render(request, "ledgers/log.html", context)

"""The import of an office's existing ledgers (历史台账导入): upload → mapping → preview → confirm.

Upload stores the file where the background load reads it (``services.historic.upload_path``) and
remembers it in the session (the token is the user's own: another user's token is a 404). The
mapping step shows each column with its first values and a select of fields (the office's saved
mapping of this layout, else suggestions from the header words) and the status words with their
lifecycle status. The preview checks the sheet as the load would and writes nothing; a sheet with
errors cannot be confirmed. Confirm saves the mapping for the office and queues the load on the
``imports`` queue; the progress page polls its state (htmx) and ends with a summary. Only the
office's managers (supervisors, admins) may use it, as the load service requires.
"""

from __future__ import annotations

import uuid
from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.scopes import is_manager
from core.errors import ApplicationError
from core.web import int_or_none

from .. import selectors
from ..choices import IssueStatus
from ..historic import (
    FIELD_LABELS,
    HISTORIC_STATUSES,
    CellError,
    HistoricFileError,
    parse_status,
    read_ledger,
    sheet_layout,
    status_key,
    suggest_mapping,
)
from ..historic_forms import HistoricMappingForm, HistoricUploadForm
from ..models import Round
from ..services import historic as loader
from ..services.historic_steps import (
    PREVIEW_CHECK_ROWS,
    check_load,
    find_mapping,
    historic_mapping_save,
    planned_creations,
)

SESSION = "historic-{}"
SHOWN_ERRORS = 500


def _require_manager(request) -> None:
    if not is_manager(request.user):
        raise PermissionDenied(_("只有巡察机构的管理员和审核人员可以导入历史台账。"))


def _job(request, token: str):
    """The upload behind ``token`` (the session's own), its office and its stored file."""
    _require_manager(request)
    job = request.session.get(SESSION.format(token))
    if not job:
        raise Http404
    office = selectors.managed_offices(request.user).filter(pk=job["office"]).first()
    if office is None:
        raise Http404
    return job, office, loader.upload_path(request.user.pk, token, job["name"])


def _gone(request):
    messages.error(request, _("导入文件已失效，请重新上传。"))
    return redirect("inspections:historic-upload")


def _save(request, token: str, job: dict) -> None:
    request.session[SESSION.format(token)] = job
    request.session.modified = True


@login_required
def historic_upload(request):
    _require_manager(request)
    form = HistoricUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload, office = form.cleaned_data["file"], form.cleaned_data["office"]
        data = upload.read()
        try:
            sheet_layout(data, upload.name)  # an .xls, a damaged file or one without headers is refused here
        except HistoricFileError as exc:
            form.add_error("file", str(exc))
        else:
            token = uuid.uuid4().hex
            path = loader.upload_path(request.user.pk, token, upload.name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            _save(request, token, {"name": upload.name, "office": office.pk})
            return redirect("inspections:historic-mapping", token=token)
    status = 400 if request.method == "POST" else 200
    return render(request, "inspections/historic_upload.html", {"form": form}, status=status)


def _status_column(mapping: dict[int, str]) -> int | None:
    return next((index for index, field in mapping.items() if field == "status"), None)


def _mapping_form(request, *, office, layout, mapping, statuses, job, data=None, status_column=None):
    """The mapping form: bound to ``data`` (a POST), else filled from ``mapping`` and ``statuses``."""
    column = status_column if data is not None else _status_column(mapping)
    words = layout.words(column) if column is not None and column < len(layout.headers) else []
    if data is not None:
        return HistoricMappingForm(data, user=request.user, office=office, layout=layout, words=words)
    initial = {f"col_{index}": field for index, field in mapping.items()}
    saved = {status_key(w): s for w, s in statuses.items()}
    for n, word in enumerate(words):
        initial[f"status_{n}"] = saved.get(status_key(word)) or parse_status(word) or ""
    initial.update(status_column=column, create_missing=job.get("create", False), round=job.get("round"))
    return HistoricMappingForm(initial=initial, user=request.user, office=office, layout=layout, words=words)


def _creations(office, data: bytes, name: str, mapping, statuses) -> dict[str, list[str]] | None:
    try:
        ledger = read_ledger(data, name, mapping=mapping, statuses=statuses)
    except HistoricFileError:
        return None
    return planned_creations(office=office, ledger=ledger) if ledger.rows else None


@login_required
def historic_mapping(request, token: str):
    job, office, path = _job(request, token)
    if not path.exists():
        return _gone(request)
    data = path.read_bytes()
    try:
        layout = sheet_layout(data, job["name"])
    except HistoricFileError as exc:
        messages.error(request, str(exc))
        return redirect("inspections:historic-upload")
    saved = find_mapping(user=request.user, office=office, headers=layout.headers)
    mapping: dict[int, str] = {}
    if request.method == "POST":
        shown = int_or_none(request.POST.get("status_column"))
        form = _mapping_form(
            request,
            office=office,
            layout=layout,
            mapping={},
            statuses={},
            job=job,
            data=request.POST,
            status_column=shown,
        )
        if "refresh" in request.POST:
            # 更新 (or a column changed, by htmx): show the chosen status column's words and the
            # names to create, whatever else is still incomplete; nothing is kept yet.
            posted = {i: request.POST.get(f"col_{i}") for i in range(len(layout.headers))}
            mapping = {i: field for i, field in posted.items() if field in FIELD_LABELS}
            statuses = {
                w: request.POST[f"status_{n}"] for n, w in enumerate(form.words) if request.POST.get(f"status_{n}")
            }
            chosen = {
                "create": bool(request.POST.get("create_missing")),
                "round": int_or_none(request.POST.get("round")),
            }
            form = _mapping_form(
                request, office=office, layout=layout, mapping=mapping, statuses=statuses, job={**job, **chosen}
            )
        elif form.is_valid():
            mapping, statuses = form.cleaned_data["mapping"], form.cleaned_data["statuses"]
            job.update(
                mapping={str(i): f for i, f in mapping.items()},
                statuses=statuses,
                create=form.cleaned_data["create_missing"],
                round=form.cleaned_data["round"].pk if form.cleaned_data["round"] else None,
            )
            _save(request, token, job)
            if _status_column(mapping) == shown:
                return redirect("inspections:historic-preview", token=token)
            messages.info(request, _("“整改状态”列已更改，请核对下面的状态对应后继续。"))
            form = _mapping_form(request, office=office, layout=layout, mapping=mapping, statuses=statuses, job=job)
    else:
        if "mapping" in job:
            mapping, statuses = {int(i): f for i, f in job["mapping"].items()}, job.get("statuses", {})
        elif saved is not None:
            mapping, statuses = saved.column_mapping(), saved.statuses
        else:
            mapping, statuses = suggest_mapping(layout.headers), {}
        mapping = {i: f for i, f in mapping.items() if i < len(layout.headers)}
        form = _mapping_form(request, office=office, layout=layout, mapping=mapping, statuses=statuses, job=job)
    creations = _creations(office, data, job["name"], mapping, {}) if mapping else None
    context = {
        "form": form,
        "token": token,
        "office": office,
        "layout": layout,
        "saved": saved,
        "creations": creations,
    }
    return render(request, "inspections/historic_mapping.html", context, status=400 if form.is_bound else 200)


def _read(job: dict, path):
    """The stored sheet read with the user's mapping: (ledger, None) or (None, the file's error)."""
    mapping = {int(i): f for i, f in job["mapping"].items()}
    try:
        return read_ledger(path.read_bytes(), job["name"], mapping=mapping, statuses=job.get("statuses")), None
    except HistoricFileError as exc:
        return None, str(exc)


@login_required
@require_GET
def historic_preview(request, token: str):
    job, office, path = _job(request, token)
    if not path.exists():
        return _gone(request)
    if "mapping" not in job:
        return redirect("inspections:historic-mapping", token=token)
    ledger, file_error = _read(job, path)
    round_ = Round.objects.visible_to(request.user).filter(pk=job.get("round"), office=office).first()
    errors: list[CellError] = []
    result = None
    if ledger is not None:
        try:
            result, errors = check_load(
                actor=request.user, office=office, ledger=ledger, round=round_, create_missing=job.get("create", False)
            )
        except ApplicationError as exc:
            file_error = exc.message
    counts = Counter(str(row.values.get("status")) for row in ledger.rows) if ledger else Counter()
    context = {
        "token": token,
        "office": office,
        "round": round_,
        "job": job,
        "ledger": ledger,
        "file_error": file_error,
        "errors": errors[:SHOWN_ERRORS],
        "error_count": len(errors),
        "result": result,
        "checked_fully": ledger is not None and len(ledger.rows) <= PREVIEW_CHECK_ROWS,
        "counts": [(IssueStatus(s).label, counts.get(s, 0)) for s in HISTORIC_STATUSES],
        "creations": planned_creations(office=office, ledger=ledger) if ledger and job.get("create") else None,
        "can_confirm": ledger is not None and ledger.ok and not errors and not file_error,
    }
    return render(request, "inspections/historic_preview.html", context)


@login_required
@require_POST
def historic_confirm(request, token: str):
    job, office, path = _job(request, token)
    if job.get("confirmed") and (loader.load_status(token) or {}).get("state") != "failed":
        return redirect("inspections:historic-status", token=token)
    if not path.exists():
        return _gone(request)
    if "mapping" not in job:
        return redirect("inspections:historic-mapping", token=token)
    ledger, file_error = _read(job, path)
    if ledger is None or not ledger.ok:
        messages.error(request, file_error or _("台账有错误，请修改后重新上传，全部无误才能导入。"))
        return redirect("inspections:historic-preview", token=token)
    mapping = {int(i): f for i, f in job["mapping"].items()}
    historic_mapping_save(
        actor=request.user, office=office, headers=ledger.headers, mapping=mapping, statuses=job.get("statuses", {})
    )
    loader.report_queued(token, rows=len(ledger.rows))
    kwargs = {
        "user_id": request.user.pk,
        "office_id": office.pk,
        "token": token,
        "name": job["name"],
        "mapping": job["mapping"],
        "statuses": job.get("statuses", {}),
        "round_id": job.get("round"),
        "create_missing": bool(job.get("create")),
        "language": request.LANGUAGE_CODE,
    }
    transaction.on_commit(lambda: loader.historic_load_task.delay(**kwargs))
    job["confirmed"] = True
    _save(request, token, job)
    return redirect("inspections:historic-status", token=token)


@login_required
@require_GET
def historic_status(request, token: str):
    job, office, _path = _job(request, token)
    status = loader.load_status(token)
    if status is None:
        raise Http404
    rounds = []
    if status.get("state") == "done":
        rounds = list(Round.objects.visible_to(request.user).filter(pk__in=status.get("round_ids", [])))
    context = {"token": token, "office": office, "job": job, "status": status, "rounds": rounds}
    if request.headers.get("HX-Request"):
        return render(request, "inspections/historic_progress.html", context)
    return render(request, "inspections/historic_status.html", context)

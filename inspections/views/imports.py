"""The Excel import of findings: template, upload with a row-by-row preview, confirm."""

from __future__ import annotations

import uuid
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import ApplicationError
from core.web import (
    int_or_none,
    visible_or_404,
)

from .. import imports
from ..choices import IssueStatus
from ..forms import (
    ImportUploadForm,
)
from ..models import Round


@login_required
@require_GET
def import_template(request):
    round_ = None
    if request.GET.get("round"):
        round_ = Round.objects.visible_to(request.user).filter(pk=int_or_none(request.GET["round"])).first()
    response = HttpResponse(
        imports.build_template(user=request.user, round=round_),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = quote(_("问题导入模板") + ".xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@login_required
def import_upload(request):
    """Upload a filled template; answer with the row-by-row preview (nothing is written yet)."""
    initial = {"round": int_or_none(request.GET.get("round"))} if request.GET.get("round") else {}
    form = ImportUploadForm(request.POST or None, request.FILES or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        round_ = form.cleaned_data["round"]
        if upload.size > imports.MAX_BYTES:
            form.add_error("file", imports.too_big_message())
        else:
            data = upload.read()
            try:
                preview = imports.preview_upload(user=request.user, round=round_, data=data)
            except ApplicationError as exc:
                form.add_error("file", exc.message)
            else:
                token = uuid.uuid4().hex
                path = imports.upload_path(request.user.pk, token)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
                request.session[f"import-{token}"] = round_.pk
                return render(
                    request, "inspections/import_preview.html", {"preview": preview, "token": token, "round": round_}
                )
    status = 400 if request.method == "POST" else 200
    return render(request, "inspections/import_upload.html", {"form": form}, status=status)


@login_required
@require_POST
def import_confirm(request, token: str):
    """Import the previewed file: checked again, then every row or none. A small file is
    imported at once; a large one by a Celery task while the status page polls."""
    round_id = request.session.get(f"import-{token}")
    path = imports.upload_path(request.user.pk, token)
    if round_id is None or not path.exists():
        messages.error(request, _("导入文件已失效，请重新上传。"))
        return redirect("inspections:import-upload")
    round_ = visible_or_404(Round, request, round_id)
    try:
        rows = imports.read_rows(path.read_bytes())
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(reverse("inspections:import-upload") + f"?round={round_.pk}")
    if len(rows) > imports.SYNC_ROWS:
        cache_status = {"state": "running", "total": len(rows)}
        imports.cache.set(imports.status_key(token), cache_status, imports.STATUS_SECONDS)
        language = request.LANGUAGE_CODE
        transaction.on_commit(
            lambda: imports.import_findings.delay(
                user_id=request.user.pk, round_id=round_.pk, token=token, language=language
            )
        )
        return redirect("inspections:import-status", token=token)
    status = imports.run_import(user_id=request.user.pk, round_id=round_.pk, token=token)
    return _import_outcome(request, token, status, round_)


def _import_outcome(request, token: str, status: dict, round_: Round):
    if status["state"] == "failed":
        messages.error(request, status["message"])
        return redirect(reverse("inspections:import-upload") + f"?round={round_.pk}")
    request.session.pop(f"import-{token}", None)
    messages.success(request, _("已导入 %(count)s 条问题底稿。") % {"count": status["count"]})
    return redirect(reverse("inspections:issue-list") + f"?tab=mine&round={round_.pk}&status={IssueStatus.DRAFT}")


@login_required
def import_status(request, token: str):
    """The state of a background import; htmx polls it until the task has finished."""
    round_id = request.session.get(f"import-{token}")
    status = imports.import_status(token)
    if round_id is None or status is None:
        raise Http404
    round_ = visible_or_404(Round, request, round_id)
    if status["state"] != "running":
        response = HttpResponse(status=204)
        outcome = _import_outcome(request, token, status, round_)
        if request.headers.get("HX-Request"):
            response["HX-Redirect"] = outcome["Location"]
            return response
        return outcome
    return render(request, "inspections/import_status.html", {"status": status, "round": round_, "token": token})

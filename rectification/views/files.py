"""Uploaded files, served only within scope."""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from ..models import Evidence, Feedback, Plan
from .base import file_response


@login_required
def evidence_download(request, pk: int) -> HttpResponse:
    evidence = get_object_or_404(Evidence.objects.visible_to(request.user), pk=pk)
    return file_response(evidence.file, evidence.original_name, evidence.content_type)


def _stored_name(file) -> str:
    return PurePosixPath(file.name).name


def _guessed_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


@login_required
def plan_attachment(request, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=pk)
    if not plan.attachment:
        raise Http404
    name = _stored_name(plan.attachment)
    return file_response(plan.attachment, name, _guessed_type(name))


@login_required
def feedback_document(request, pk: int) -> HttpResponse:
    feedback = get_object_or_404(Feedback.objects.visible_to(request.user), pk=pk)
    if not feedback.document:
        raise Http404
    name = _stored_name(feedback.document)
    return file_response(feedback.document, name, _guessed_type(name))

"""Downloads of the generated Word documents; every object is fetched through the scope rules."""

from collections.abc import Callable
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from accounts.scopes import sees_internal_work
from core.web import no_store
from inspections.choices import ReadVia
from inspections.models import Assignment, Clue
from inspections.services import clue_reads_log
from rectification.models import Action

from . import selectors
from .choices import DocumentKind
from .rendering import DocumentTemplateError

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_response(content: bytes, title: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(title + '.docx')}"
    return no_store(response)  # documents name units, officials and clues: never cached


def _document(request, build: Callable[[], bytes], title: str) -> HttpResponse:
    """The document as a download; an office template that cannot be rendered is a readable page."""
    try:
        content = build()
    except DocumentTemplateError as exc:
        return render(request, "documents/error.html", {"message": exc.message}, status=exc.status_code)
    return docx_response(content, title)


@login_required
def feedback_opinion(request, pk: int):
    assignment = get_object_or_404(
        Assignment.objects.visible_to(request.user).select_related("round__office", "unit", "group"), pk=pk
    )
    internal = sees_internal_work(request.user)
    if not internal and assignment.feedback_date is None:
        raise Http404  # before feedback the unit has nothing to read
    title = f"{DocumentKind.FEEDBACK.label}_{assignment.unit.name}"
    return _document(request, lambda: selectors.feedback_opinion(assignment, fed_back_only=not internal), title)


@login_required
def clue_transfer_letter(request, pk: int):
    clue = get_object_or_404(Clue.objects.visible_to(request.user).select_related("office"), pk=pk)
    clue_reads_log(user=request.user, clues=[clue], via=ReadVia.UI_DETAIL)
    title = f"{DocumentKind.CLUE_LETTER.label}_{clue.code}"
    return _document(request, lambda: selectors.clue_transfer_letter(clue), title)


@login_required
def supervision_notice(request, pk: int):
    action = get_object_or_404(Action.objects.visible_to(request.user).select_related("unit__office"), pk=pk)
    title = f"{DocumentKind.SUPERVISION.label}_{action.unit.name}"
    return _document(request, lambda: selectors.supervision_notice(action, user=request.user), title)

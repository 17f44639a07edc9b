"""Downloads of the generated Word documents; every object is fetched through the scope rules."""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from accounts.scopes import sees_internal_work
from rectification.models import Action

from . import documents
from .choices import DocumentKind
from .models import Assignment, Clue

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_response(content: bytes, title: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(title + '.docx')}"
    return response


@login_required
def feedback_opinion(request, pk: int):
    assignment = get_object_or_404(
        Assignment.objects.visible_to(request.user).select_related("round__office", "unit", "group"), pk=pk
    )
    internal = sees_internal_work(request.user)
    if not internal and assignment.feedback_date is None:
        raise Http404  # before feedback the unit has nothing to read
    title = f"{DocumentKind.FEEDBACK.label}_{assignment.unit.name}"
    return docx_response(documents.feedback_opinion(assignment, fed_back_only=not internal), title)


@login_required
def clue_transfer_letter(request, pk: int):
    clue = get_object_or_404(Clue.objects.visible_to(request.user).select_related("office"), pk=pk)
    from .choices import ReadVia
    from .services import clue_reads_log

    clue_reads_log(user=request.user, clues=[clue], via=ReadVia.UI_DETAIL)
    return docx_response(documents.clue_transfer_letter(clue), f"{DocumentKind.CLUE_LETTER.label}_{clue.code}")


@login_required
def supervision_notice(request, pk: int):
    action = get_object_or_404(Action.objects.visible_to(request.user).select_related("unit__office"), pk=pk)
    title = f"{DocumentKind.SUPERVISION.label}_{action.unit.name}"
    return docx_response(documents.supervision_notice(action), title)

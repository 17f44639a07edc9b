"""Screens of the on-site registers (inspection UI style): an assignment's registers with their
forms and the public channel block, the letters list and a letter's triage, and the actions that
turn an entry into a finding or a clue. Every read is scoped; every write calls one service.
The public pages (no sign-in) are in :mod:`onsite.public_views`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.web import advanced_fields, call_service, filter_page, list_template, never_store, visible_or_404
from inspections import deadlines
from inspections.choices import ReadVia
from inspections.models import Assignment

from . import notice, services
from .choices import EntryKind
from .filters import LetterFilterSet
from .forms import ENTRY_FORMS, ChannelForm, CloseForm, HandOverForm, ReplyForm, ToIssueForm
from .models import REGISTERS, Letter, PublicChannel
from .public import channel_open
from .selectors import log_letter_reads, mask_talks, register_counts

TRIAGE = {
    "hand-over": (HandOverForm, services.letter_hand_over, gettext_lazy("已转办。")),
    "close": (CloseForm, services.letter_close, gettext_lazy("已了结。")),
    "reply": (ReplyForm, services.letter_record_reply, gettext_lazy("已登记办理结果。")),
}


def _kind_or_404(kind: str) -> str:
    if kind not in REGISTERS:
        raise Http404
    return kind


def public_link(request, channel: PublicChannel) -> str:
    return request.build_absolute_uri(reverse("onsite:public-report", args=[channel.token]))


@never_store
@login_required
def assignment_registers(request, pk: int):
    """An assignment's five registers, a form to add to one (``?kind=``), and its public channel."""
    assignment = visible_or_404(Assignment, request, pk, "round", "unit", "group")
    kind = request.GET.get("kind") or EntryKind.TALK
    kind = _kind_or_404(kind)
    form = ENTRY_FORMS[kind](request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        created, status = call_service(
            request, form, services.entry_create, kind=kind, assignment=assignment, **form.cleaned_data
        )
        if created is not None:
            messages.success(request, _("已登记。"))
            return redirect(f"{request.path}?kind={kind}")
    registers = []
    for code, label in EntryKind.choices:
        rows = list(
            REGISTERS[code]
            .objects.visible_to(request.user)
            .filter(assignment=assignment)
            .select_related("created_by", "issue", "clue")
            .order_by("-id")[:200]
        )
        if code == EntryKind.TALK:
            mask_talks(request.user, rows)
        if code == EntryKind.LETTER and kind == EntryKind.LETTER:  # shown only on its own tab
            log_letter_reads(request.user, [row.pk for row in rows], ReadVia.UI_LIST)
        registers.append({"kind": code, "label": label, "rows": rows})
    channel = PublicChannel.objects.visible_to(request.user).filter(assignment=assignment).first()
    context = {
        "assignment": assignment,
        "registers": registers,
        "counts": register_counts(request.user, assignment=assignment),
        "kind": kind,
        "kind_label": EntryKind(kind).label,
        "form": form,
        "to_issue_form": ToIssueForm(user=request.user, auto_id=False),  # one picker per row
        "channel": channel,
        "channel_link": public_link(request, channel) if channel else "",
        "channel_form": ChannelForm(
            initial={"opens_on": channel.opens_on, "closes_on": channel.closes_on} if channel else None
        ),
    }
    return render(request, "onsite/registers.html", context, status=status)


@require_POST
@login_required
def entry_convert(request, kind: str, pk: int, to: str):
    """Turn an entry into a finding (``to=issue``, with a category) or a clue (``to=clue``)."""
    model = REGISTERS[_kind_or_404(kind)]
    entry = visible_or_404(model, request, pk, "assignment")
    back = request.POST.get("next") or reverse("onsite:registers", args=[entry.assignment_id])
    if to == "issue":
        form = ToIssueForm(request.POST, user=request.user)
        if not form.is_valid():
            messages.error(request, _("请选择问题类别。"))
            return redirect(back)
        issue, _status = call_service(request, form, services.entry_to_issue, entry=entry, **form.cleaned_data)
        if issue is not None:
            messages.success(request, _("已转为问题 %(code)s。") % {"code": issue.code})
            return redirect("inspections:issue-detail", issue.pk)
    else:
        clue, _status = call_service(request, ToIssueForm(user=request.user), services.entry_to_clue, entry=entry)
        if clue is not None:
            messages.success(request, _("已转为问题线索 %(code)s。") % {"code": clue.code})
    return redirect(back)


@never_store
@login_required
def letter_list(request):
    """Every letter the user may read (confidential: no browser keeps the page)."""
    queryset = Letter.objects.visible_to(request.user).select_related("round", "unit", "group")
    filterset, page = filter_page(request, LetterFilterSet, queryset)
    advanced, basic = advanced_fields(filterset.form, ("q", "status", "channel", "round"))
    log_letter_reads(request.user, [row.pk for row in page.object_list], ReadVia.UI_LIST)
    context = {
        "filterset": filterset,
        "page": page,
        "basic_fields": basic,
        "advanced_fields": advanced,
        "today": deadlines.today(),
    }
    return render(request, list_template(request, "onsite/letter_list.html", "onsite/letter_table.html"), context)


@never_store
@login_required
def letter_detail(request, pk: int, action: str = ""):
    """A letter and its triage: to a finding, to a clue, hand-over, close, reply."""
    letter = visible_or_404(Letter, request, pk, "assignment", "round", "unit", "group", "issue", "clue")
    forms = {name: form_class(prefix=name) for name, (form_class, _service, _done) in TRIAGE.items()}
    status = 200
    if request.method == "POST" and action in TRIAGE:
        form_class, service, done = TRIAGE[action]
        form = forms[action] = form_class(request.POST, prefix=action)
        if form.is_valid():
            result, status = call_service(
                request, form, service, letter=letter, version=letter.version, **form.cleaned_data
            )
            if result is not None:
                messages.success(request, done)
                return redirect("onsite:letter-detail", letter.pk)
        else:
            status = 400
    log_letter_reads(request.user, [letter.pk], ReadVia.UI_DETAIL)
    context = {
        "letter": letter,
        "attachments": letter.attachments.all(),
        "forms": forms,
        "to_issue_form": ToIssueForm(user=request.user),
        "can_triage": services.is_letter_triager(request.user, letter),
    }
    return render(request, "onsite/letter_detail.html", context, status=status)


@require_POST
@login_required
def channel_update(request, pk: int):
    """Open the assignment's public channel (码上巡察) or change its reporting period."""
    assignment = visible_or_404(Assignment, request, pk, "round")
    form = ChannelForm(request.POST)
    if form.is_valid():
        channel, _status = call_service(request, form, channel_open, assignment=assignment, **form.cleaned_data)
        if channel is not None:
            messages.success(request, _("码上巡察渠道已开通，受理期 %(start)s 至 %(end)s。") % {
                "start": channel.opens_on, "end": channel.closes_on})  # fmt: skip
        else:
            for error in form.non_field_errors():
                messages.error(request, error)
    else:
        messages.error(request, _("请填写受理开始和截止日期。"))
    return redirect("onsite:registers", assignment.pk)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def channel_qr(request, pk: int, fmt: str = "svg"):
    """The QR code of the assignment's public link, for the round's notice (SVG, or PNG to print)."""
    channel = visible_or_404(PublicChannel, request, pk)
    link = public_link(request, channel)
    if fmt == "png":
        response = HttpResponse(notice.qr_png(link), content_type="image/png")
    else:
        response = HttpResponse(notice.qr_svg(link), content_type="image/svg+xml")
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="qr.{fmt}"'
    return response


@login_required
def channel_notice(request, pk: int):
    """The notice block (巡察公告) as Word, with the short link and the QR code."""
    channel = visible_or_404(PublicChannel, request, pk, "assignment__round", "assignment__unit", "assignment__group")
    response = HttpResponse(notice.notice_docx(channel, public_link(request, channel)), content_type=DOCX)
    response["Content-Disposition"] = 'attachment; filename="notice.docx"'
    return response

"""The public reporting pages (码上巡察), the only pages without sign-in.

They show the round, the unit and the reporting period, take a report, and answer a query code
with 已受理 / 处理中 / 已办结; nothing else of the register is reachable from here. Every request
is rate limited per (hashed) address and overall; over the limit the answer is 429 with a Chinese
message. Pages are never cached."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.security import client_ip
from core.errors import ApplicationError
from core.web import add_validation_errors, never_store

from .forms import PublicReportForm, StatusQueryForm
from .models import Letter
from .public import RateLimited, open_channel, public_report_submit, throttle, throttle_report


def _message(request, title: str, text: str, status: int):
    response = render(request, "onsite/public_message.html", {"title": title, "text": text}, status=status)
    if status == 429:
        response["Retry-After"] = "60"
    return response


def _headers(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    # The token in the link never leaves for another site in a Referer ("no-referrer" would make
    # Chromium post the form with Origin: null, which the CSRF check refuses).
    response["Referrer-Policy"] = "same-origin"
    return response


@never_store
@require_http_methods(["GET", "POST"])
def public_report(request, token: str):
    """The report form of an on-site assignment's channel, and its submission."""
    address = client_ip(request)
    try:
        throttle(address)
    except RateLimited as exc:
        return _headers(_message(request, _("请稍后再试"), exc.message, 429))
    channel = open_channel(token)
    if channel is None:
        return _headers(_message(request, _("码上巡察"), _("该反映渠道未开通或受理期已结束。"), 404))
    form = PublicReportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                throttle_report(address)
                letter = public_report_submit(
                    channel=channel,
                    subject=data["subject"],
                    text=data["text"],
                    name=data["name"],
                    phone=data["phone"],
                    files=data["files"],
                )
            except RateLimited as exc:
                return _headers(_message(request, _("请稍后再试"), exc.message, 429))
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:  # the attachments, or a field the model refuses
                add_validation_errors(form, exc)
            else:
                return _headers(render(request, "onsite/public_done.html", {"code": letter.query_code}, status=201))
    assignment = channel.assignment
    context = {"form": form, "round": assignment.round, "unit": assignment.unit, "channel": channel}
    return _headers(render(request, "onsite/public_report.html", context, status=status))


@never_store
@require_http_methods(["GET"])
def public_status(request, code: str = ""):
    """A report's status by its query code: 已受理 / 处理中 / 已办结, nothing more."""
    try:
        throttle(client_ip(request))
    except RateLimited as exc:
        return _headers(_message(request, _("请稍后再试"), exc.message, 429))
    if not code:
        form = StatusQueryForm(request.GET or None)
        if form.is_valid():
            return redirect("onsite:public-status", form.cleaned_data["code"].strip().upper())
        return _headers(render(request, "onsite/public_status.html", {"form": form}))
    letter = Letter.objects.filter(query_code=code.strip().upper()).only("status", "reply_received_on").first()
    if letter is None:
        return _headers(_message(request, _("查询结果"), _("未找到该查询码，请核对后重试。"), 404))
    context = {"form": StatusQueryForm(), "code": code, "status": letter.get_public_status_display()}
    return _headers(render(request, "onsite/public_status.html", context))

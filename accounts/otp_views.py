"""Second-factor pages: verify a TOTP code after the password, or enrol a device."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp import match_token, user_has_device

from .otp import pending_device, qr_svg
from .security import safe_next
from .tokens import revoke_tokens


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=gettext_lazy("动态验证码"),
        regex=r"^\d{6}$",
        max_length=6,
        error_messages={"invalid": gettext_lazy("请输入6位数字验证码。")},
    )


@login_required
def verify(request):
    """Enter the 6-digit code of the authenticator app after the password."""
    if not user_has_device(request.user, confirmed=True):
        return redirect("otp_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(safe_next(request))
        form.add_error("code", _("验证码不正确或已过期，请重新输入。"))
    return render(request, "accounts/otp_verify.html", {"form": form})


@login_required
def setup(request):
    """Enrol an authenticator app: scan the code, then confirm with a first 6-digit code.

    Enrolment ends the user's API tokens: they were issued without the second factor."""
    device = pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            revoke_tokens(request.user)
            otp_login(request, device)
            messages.success(request, _("已启用动态验证码登录。"))
            return redirect("home")
        form.add_error("code", _("验证码不正确或已过期，请重新输入。"))
    context = {
        "form": form,
        "qr": mark_safe(qr_svg(device)),  # noqa: S308 - an SVG we generate from our own URL
        "secret": device.config_url.split("secret=")[1].split("&")[0],
    }
    return render(request, "accounts/otp_setup.html", context)

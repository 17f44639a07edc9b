from captcha.fields import CaptchaField
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Sign-in; the error never tells whether the username exists."""

    error_messages = {
        "invalid_login": _("用户名或密码不正确，请重新输入。"),
        "inactive": _("用户名或密码不正确，请重新输入。"),
    }


class CaptchaLoginForm(LoginForm):
    """Sign-in after repeated failures: an image captcha (请输入验证码) as well."""

    captcha = CaptchaField(
        label=_("验证码"),
        error_messages={"invalid": _("验证码不正确，请重新输入。"), "required": _("请输入验证码。")},
    )

    field_order = ["username", "password", "captcha"]

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
    """Sign-in after repeated failures: an image captcha (请输入验证码) as well.

    The captcha is checked first and a wrong one stops there, before the password is tried; and
    every failure reads the same, so the answer never tells whether the password was right."""

    error_messages = {
        "invalid_login": _("用户名、密码或验证码不正确，请重新输入。"),
        "inactive": _("用户名、密码或验证码不正确，请重新输入。"),
    }

    captcha = CaptchaField(label=_("验证码"))

    field_order = ["username", "password", "captcha"]

    def clean(self):
        if "captcha" not in self.cleaned_data:
            del self.errors["captcha"]
            raise self.get_invalid_login_error()
        return super().clean()

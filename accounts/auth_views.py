"""Sign-in with captcha after failures and lockout (django-axes), and the password change."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from .forms import CaptchaLoginForm, LoginForm
from .security import captcha_required


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def get_form_class(self):
        username = self.request.POST.get("username") if self.request.method == "POST" else None
        return CaptchaLoginForm if captcha_required(self.request, username) else LoginForm

    def form_invalid(self, form):
        # After this failure the next attempt may need the captcha: render the form that it will need.
        username = self.request.POST.get("username")
        if not isinstance(form, CaptchaLoginForm) and captcha_required(self.request, username):
            retry = CaptchaLoginForm(self.request, initial={"username": username})
            retry._errors = form.errors
            return self.render_to_response(self.get_context_data(form=retry))
        return super().form_invalid(form)


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the same page for every username, existing or not (HTTP 429)."""
    form = CaptchaLoginForm(request, initial={"username": (credentials or {}).get("username", "")})
    return render(
        request,
        "registration/login.html",
        {"form": form, "locked_out": _("登录失败次数过多，该账户已被临时锁定，请30分钟后再试。")},
        status=429,
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        user = self.request.user
        if user.must_change_password:
            get_user_model().objects.filter(pk=user.pk).update(must_change_password=False)
        messages.success(self.request, _("密码已修改。"))
        return response

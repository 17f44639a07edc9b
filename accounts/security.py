"""Sign-in defences and session rules (graded protection level 3 / OWASP ASVS L2).

- A captcha is required after ``LOGIN_CAPTCHA_AFTER`` failed sign-ins for a username or from an
  address; django-axes locks the username after ``AXES_FAILURE_LIMIT`` failures for
  ``AXES_COOLOFF_TIME``. Messages never reveal whether a username exists.
- Passwords: at least 10 characters of three kinds, not like the username, not common.
- Accounts an admin created must change their password at first sign-in.
- "Sign out everywhere": bumping ``User.session_version`` ends every session of the user and
  deletes his API tokens.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

SESSION_VERSION_KEY = "xuncha_session_version"
# The second-factor step decided at sign-in, so no request after it has to look up devices.
OTP_STEP_KEY = "xuncha_otp_step"


def client_ip(request) -> str:
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or ""


def recent_failures(request, username: str | None) -> int:
    """The most failed sign-ins recorded for this username or this address (within the cool-off)."""
    from axes.models import AccessAttempt

    ip = client_ip(request)
    counts = AccessAttempt.objects.aggregate(
        by_ip=Sum("failures_since_start", filter=Q(ip_address=ip)),
        by_user=Sum("failures_since_start", filter=Q(username=username or "")),
    )
    return max(counts["by_ip"] or 0, counts["by_user"] or 0)


def captcha_required(request, username: str | None) -> bool:
    return recent_failures(request, username) >= settings.LOGIN_CAPTCHA_AFTER


class CharacterClassesValidator:
    """At least ``min_classes`` of: lower-case letters, upper-case letters, digits, other symbols."""

    CLASSES = (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]")

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        kinds = sum(1 for pattern in self.CLASSES if re.search(pattern, password))
        if kinds < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return _("密码须包含大写字母、小写字母、数字、符号中的至少%(n)s类。") % {"n": self.min_classes}


def sign_out_everywhere(user) -> None:
    """End all the user's sessions (web) and delete his API tokens."""
    from rest_framework.authtoken.models import Token

    type(user).objects.filter(pk=user.pk).update(session_version=user.session_version + 1)
    user.session_version += 1
    Token.objects.filter(user=user).delete()


def remember_session_version(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver: stamp the session with the user's session version and with the
    second-factor step he still owes."""
    from .otp import otp_step

    request.session[SESSION_VERSION_KEY] = user.session_version
    request.session[OTP_STEP_KEY] = otp_step(user)


class AccountSecurityMiddleware:
    """Ends sessions older than a "sign out everywhere", and sends users who must change their
    password to the change form before anything else."""

    ALWAYS_ALLOWED = ("password_change", "password_change_done", "logout", "set_language", "otp_verify", "otp_setup")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if request.session.get(SESSION_VERSION_KEY, 0) != user.session_version:
                logout(request)
                return redirect(f"{reverse('login')}?next={request.path}")
            if not self._allowed(request):
                step = request.session.get(OTP_STEP_KEY)
                if step and not user.is_verified():
                    return redirect(f"{reverse(step)}?next={request.path}")
                if user.must_change_password:
                    return redirect("password_change")
        return self.get_response(request)

    def _allowed(self, request) -> bool:
        match = getattr(request, "resolver_match", None)
        if match is None:
            from django.urls import Resolver404, resolve

            try:
                match = resolve(request.path_info)
            except Resolver404:
                return False
        return match.url_name in self.ALWAYS_ALLOWED or request.path_info.startswith(("/static/", "/captcha/"))

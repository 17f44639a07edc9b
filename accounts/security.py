"""Sign-in defences and session rules (graded protection level 3 / OWASP ASVS L2).

- A captcha is required after ``LOGIN_CAPTCHA_AFTER`` failed sign-ins for a username or from an
  address (within the cool-off); it is checked before the password, and every failure reads the
  same. The API token endpoint, which cannot show a captcha, answers 429 instead.
- django-axes locks a username *from one address* after ``AXES_FAILURE_LIMIT`` failures for
  ``AXES_COOLOFF_TIME``, and an address for every username only after the higher
  ``LOGIN_ADDRESS_FAILURE_LIMIT`` (:class:`SignInAttempts`): failures under one name cannot lock
  its owner out from elsewhere, nor a shared office address out of every account.
  Messages never reveal whether a username exists.
- Passwords: at least 10 characters of three kinds, not like the username, not common.
- Accounts an admin created must change their password at first sign-in.
- "Sign out everywhere": bumping ``User.session_version`` ends every session of the user and
  deletes his API tokens (accounts/tokens.py has the rest of the token rules).
"""

from __future__ import annotations

import math
import re

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.db.models import Max, Q, Sum
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

SESSION_VERSION_KEY = "xuncha_session_version"
# The second-factor step decided at sign-in, so no request after it has to look up devices.
OTP_STEP_KEY = "xuncha_otp_step"


def client_ip(request) -> str:
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or ""


def _recent_attempts():
    """django-axes' failure counters that are still within the cool-off (older ones no longer count)."""
    from axes.models import AccessAttempt

    attempts = AccessAttempt.objects.all()
    cool_off = get_cool_off()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gt=timezone.now() - cool_off)
    return attempts


def _user_or_address(request, username: str | None) -> Q:
    q = Q(ip_address=client_ip(request))
    if username:
        q |= Q(username=username)
    return q


def recent_failures(request, username: str | None) -> int:
    """The most failed sign-ins recorded for this username or this address (within the cool-off)."""
    ip = client_ip(request)
    counts = _recent_attempts().aggregate(
        by_ip=Sum("failures_since_start", filter=Q(ip_address=ip)),
        by_user=Sum("failures_since_start", filter=Q(username=username or "")),
    )
    return max(counts["by_ip"] or 0, counts["by_user"] or 0)


def address_failures(ip_address: str) -> int:
    """Failed sign-ins from one address under any username (within the cool-off)."""
    total = _recent_attempts().filter(ip_address=ip_address).aggregate(n=Sum("failures_since_start"))["n"]
    return total or 0


def captcha_required(request, username: str | None) -> bool:
    return recent_failures(request, username) >= settings.LOGIN_CAPTCHA_AFTER


def retry_after(request, username: str | None) -> int:
    """Seconds until the failures counted for this username or address have cooled off (at least 1)."""
    cool_off = get_cool_off()
    latest = _recent_attempts().filter(_user_or_address(request, username)).aggregate(at=Max("attempt_time"))["at"]
    if cool_off is None or latest is None:
        return 60 * 60
    return max(1, math.ceil((latest + cool_off - timezone.now()).total_seconds()))


def signin_locked(request, username: str | None) -> bool:
    """Whether django-axes refuses a sign-in as this username from this request's address."""
    from axes.handlers.proxy import AxesProxyHandler

    if not settings.AXES_ENABLED:
        return False
    return not AxesProxyHandler.is_allowed(request, {"username": username})


class SignInAttempts(AxesDatabaseHandler):
    """AXES_HANDLER: django-axes' database handler (which counts failures per username *and*
    address, AXES_LOCKOUT_PARAMETERS), plus a higher ceiling per address under any username."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        if address_failures(request.axes_ip_address) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures


def safe_next(request, default: str = "home") -> str:
    """Where to go after a sign-in step: the ``next`` parameter if it stays on this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)


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
    from .tokens import revoke_tokens

    type(user).objects.filter(pk=user.pk).update(session_version=user.session_version + 1)
    user.session_version += 1
    revoke_tokens(user)


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
                return redirect(f"{reverse('login')}?{urlencode({'next': request.path})}")
            if not self._allowed(request):
                step = request.session.get(OTP_STEP_KEY)
                if step and not user.is_verified():
                    return redirect(f"{reverse(step)}?{urlencode({'next': request.path})}")
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

"""API tokens (DRF's ``Token``, one per user) end with the controls meant to end them.

- A token is deleted when its user's password changes (``User.save``), when he enrols a second
  factor, and on "sign out everywhere".
- No token is issued, and none works, while the user owes a password change.
- A token unused for ``API_TOKEN_IDLE_DAYS`` days expires (it is deleted on its next use); use is
  stamped in :class:`~accounts.models.TokenActivity` at most once an hour.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from .models import TokenActivity

# How stale the "last used" stamp may get before a request writes it again.
STAMP_EVERY = dt.timedelta(hours=1)

PASSWORD_CHANGE_OWED = _("请先在网页上登录并修改密码，再使用接口。")
TOKEN_EXPIRED = _("接口令牌已过期，请重新申请。")


def idle_lifetime() -> dt.timedelta:
    return dt.timedelta(days=settings.API_TOKEN_IDLE_DAYS)


def last_used(token: Token) -> dt.datetime:
    """When the token was last used (its creation, if it has not been used since)."""
    try:
        return token.activity.last_used
    except TokenActivity.DoesNotExist:
        return token.created


def is_expired(token: Token, now: dt.datetime | None = None) -> bool:
    return last_used(token) <= (now or timezone.now()) - idle_lifetime()


def stamp(token: Token, now: dt.datetime | None = None) -> None:
    TokenActivity.objects.update_or_create(token=token, defaults={"last_used": now or timezone.now()})


def issue_token(user) -> Token:
    """The user's token, a new one if he has none or his old one has expired, stamped as used now."""
    now = timezone.now()
    token = Token.objects.filter(user=user).select_related("activity").first()
    if token is not None and is_expired(token, now):
        token.delete()
        token = None
    if token is None:
        token = Token.objects.create(user=user)
    stamp(token, now)
    return token


def revoke_tokens(user) -> int:
    """Delete the user's API tokens; returns how many there were."""
    count, _by_model = Token.objects.filter(user=user).delete()
    return count


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication (``Authorization: Token <key>``), refusing a token that has been
    idle too long or whose user owes a password change. One query, as DRF's: the token with its
    user and its activity stamp."""

    def authenticate_credentials(self, key):
        try:
            token = Token.objects.select_related("user", "activity").get(key=key)
        except Token.DoesNotExist:
            token = None
        if token is None or not token.user.is_active:
            return super().authenticate_credentials(key)  # DRF's own refusals and messages
        now = timezone.now()
        if is_expired(token, now):
            token.delete()
            raise exceptions.AuthenticationFailed(TOKEN_EXPIRED, code="token_expired")
        if token.user.must_change_password:
            raise exceptions.AuthenticationFailed(PASSWORD_CHANGE_OWED, code="password_change_required")
        if last_used(token) <= now - STAMP_EVERY:
            stamp(token, now)
        return (token.user, token)

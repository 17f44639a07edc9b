"""Optional TOTP second factor (django-otp), required by setting for some roles.

A user with a confirmed TOTP device must enter a code after his password before anything else;
a user holding a role listed in ``OTP_REQUIRED_ROLES`` (production default: admins and clue
officers) must first enrol a device. API tokens for such users need the code too.
"""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from .scopes import has_role


def otp_required(user) -> bool:
    roles = getattr(settings, "OTP_REQUIRED_ROLES", [])
    return bool(roles) and has_role(user, *roles)


def otp_step(user) -> str | None:
    """The second-factor page a user must pass after his password: "otp_verify" (he has a
    device), "otp_setup" (his role requires one and he has none) or None. Decided once, at sign-in."""
    if user_has_device(user, confirmed=True):
        return "otp_verify"
    return "otp_setup" if otp_required(user) else None


def pending_device(user) -> TOTPDevice:
    """The user's unconfirmed TOTP device, made on first call (the secret shown for enrolment)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="巡察平台", confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def confirmed_devices(user):
    return list(devices_for_user(user, confirmed=True))

"""TOTP second factor: verification after the password, enrolment where a role requires it, API tokens."""

import time

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from accounts.choices import Role
from accounts.models import Office, RoleAssignment, User

pytestmark = pytest.mark.django_db
PASSWORD = "Kx7#mPq2vL"


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.fixture
def person():
    return User.objects.create_user(username="zhaoliu", password=PASSWORD)


def test_a_user_with_a_device_must_enter_the_code(client, person):
    device = TOTPDevice.objects.create(user=person, name="phone", confirmed=True)
    assert client.post("/login/", {"username": "zhaoliu", "password": PASSWORD}).status_code == 302
    assert client.get("/")["Location"].startswith("/otp/verify/")
    wrong = client.post("/otp/verify/", {"code": "000000"})
    assert "验证码不正确或已过期" in wrong.content.decode()
    assert client.get("/")["Location"].startswith("/otp/verify/")
    time.sleep(1.1)  # django-otp throttles: a failure delays the next try by a second, then doubles
    assert client.post("/otp/verify/", {"code": code_for(device)}).status_code == 302
    assert client.get("/").status_code == 200


def test_a_role_that_requires_it_must_enrol_first(client, person, settings):
    settings.OTP_REQUIRED_ROLES = [Role.ADMIN]
    office = Office.objects.create(name="某市委巡察办", level="city")
    RoleAssignment.objects.create(user=person, office=office, role=Role.ADMIN)
    client.post("/login/", {"username": "zhaoliu", "password": PASSWORD})
    assert client.get("/")["Location"].startswith("/otp/setup/")
    page = client.get("/otp/setup/").content.decode()
    assert "<svg" in page
    device = TOTPDevice.objects.get(user=person, confirmed=False)
    assert client.post("/otp/setup/", {"code": code_for(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed and client.get("/").status_code == 200


def test_api_token_needs_the_code_when_a_device_exists(person):
    api = APIClient()
    assert api.post("/api/v1/auth/token/", {"username": "zhaoliu", "password": PASSWORD}).status_code == 200
    device = TOTPDevice.objects.create(user=person, name="phone", confirmed=True)
    refused = api.post("/api/v1/auth/token/", {"username": "zhaoliu", "password": PASSWORD})
    assert refused.status_code == 400 and "otp" in refused.json()["errors"]
    granted = api.post("/api/v1/auth/token/", {"username": "zhaoliu", "password": PASSWORD, "otp": code_for(device)})
    assert granted.status_code == 200 and granted.json()["token"]


@pytest.mark.parametrize(
    "target", ["https://evil.example/phish", "//evil.example/phish", "/\\evil.example", "http:///evil.example"]
)
def test_after_the_code_next_stays_on_this_site(client, person, target):
    """Security review finding 7: `?next=https://evil.example/phish` sent the user there."""
    device = TOTPDevice.objects.create(user=person, name="phone", confirmed=True)
    client.post("/login/", {"username": "zhaoliu", "password": PASSWORD})
    response = client.post(f"/otp/verify/?next={target}", {"code": code_for(device)})
    assert response.status_code == 302 and response["Location"] == "/"


def test_after_the_code_next_on_this_site_is_followed(client, person):
    device = TOTPDevice.objects.create(user=person, name="phone", confirmed=True)
    client.post("/login/", {"username": "zhaoliu", "password": PASSWORD})
    assert client.get("/issues/?status=draft")["Location"] == "/otp/verify/?next=%2Fissues%2F"
    response = client.post("/otp/verify/?next=%2Fissues%2F", {"code": code_for(device)})
    assert response["Location"] == "/issues/"

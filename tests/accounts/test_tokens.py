"""API tokens end with the controls meant to end them (security review, issue 19, finding 6)."""

import datetime as dt

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import TokenActivity, User
from accounts.security import sign_out_everywhere

pytestmark = pytest.mark.django_db
GOOD = "Str0ng-Passw0rd!"
NEW = "Kx7#mPq2vL"


@pytest.fixture
def person():
    return User.objects.create_user(username="zhangsan", password=GOOD, full_name="张三")


def obtain(password=GOOD, **extra):
    return APIClient().post("/api/v1/auth/token/", {"username": "zhangsan", "password": password, **extra})


def call_with(key: str):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api.get("/api/v1/offices/")


def a_token() -> str:
    response = obtain()
    assert response.status_code == 200
    key = response.json()["token"]
    assert call_with(key).status_code == 200
    return key


def test_a_password_change_ends_the_old_token(client, person):
    key = a_token()
    client.force_login(person)
    response = client.post("/password/", {"old_password": GOOD, "new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302
    assert call_with(key).status_code == 401
    assert call_with(obtain(NEW).json()["token"]).status_code == 200


def test_a_password_set_by_an_admin_ends_the_old_token_too(person):
    key = a_token()
    person.set_password(NEW)
    person.save()
    assert call_with(key).status_code == 401


def test_saving_a_user_otherwise_keeps_his_token(person):
    key = a_token()
    person.full_name = "张三丰"
    person.save()
    assert call_with(key).status_code == 200


def test_no_token_while_a_password_change_is_owed(person):
    key = a_token()
    User.objects.filter(pk=person.pk).update(must_change_password=True)
    refused = call_with(key)
    assert refused.status_code == 401 and refused.json()["code"] == "password_change_required"
    Token.objects.all().delete()
    denied = obtain()
    assert denied.status_code == 403 and denied.json()["code"] == "password_change_required"
    assert not Token.objects.exists()
    # A wrong password still reads as a wrong password: the flag is not revealed to a guesser.
    assert obtain("wrong").status_code == 400


def test_enrolling_a_second_factor_ends_the_token_issued_without_it(client, person):
    key = a_token()
    client.force_login(person)
    client.get("/otp/setup/")
    device = TOTPDevice.objects.get(user=person, confirmed=False)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    assert client.post("/otp/setup/", {"code": code}).status_code == 302
    assert call_with(key).status_code == 401


def test_sign_out_everywhere_ends_the_token(person):
    key = a_token()
    sign_out_everywhere(person)
    assert call_with(key).status_code == 401


def idle_for(key: str, **delta) -> None:
    TokenActivity.objects.filter(token_id=key).update(last_used=timezone.now() - dt.timedelta(**delta))


def test_a_token_idle_too_long_expires(person, settings):
    assert settings.API_TOKEN_IDLE_DAYS == 30
    key = a_token()
    idle_for(key, days=29)
    assert call_with(key).status_code == 200
    idle_for(key, days=31)
    expired = call_with(key)
    assert expired.status_code == 401 and expired.json()["code"] == "token_expired"
    assert not Token.objects.filter(key=key).exists()
    fresh = obtain().json()["token"]
    assert fresh != key and call_with(fresh).status_code == 200


def test_the_idle_lifetime_is_a_setting(person, settings):
    settings.API_TOKEN_IDLE_DAYS = 1
    key = a_token()
    idle_for(key, hours=25)
    assert call_with(key).status_code == 401


def test_an_expired_token_is_replaced_when_a_new_one_is_asked_for(person):
    key = a_token()
    idle_for(key, days=31)
    fresh = obtain().json()["token"]
    assert fresh != key and call_with(fresh).status_code == 200


def test_use_is_stamped_at_most_once_an_hour(person):
    key = a_token()
    idle_for(key, minutes=30)
    stamped = TokenActivity.objects.get(token_id=key).last_used
    assert call_with(key).status_code == 200
    assert TokenActivity.objects.get(token_id=key).last_used == stamped  # no write for this request
    idle_for(key, hours=2)
    assert call_with(key).status_code == 200
    assert TokenActivity.objects.get(token_id=key).last_used > timezone.now() - dt.timedelta(minutes=1)


def test_a_token_made_elsewhere_counts_from_its_creation(person):
    token = Token.objects.create(user=person)
    assert call_with(token.key).status_code == 200
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - dt.timedelta(days=31))
    assert call_with(token.key).status_code == 401


def test_unknown_and_inactive_tokens_are_refused_as_before(person):
    assert call_with("0" * 40).status_code == 401
    key = a_token()
    User.objects.filter(pk=person.pk).update(is_active=False)
    assert call_with(key).status_code == 401

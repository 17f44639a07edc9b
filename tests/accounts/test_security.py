"""Sign-in defences and session rules, one test per rule."""

import datetime as dt

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.models import User
from accounts.security import sign_out_everywhere

pytestmark = pytest.mark.django_db
GOOD = "Str0ng-Passw0rd!"


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    return settings


@pytest.fixture
def person():
    return User.objects.create_user(username="wangwu", password=GOOD, full_name="王五")


def attempt(client, username, password, **extra):
    return client.post("/login/", {"username": username, "password": password, **extra})


def test_captcha_appears_after_three_failures(client, axes_on, person):
    assert "captcha" not in client.get("/login/").content.decode()
    for _ in range(2):
        assert "id_captcha_1" not in attempt(client, "wangwu", "wrong").content.decode()
    third = attempt(client, "wangwu", "wrong").content.decode()
    assert "请输入验证码" in third and "id_captcha_1" in third
    # Now even the right password needs the captcha ...
    page = attempt(client, "wangwu", GOOD).content.decode()
    assert "用户名、密码或验证码不正确，请重新输入。" in page and "id_captcha_1" in page
    # ... and with it (test mode accepts PASSED) the sign-in works.
    response = attempt(client, "wangwu", GOOD, captcha_0="x", captcha_1="PASSED")
    assert response.status_code == 302 and response["Location"] == "/"


def test_captcha_also_by_address_for_any_username(client, axes_on, person):
    for name in ("a1", "a2", "a3"):
        attempt(client, name, "wrong")
    assert "id_captcha_1" in attempt(client, "wangwu", "wrong").content.decode()


def test_lockout_after_ten_failures_without_revealing_the_username(client, axes_on, person):
    for _ in range(10):
        attempt(client, "wangwu", "wrong", captcha_0="x", captcha_1="PASSED")
    locked = attempt(client, "wangwu", GOOD, captcha_0="x", captcha_1="PASSED")
    assert locked.status_code == 429
    assert "该账户已被临时锁定" in locked.content.decode()
    for _ in range(10):
        attempt(client, "nobody-here", "wrong", captcha_0="x", captcha_1="PASSED")
    ghost = attempt(client, "nobody-here", "wrong", captcha_0="x", captcha_1="PASSED")
    assert ghost.status_code == 429 and "该账户已被临时锁定" in ghost.content.decode()

    from axes.models import AccessFailureLog

    assert AccessFailureLog.objects.filter(username="wangwu").count() >= 10


def test_wrong_username_and_wrong_password_read_the_same(client, person):
    one = attempt(client, "wangwu", "wrong").content.decode()
    two = attempt(client, "no-such-user", "wrong").content.decode()
    assert "用户名或密码不正确，请重新输入。" in one and "用户名或密码不正确，请重新输入。" in two


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("abcdefghijk", False),
        ("abcdefg123", False),
        ("Abc-12", False),
        ("Wangwu2026!", False),
        ("Password1234", False),
        ("Kx7#mPq2vL", True),
    ],
)
def test_password_policy(person, password, ok):
    if ok:
        validate_password(password, person)
    else:
        with pytest.raises(ValidationError):
            validate_password(password, person)


def test_first_login_forces_a_password_change(client, person):
    person.must_change_password = True
    person.save()
    client.force_login(person)
    assert client.get("/")["Location"] == "/password/"
    response = client.post(
        "/password/", {"old_password": GOOD, "new_password1": "Kx7#mPq2vL", "new_password2": "Kx7#mPq2vL"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.must_change_password
    assert client.get("/").status_code == 200


def test_session_expires_after_idle_time(client, person, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    client.force_login(person)
    assert client.get("/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert client.get("/")["Location"].startswith("/login/")


def test_sign_out_everywhere_ends_sessions_and_tokens(client, person):
    from django.test import Client

    other = Client()
    client.force_login(person)
    other.force_login(person)
    Token.objects.create(user=person)
    sign_out_everywhere(person)
    assert client.get("/")["Location"].startswith("/login/")
    assert other.get("/")["Location"].startswith("/login/")
    assert not Token.objects.filter(user=person).exists()

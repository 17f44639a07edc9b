"""CLIENT_IP_HEADERS decides where the client's address is read (README): behind a proxy the
sign-in lockouts and the public channel's rate limits must count the visitor, not the proxy.
django-axes reads the setting through django-ipware; without it every request had the proxy's."""

from django.test import RequestFactory, override_settings

from accounts.security import client_ip


def request():
    return RequestFactory().get("/", HTTP_X_FORWARDED_FOR="203.0.113.7, 10.0.0.2", REMOTE_ADDR="10.0.0.2")


def test_by_default_the_address_is_the_connections():
    assert client_ip(request()) == "10.0.0.2"


def test_behind_a_proxy_the_forwarded_address_counts():
    with override_settings(AXES_IPWARE_META_PRECEDENCE_ORDER=["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]):
        assert client_ip(request()) == "203.0.113.7"

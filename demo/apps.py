from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and benchmark data (``manage.py seed_demo``). It may see every app and no app imports it.

    It has no models, so no verbose name: the admin never lists it."""

    name = "demo"

from django.db import models


class ScopedQuerySet(models.QuerySet):
    """Querysets that start every user-facing read from the scope rules (accounts/scopes.py)."""

    def visible_to(self, user):
        from .scopes import visible_q

        return self.filter(visible_q(self.model, user))

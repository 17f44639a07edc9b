"""Field history for domain models (django-pghistory, PostgreSQL triggers)."""

import pghistory


def history(*trackers, **kwargs):
    """Track inserts and updates of a model into ``<Model>History`` (append-only: the
    database refuses UPDATE and DELETE on history rows). The acting user and request come
    from pghistory's middleware or the services' ``pghistory.context``."""

    def decorator(model):
        return pghistory.track(
            *trackers,
            model_name=f"{model.__name__}History",
            obj_field=pghistory.ObjForeignKey(related_name="history"),
            append_only=True,
            **kwargs,
        )(model)

    return decorator

"""The application's error types. Services raise these (or Django's ValidationError,
PermissionDenied, Http404); the API's exception handler turns each into one JSON shape:
``{"detail": "<readable message>", "code": "<machine code>", "errors": {"<field>": ["..."]}}``.
"""


class ApplicationError(Exception):
    """A request the application refuses, with a message a person can read (HTTP 400)."""

    status_code = 400
    default_code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None):
        super().__init__(message)
        self.message = str(message)
        self.code = code or self.default_code
        self.field = field


class TransitionError(ApplicationError):
    """An illegal state change, e.g. closing an issue that is still a draft (HTTP 409)."""

    status_code = 409
    default_code = "illegal_transition"


class ConflictError(ApplicationError):
    """Someone else changed the object since the caller read it (optimistic locking, HTTP 409)."""

    status_code = 409
    default_code = "changed_by_someone_else"

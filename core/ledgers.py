"""What a ledger (台账) is, in plain types every app may use without importing the ledgers app.

Each app declares its ledgers in its own ``ledgers.py`` with a function decorated ``@declare``
that returns ``LedgerSpec``s; the ledgers app imports those modules when Django starts
(``LedgersConfig.ready``) and builds its registry from ``declared()``. The builders run on every
call (not at import), so column headers and descriptions follow the active language.

Print settings are part of the spec: every ledger prints landscape, fitted to the page width, on
A3 when its columns are wide (``LedgerSpec.paper_size``) and A4 otherwise; long text columns wrap
(``Column.wraps``) and print narrowed to ``MAX_PRINT_WIDTH``. The writer applies them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import QuerySet

TEXT, DATE, INT, MONEY = "text", "date", "int", "money"
A3, A4 = "A3", "A4"
WRAP_WIDTH = 24  # a text column at least this wide (in characters) wraps when printed
MAX_PRINT_WIDTH = 36  # ... and is printed at most this wide
A3_FROM_WIDTH = 160  # a ledger whose columns are wider than this prints on A3 (else A4), landscape


@dataclass(frozen=True)
class Column:
    """One column of a ledger: its header, the ``values_list()`` lookup it shows and how."""

    header: str
    path: str  # a values_list() lookup
    kind: str = TEXT
    width: int = 14
    choices: dict | None = None  # code -> label, for status-like columns
    total: bool = False
    # Printing: None wraps text columns at least WRAP_WIDTH wide (long text), True/False forces it.
    wrap: bool | None = None
    # value -> what the cell shows (e.g. a group number as 第三巡察组), applied after ``choices``.
    display: Callable[[object], object] | None = None

    @property
    def wraps(self) -> bool:
        return self.wrap if self.wrap is not None else (self.kind == TEXT and self.width >= WRAP_WIDTH)

    @property
    def print_width(self) -> int:
        """The width printed: long wrapped text is narrowed to MAX_PRINT_WIDTH (it wraps instead)."""
        return min(self.width, MAX_PRINT_WIDTH) if self.wraps else self.width


@dataclass
class LedgerSpec:
    """What a ledger shows: its columns over the scoped, filtered queryset of one model.

    ``code`` is one of the ledgers app's ``Ledger`` choices, whose label is the ledger's title
    (the registry fills ``title`` in). ``list_url`` names the list screen the ledger mirrors,
    with ``list_query`` appended; ``basic_fields`` are the filters that list shows without
    "更多筛选". ``log_reads(user, pks)``, when given, is called once a file is complete with the
    primary keys of every row in it (the clue ledger logs each clue as read).
    """

    code: str
    columns: list[Column]
    queryset: Callable[[object], QuerySet]  # user -> scoped queryset with annotations
    filterset: type
    description: str = ""
    list_url: str = ""
    list_query: str = ""
    basic_fields: tuple[str, ...] = ()
    roles: tuple[str, ...] | None = None  # None: anyone may export what he sees
    log_reads: Callable[[object, Sequence[int]], object] | None = None
    order_by: tuple[str, ...] = ("id",)
    # A ledger that is not one table (the statistics report): writes the file itself,
    # ``writer(path, *, user, queryset, filters, filter_text, progress) -> rows``, instead of the row streamer.
    writer: Callable[..., int] | None = None
    title: str = ""
    # Printing (every ledger prints landscape, fitted to the page width, header rows repeated):
    # "A3" or "A4"; empty chooses by the columns' width (A3_FROM_WIDTH).
    paper: str = ""
    paths: list[str] = field(init=False)

    def __post_init__(self):
        self.paths = [column.path for column in self.columns]

    @property
    def print_width(self) -> int:
        return sum(column.print_width for column in self.columns)

    @property
    def paper_size(self) -> str:
        return self.paper or (A3 if self.print_width > A3_FROM_WIDTH else A4)


def choices_map(choices: Iterable) -> dict:
    """``TextChoices.choices`` as code -> label, for a status-like ``Column``."""
    return {value: str(label) for value, label in choices}


LedgerBuilder = Callable[[], Iterable[LedgerSpec]]
_builders: dict[str, LedgerBuilder] = {}


def declare(builder: LedgerBuilder) -> LedgerBuilder:
    """Register a function returning an app's ledger specs (used as a decorator in ``ledgers.py``).

    Keyed by its dotted name, so importing a module twice does not declare its ledgers twice."""
    _builders[f"{builder.__module__}.{builder.__qualname__}"] = builder
    return builder


def declared() -> list[LedgerSpec]:
    """Every declared ledger spec, freshly built (headers in the active language)."""
    return [spec for builder in _builders.values() for spec in builder()]

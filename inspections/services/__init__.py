"""Writes on the inspection side: one keyword-only, atomic function per state change (see
:mod:`.core` for the contract and the shared helpers). The services live by noun in :mod:`.rounds`,
:mod:`.issues`, :mod:`.clues`, :mod:`.archive` and :mod:`.supervision`; all are importable from here."""

from .archive import round_archive, round_reopen  # noqa: F401
from .clues import (  # noqa: F401
    clue_create,
    clue_reads_log,
    clue_record_outcome,
    clue_transfer,
    clue_withdraw,
)
from .core import (  # noqa: F401
    ANY_GROUP_ROLE,
    LEADERS,
    check_transition,
    check_version,
    clue_event,
    issue_event,
    locked_clue,
    locked_issue,
    move_clue,
    move_issue,
    next_code,
    office_of,
    require_round_open,
    required_text,
    round_event,
)
from .issues import (  # noqa: F401
    ISSUE_EDITABLE,
    issue_confirm,
    issue_create,
    issue_review,
    issue_submit,
    issue_update,
    issue_withdraw,
)
from .rounds import (  # noqa: F401
    ASSIGNMENT_EDITABLE,
    ROUND_FIELDS,
    assignment_create,
    assignment_update,
    group_create,
    membership_add,
    membership_remove,
    round_create,
    round_update,
    secretary_point_create,
    special_report_create,
    unit_create,
)
from .supervision import HAND_OVER_KINDS, assignment_hand_over, can_hand_over  # noqa: F401

"""Writes on the inspection side: one keyword-only, atomic function per state change (see
:mod:`.core` for the contract). Clue services live in :mod:`.clues`; both are importable from here."""

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
    ASSIGNMENT_EDITABLE,
    ISSUE_EDITABLE,
    LEADERS,
    ROUND_FIELDS,
    assignment_create,
    assignment_update,
    check_transition,
    check_version,
    clue_event,
    group_create,
    issue_confirm,
    issue_create,
    issue_event,
    issue_review,
    issue_submit,
    issue_update,
    issue_withdraw,
    locked_clue,
    locked_issue,
    membership_add,
    membership_remove,
    move_clue,
    move_issue,
    next_code,
    office_of,
    require_round_open,
    required_text,
    round_create,
    round_event,
    round_update,
    secretary_point_create,
    special_report_create,
    unit_create,
)
from .supervision import HAND_OVER_KINDS, assignment_hand_over, can_hand_over  # noqa: F401

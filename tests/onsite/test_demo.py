"""The demo's on-site registers: entries in every register, triaged letters and public reports,
recorded through the services; nothing becomes a finding or a clue; a rerun adds nothing."""

from __future__ import annotations

import pytest

from demo.onsite import seed_onsite
from inspections.models import Clue, Issue
from onsite.choices import LetterChannel, LetterStatus
from onsite.models import REGISTERS, Letter, PublicChannel

pytestmark = pytest.mark.django_db


def test_the_demo_fills_every_register_without_touching_the_figures(w):
    issues, clues = Issue.objects.count(), Clue.objects.count()
    counts = seed_onsite(accounts={"group_leader": w.leader_x, "inspector": w.insp_x})
    assert all(counts[kind] > 0 for kind in REGISTERS), counts
    assert Letter.objects.filter(channel=LetterChannel.PUBLIC, query_code__isnull=False).count() == 3
    assert set(Letter.objects.values_list("status", flat=True)) == {
        LetterStatus.RECEIVED, LetterStatus.HANDED_OVER, LetterStatus.CLOSED}  # fmt: skip
    assert PublicChannel.objects.get().assignment.group == w.group_x
    assert (Issue.objects.count(), Clue.objects.count()) == (issues, clues)
    assert seed_onsite(accounts={"group_leader": w.leader_x, "inspector": w.insp_x}) == {}

"""The demo's hand-over notifications: the demo liaison, supervisor and group leader each find
work in the bell after seed_demo, and a second load adds none."""

import pytest

from demo.handovers import seed_handovers
from notifications.choices import NotificationKind as Kind
from notifications.models import Notification
from tests.demo.test_seed_demo import demo  # noqa: F401 - the module-scoped demo data set

pytestmark = pytest.mark.django_db


def test_the_demo_bell_has_hand_overs(demo):  # noqa: F811
    def kinds(username):
        return set(Notification.objects.filter(user__username=username).values_list("kind", flat=True))

    assert Kind.ISSUE_RETURNED in kinds("liaison")
    assert Kind.ISSUE_SUBMITTED in kinds("supervisor")
    assert Kind.FINDING_SUBMITTED in kinds("group_leader")
    before = Notification.objects.count()
    from accounts.models import User

    seed_handovers({user.username: user for user in User.objects.filter(username__in=["liaison", "supervisor"])})
    assert Notification.objects.count() == before

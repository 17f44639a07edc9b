"""Test data, one way: factory_boy factories for every model the tests build, and the two small
worlds made of them.

    accounts.py       OfficeFactory, UserFactory, RoleAssignmentFactory; grant(), user()
    inspections.py    Unit, Round, Group (+ members), GroupMembership, Assignment, Issue, Clue
                      (+ persons), CluePerson, SecretaryPoint, SpecialReport factories; leaf_category()
    rectification.py  Feedback, Plan, Measure, Progress (+ evidence files), Evidence, Review,
                      EvaluationTemplate, Evaluation, Action factories
    reporting.py      Alert, Notification, Stat, Export factories
    worlds.py         make_world() (the domain tests' world), make_api_world() (the API tests'),
                      and the make_issue / make_clue / make_round / make_group / make_assignment
                      helpers that add to them

A factory fills in what a test does not care about and makes the rows it needs (a clue without an
assignment gets one, with its round, office, unit and group); pass what the test is about.
"""

from .accounts import OfficeFactory, RoleAssignmentFactory, UserFactory, grant, user
from .inspections import (
    AssignmentFactory,
    ClueFactory,
    CluePersonFactory,
    GroupFactory,
    GroupMembershipFactory,
    IssueFactory,
    RoundFactory,
    SecretaryPointFactory,
    SpecialReportFactory,
    UnitFactory,
    leaf_category,
)
from .rectification import (
    PDF,
    ActionFactory,
    EvaluationFactory,
    EvaluationTemplateFactory,
    EvidenceFactory,
    FeedbackFactory,
    MeasureFactory,
    PlanFactory,
    ProgressFactory,
    ReviewFactory,
)
from .reporting import AlertFactory, ExportFactory, NotificationFactory, StatFactory
from .worlds import (
    api_clue,
    api_issue,
    api_user,
    make_api_world,
    make_assignment,
    make_clue,
    make_group,
    make_issue,
    make_round,
    make_world,
)

__all__ = [
    "PDF",
    "ActionFactory",
    "AlertFactory",
    "AssignmentFactory",
    "ClueFactory",
    "CluePersonFactory",
    "EvaluationFactory",
    "EvaluationTemplateFactory",
    "EvidenceFactory",
    "ExportFactory",
    "FeedbackFactory",
    "GroupFactory",
    "GroupMembershipFactory",
    "IssueFactory",
    "MeasureFactory",
    "NotificationFactory",
    "OfficeFactory",
    "PlanFactory",
    "ProgressFactory",
    "ReviewFactory",
    "RoleAssignmentFactory",
    "RoundFactory",
    "SecretaryPointFactory",
    "SpecialReportFactory",
    "StatFactory",
    "UnitFactory",
    "UserFactory",
    "api_clue",
    "api_issue",
    "api_user",
    "grant",
    "leaf_category",
    "make_api_world",
    "make_assignment",
    "make_clue",
    "make_group",
    "make_issue",
    "make_round",
    "make_world",
    "user",
]

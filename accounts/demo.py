"""Demo offices and accounts (one per role), created only by `manage.py seed_demo`."""

from django.db import transaction

from .choices import OfficeLevel, Role
from .models import Office, RoleAssignment, User

CITY_OFFICE = "荆州市委巡察办"
COUNTY_OFFICES = [
    "沙市区委巡察办",
    "荆州区委巡察办",
    "江陵县委巡察办",
    "松滋市委巡察办",
    "公安县委巡察办",
    "石首市委巡察办",
    "监利市委巡察办",
    "洪湖市委巡察办",
]
DEMO_COUNTY = COUNTY_OFFICES[0]

# username, full name, role, office (None: the city office)
DEMO_ACCOUNTS = [
    ("admin", "系统管理员", Role.ADMIN, None),
    ("supervisor", "王审核", Role.SUPERVISOR, None),
    ("county_supervisor", "李督查", Role.SUPERVISOR, DEMO_COUNTY),
    ("inspector", "张巡察", Role.INSPECTOR, None),
    ("group_leader", "赵组长", Role.INSPECTOR, None),
    ("liaison", "刘联络", Role.LIAISON, None),
    ("clue_officer", "陈线索", Role.CLUE_OFFICER, None),
    ("leader", "周领导", Role.LEADER, None),
]


@transaction.atomic
def seed_offices() -> dict[str, Office]:
    """The city office and its eight county offices (idempotent)."""
    city, _ = Office.objects.get_or_create(name=CITY_OFFICE, defaults={"level": OfficeLevel.CITY})
    offices = {CITY_OFFICE: city}
    for name in COUNTY_OFFICES:
        office, _ = Office.objects.get_or_create(name=name, defaults={"level": OfficeLevel.COUNTY, "parent": city})
        offices[name] = office
    return offices


@transaction.atomic
def seed_accounts(*, offices: dict[str, Office], password: str) -> list[User]:
    """One demo account per role; reruns reset their passwords and roles."""
    users = []
    for username, full_name, role, office_name in DEMO_ACCOUNTS:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "is_active": True,
                "is_staff": role == Role.ADMIN,
                "is_superuser": role == Role.ADMIN,
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        office = offices[office_name or CITY_OFFICE]
        unit = _liaison_unit(office) if role == Role.LIAISON else None
        RoleAssignment.objects.get_or_create(user=user, office=office, role=role, defaults={"unit": unit})
        users.append(user)
    return users


def _liaison_unit(office: Office):
    from inspections.choices import UnitKind
    from inspections.models import Unit

    unit, _ = Unit.objects.get_or_create(
        code="JZ-D-001", defaults={"name": "荆州市住房和城乡建设局", "kind": UnitKind.DEPARTMENT, "office": office}
    )
    return unit

"""Demo staff for the embedded default. Never run against a real force's data."""

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .constants import STAFF_GROUP_TRIAGE


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str | None  # None when the account already existed
    role: str


DEMO_STAFF = (
    ("admin", "Administrator", None),
    ("triage", "Triage officer", STAFF_GROUP_TRIAGE),
)


@transaction.atomic
def staff_groups_ensure() -> None:
    group, _ = Group.objects.get_or_create(name=STAFF_GROUP_TRIAGE)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="triage", codename="view_case"),
    )


@transaction.atomic
def demo_staff_ensure() -> list[DemoAccount]:
    """Create the demo accounts that are missing, each with a fresh random password."""
    staff_groups_ensure()
    user_model = get_user_model()
    accounts = []
    for username, role, group_name in DEMO_STAFF:
        if user_model.objects.filter(username=username).exists():
            accounts.append(DemoAccount(username, None, role))
            continue
        password = secrets.token_urlsafe(12)
        user = user_model.objects.create_user(
            username=username,
            password=password,
            email=f"{username}@example.invalid",
            first_name=role.split()[0],
            is_staff=group_name is None,
            is_superuser=group_name is None,
        )
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        accounts.append(DemoAccount(username, password, role))
    return accounts

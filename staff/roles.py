"""What each role may do, as Django groups and permissions.

The groups are made by a data migration (staff/migrations/0002_roles.py), so `migrate` alone
gives a force a working set of roles: staff imported from CSV, or added in the admin with a
role, can work at once. Adding a permission here needs a new migration that calls
`groups_ensure` again.
"""

from .constants import STAFF_GROUP_BY_ROLE, Role

# Every role: the Wagtail admin, the case queue and the register of nominals (access.py then
# narrows each to what the person needs).
EVERY_ROLE = (
    ("wagtailadmin", "access_admin"),
    ("triage", "view_case"),
    ("triage", "view_nominal"),
)
# Supervisors keep the reference data up to date: every permission on these models.
REFERENCE_DATA = (
    ("staff", "unit"),
    ("staff", "team"),
    ("staff", "staffprofile"),
    ("triage", "area"),
    ("triage", "nominal"),
    ("triage", "routingrule"),
)
ACTIONS = ("add", "change", "delete", "view")


def permissions_for(role: Role) -> list[tuple[str, str]]:
    """(app label, codename) of every permission a role's group holds."""
    granted = list(EVERY_ROLE)
    if role == Role.SUPERVISOR:
        granted += [
            (app_label, f"{action}_{model}")
            for app_label, model in REFERENCE_DATA
            for action in ACTIONS
        ]
    return granted


def groups_ensure(apps) -> None:
    """Give each role's group its permissions (added to any a force gave it). `apps` is a
    migration's app registry, so an old migration never reads today's models."""
    from django.contrib.auth.management import create_permissions

    # Permissions are otherwise made after the last migration: make those needed now
    # (Wagtail's own migration has already made access_admin).
    for app_label in ("staff", "triage"):
        app_config = apps.get_app_config(app_label)
        # create_permissions skips an app config without a models module (the stubs of a
        # migration's registry have none): say it has one.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role, name in STAFF_GROUP_BY_ROLE.items():
        group, _ = group_model.objects.get_or_create(name=name)
        wanted = [
            permission_model.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in permissions_for(role)
        ]
        group.permissions.add(*wanted)

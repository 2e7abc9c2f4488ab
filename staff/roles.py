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
# Supervisors keep the letter templates too, with Wagtail's drafts, publishing and locking.
LETTER_TEMPLATES = ("triage", "lettertemplate")
LETTER_ACTIONS = (*ACTIONS, "publish", "lock", "unlock")


def permissions_for(role: Role) -> list[tuple[str, str]]:
    """(app label, codename) of every permission a role's group holds."""
    granted = list(EVERY_ROLE)
    if role == Role.SUPERVISOR:
        granted += [
            (app_label, f"{action}_{model}")
            for app_label, model in REFERENCE_DATA
            for action in ACTIONS
        ]
        app_label, model = LETTER_TEMPLATES
        granted += [(app_label, f"{action}_{model}") for action in LETTER_ACTIONS]
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
    for role, name in STAFF_GROUP_BY_ROLE.items():
        group, _ = group_model.objects.get_or_create(name=name)
        for app_label, codename in permissions_for(role):
            permission = _permission(apps, app_label, codename)
            if permission is not None:
                group.permissions.add(permission)


def _permission(apps, app_label: str, codename: str):
    """The permission, made if its model exists but it does not yet (Wagtail makes publish,
    lock and unlock only after the last migration). A model that a later migration adds is
    skipped: that migration calls groups_ensure again (0003_roles_letters)."""
    permission_model = apps.get_model("auth", "Permission")
    found = permission_model.objects.filter(
        content_type__app_label=app_label, codename=codename
    ).first()
    if found is not None:
        return found
    action, model_name = codename.split("_", 1)
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return None
    content_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label=app_label, model=model_name
    )
    return permission_model.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {action} {model._meta.verbose_name}"},
    )[0]

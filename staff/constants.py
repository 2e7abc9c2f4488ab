from django.db import models


class Role(models.TextChoices):
    TRIAGE_OFFICER = "triage_officer", "Triage officer"
    OFFENDER_MANAGER = "offender_manager", "Offender manager"
    SUPERVISOR = "supervisor", "Supervisor"
    DISCLOSURE_OFFICER = "disclosure_officer", "Disclosure officer"


class TeamKind(models.TextChoices):
    MANAGEMENT = "management", "Offender management team"
    DISCLOSURE_DESK = "disclosure_desk", "Disclosure desk"


STAFF_GROUP_TRIAGE = "Triage officers"
STAFF_GROUP_BY_ROLE = {
    Role.TRIAGE_OFFICER: STAFF_GROUP_TRIAGE,
    Role.OFFENDER_MANAGER: "Offender managers",
    Role.SUPERVISOR: "Supervisors",
    Role.DISCLOSURE_OFFICER: "Disclosure officers",
}
# Supervisors keep the reference data (teams, areas, nominals, routing rules) up to date.
REFERENCE_DATA_EDITORS = {Role.SUPERVISOR}

"""The force's own people: its public protection unit, the unit's teams, and each member of
staff's role and team. (The tables keep the names they were created with.)"""

from django.conf import settings
from django.db import models

from .constants import Role, TeamKind


class Unit(models.Model):
    """A force's public protection unit (SOMU, VSOM or PPU, named per force)."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        db_table = "triage_unit"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=TeamKind.choices, default=TeamKind.MANAGEMENT)
    email = models.EmailField(blank=True, help_text="A shared inbox for notifications, if any.")

    class Meta:
        db_table = "triage_team"
        ordering = ["unit__name", "name"]

    def __str__(self) -> str:
        return self.name


class StaffProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="staff", null=True, blank=True
    )
    on_duty = models.BooleanField(
        default=False, help_text="Duty supervisors are alerted to urgent cases at once."
    )

    class Meta:
        db_table = "triage_staffprofile"
        ordering = ["user__username"]

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.get_role_display()})"

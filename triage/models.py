import uuid

from django.conf import settings
from django.db import models

from intake.constants import Scheme
from intake.models import Submission

from .constants import CaseStatus, EventKind, Priority


class Case(models.Model):
    """The police side of a submission: who holds it, where it stands, when it is due."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=20, unique=True)
    submission = models.OneToOneField(
        Submission, on_delete=models.PROTECT, related_name="case", null=True, blank=True
    )
    scheme = models.CharField(max_length=20, choices=Scheme.choices)
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.NEW)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    opened_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["status", "opened_at"], name="case_status_opened_idx")]

    def __str__(self) -> str:
        return self.reference


class CaseEvent(models.Model):
    """One line of a case's audit trail. Rows are only ever added, never changed."""

    id = models.BigAutoField(primary_key=True)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_events",
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.case_id}"

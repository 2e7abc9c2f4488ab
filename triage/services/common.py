"""What every case service needs: the case under a row lock, and its next open deadline."""

from datetime import datetime
from typing import Any

from ..models import Case, CaseDeadline


def case_locked(case_id: Any) -> Case:
    return Case.objects.select_for_update().get(pk=case_id)


def case_next_due(case: Case) -> datetime | None:
    return (
        CaseDeadline.objects.filter(case=case, met_at=None)
        .order_by("due_at")
        .values_list("due_at", flat=True)
        .first()
    )

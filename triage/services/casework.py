"""Notes and duplicates: the officer's own work on a case."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from .. import events
from ..constants import EventKind
from ..models import Case, CaseNote
from .common import case_locked


@transaction.atomic
def case_add_note(*, case_id: Any, acting_user: AbstractBaseUser, text: str) -> CaseNote:
    case = case_locked(case_id)
    note = CaseNote.objects.create(case=case, author=acting_user, text=text)
    events.case_event_record(
        case=case, kind=EventKind.NOTE_ADDED, acting_user=acting_user, detail={"note_id": note.pk}
    )
    return note


@transaction.atomic
def case_link_duplicate(*, case_id: Any, acting_user: AbstractBaseUser, duplicate_of: Case) -> Case:
    case = case_locked(case_id)
    if duplicate_of.pk == case.pk:
        raise ValidationError("A case cannot be a duplicate of itself.")
    if Case.objects.filter(pk=duplicate_of.pk, duplicate_of_id=case.pk).exists():
        raise ValidationError(f"{duplicate_of} is already a duplicate of this case.")
    case.duplicate_of = duplicate_of
    case.save(update_fields=["duplicate_of", "updated_at"])
    events.case_event_record(
        case=case,
        kind=EventKind.DUPLICATE_LINKED,
        acting_user=acting_user,
        detail={"duplicate_of": duplicate_of.reference},
    )
    return case

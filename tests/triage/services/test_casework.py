"""Notes, duplicates, and an audit trail that is only ever added to."""

import pytest
from django.core.exceptions import ValidationError

from tests.triage.conftest import submit
from triage.constants import EventKind
from triage.models import CaseEvent
from triage.services import casework
from triage.services.opening import case_open_for_submission

pytestmark = pytest.mark.django_db


def test_notes_duplicates_and_the_audit_trail_is_append_only(demo):
    first = case_open_for_submission(submission_id=submit().pk)
    second = case_open_for_submission(submission_id=submit().pk)
    note = casework.case_add_note(case_id=second.pk, acting_user=demo["triage"], text="Same man")
    casework.case_link_duplicate(case_id=second.pk, acting_user=demo["triage"], duplicate_of=first)
    with pytest.raises(ValidationError):
        casework.case_link_duplicate(
            case_id=first.pk, acting_user=demo["triage"], duplicate_of=second
        )
    event = CaseEvent.objects.get(kind=EventKind.NOTE_ADDED)
    assert event.detail == {"note_id": note.pk}
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()

"""Staff opening a file sent as evidence: each look is a CaseEvent, written before the file
is handed over. The case itself is checked by access.case_for in the view; a file that is
not the case's, is not yet through the virus scan, or was refused, cannot be opened."""

from collections.abc import Iterator
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.http import Http404

from intake import evidence
from intake.models import EvidenceFile

from .. import events
from ..constants import EventKind
from ..models import Case


def _openable(case: Case, file_id: Any) -> EvidenceFile:
    found = evidence.evidence_file_of_submission(submission_id=case.submission_id, file_id=file_id)
    if found is None:
        raise Http404("No such file")
    return found


def case_evidence_thumbnail(*, case: Case, file_id: Any, acting_user: AbstractBaseUser) -> bytes:
    """A thumbnail of an image sent with the case, made afresh; recorded as a look."""
    found = _openable(case, file_id)
    if found.kind != "image":
        raise Http404("Only images have thumbnails")
    events.case_event_record(
        case=case,
        kind=EventKind.EVIDENCE_VIEWED,
        acting_user=acting_user,
        detail={"evidence_id": str(found.pk)},
    )
    return evidence.evidence_thumbnail(evidence=found)


def case_evidence_download(
    *, case: Case, file_id: Any, acting_user: AbstractBaseUser
) -> tuple[EvidenceFile, Iterator[bytes]]:
    """A file sent with the case, decrypted as it streams; recorded as a look."""
    found = _openable(case, file_id)
    events.case_event_record(
        case=case,
        kind=EventKind.EVIDENCE_DOWNLOADED,
        acting_user=acting_user,
        detail={"evidence_id": str(found.pk)},
    )
    return found, evidence.evidence_chunks(evidence=found)

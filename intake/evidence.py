"""Evidence files: photos, screenshots and documents sent with a request or a follow-up.

The life of a file (docs/evidence.md):
1. `evidence_add`: while the journey is under way, one file a request, checked and cleaned
   (intake/evidence_checks.py), encrypted under a key of its own (core/file_encryption.py)
   and stored through Django's storage API (the "evidence" store). Refused files leave
   nothing behind. The row belongs to the visitor's session until the request is sent.
2. The virus scan, in a Celery task queued once the row is committed (`evidence_scan`):
   clean, or infected (the content is deleted at once and the refusal kept), or still
   waiting when the scanner is down (tried again by `evidence_rescan_pending`).
3. `evidence_attach`: on Send, in the same transaction as the submission (or follow-up).
4. Deleted with the session if the journey is abandoned (`evidence_delete_abandoned`), or
   with the case's personal data at the end of its retention (`evidence_delete_for_submission`).

Staff open a file only when it is attached and clean, through triage's audited views, which
read it with `evidence_chunks` and `evidence_thumbnail`. No file name or content is ever
logged; log lines carry ids only.
"""

import hashlib
import io
import logging
import tempfile
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any, BinaryIO

from celery import current_app
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext

from core.file_encryption import DecryptingReader, decrypt_chunks, encrypt_to, new_file_key
from core.outages import BROKER, outage_failed, outage_recovered

from . import evidence_checks
from .constants import SCAN_EVIDENCE_TASK, EvidenceKind, ScanStatus
from .evidence_checks import EvidenceRefused
from .models import EvidenceFile
from .scanner import ScannerUnavailable, scan_stream

logger = logging.getLogger(__name__)

SCANNER = "virus scanner"
RESCAN_AFTER = timedelta(minutes=1)
# An unsent file whose session cannot be found is gone after this long whatever the session
# engine says (a safety net: sessions here are always kept in the database too).
ABANDONED_AFTER = timedelta(days=2)
SPOOL_BYTES = 1024 * 1024

__all__ = ["EvidenceRefused"]


def evidence_storage() -> Storage:
    return storages["evidence"]


def _too_large(max_bytes: int) -> str:
    return gettext("The selected file must be smaller than %(size)s") % {
        "size": f"{max_bytes / (1024 * 1024):g}MB"
    }


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        return None


# --- Reads -------------------------------------------------------------------------------------


def pending_files(*, session_key: str | None, purpose: str) -> list[EvidenceFile]:
    """The files a visitor has added and not yet sent, oldest first."""
    if not session_key:
        return []
    return list(
        EvidenceFile.objects.filter(
            session_key=session_key, purpose=purpose, attached_at__isnull=True
        ).defer("data_key")
    )


def evidence_for_submission(*, submission_id: Any) -> list[EvidenceFile]:
    """Every file sent with a submission or its follow-ups, as staff see the list."""
    return list(
        EvidenceFile.objects.filter(submission_id=submission_id, attached_at__isnull=False)
        .select_related("follow_up")
        .defer("data_key")
    )


def evidence_file_of_submission(*, submission_id: Any, file_id: Any) -> EvidenceFile | None:
    """A file of this submission that staff may open: attached and passed by the scanner."""
    file_uuid = _uuid(file_id)
    if file_uuid is None or submission_id is None:
        return None
    return EvidenceFile.objects.filter(
        pk=file_uuid,
        submission_id=submission_id,
        attached_at__isnull=False,
        scan_status=ScanStatus.CLEAN,
        cleaned=True,
    ).first()


def download_name(evidence: EvidenceFile) -> str:
    return evidence_checks.kept_name(evidence.name, evidence.content_type)


def evidence_chunks(*, evidence: EvidenceFile) -> Iterator[bytes]:
    """The kept file, decrypted a chunk at a time (for a download)."""
    with evidence_storage().open(evidence.storage_name, "rb") as stored:
        yield from decrypt_chunks(stored, key=evidence.data_key)


def evidence_thumbnail(*, evidence: EvidenceFile, size: int = 320) -> bytes:
    """A small JPEG of a kept image, made afresh from the encrypted copy."""
    if evidence.kind != EvidenceKind.IMAGE:
        raise ValueError("Only images have thumbnails")
    with evidence_storage().open(evidence.storage_name, "rb") as stored:
        reader = DecryptingReader(stored, key=evidence.data_key)
        return evidence_checks.thumbnail(io.BytesIO(reader.read()), size=size)


# --- Adding a file -------------------------------------------------------------------------------


def _sha256(source: BinaryIO) -> str:
    digest = hashlib.sha256()
    source.seek(0)
    while piece := source.read(evidence_checks.READ_SIZE):
        digest.update(piece)
    source.seek(0)
    return digest.hexdigest()


def evidence_add(
    *,
    session_key: str,
    purpose: str,
    upload: UploadedFile | None,
    raw_name: str | None,
    too_large: bool = False,
) -> EvidenceFile:
    """Check, clean, encrypt and store one file for a visitor's unsent request.

    Raises EvidenceRefused with the page's message; a refused file leaves nothing stored.
    """
    limit = settings.EVIDENCE_MAX_FILES
    if not session_key:
        raise EvidenceRefused(gettext("Your session has timed out. Start again"))
    if (
        EvidenceFile.objects.filter(
            session_key=session_key, purpose=purpose, attached_at__isnull=True
        ).count()
        >= limit
    ):
        raise EvidenceRefused(
            gettext("You can add up to %(limit)s files. Remove one to add another")
            % {"limit": limit}
        )
    max_bytes = settings.EVIDENCE_MAX_FILE_BYTES
    if too_large:
        raise EvidenceRefused(_too_large(max_bytes))
    if upload is None and not raw_name:
        raise EvidenceRefused(gettext("Select a file"))
    name = evidence_checks.checked_name(raw_name)
    if upload is None:
        raise EvidenceRefused(gettext("Select a file"))
    if upload.size == 0:
        raise EvidenceRefused(gettext("The selected file is empty"))
    if upload.size > max_bytes:
        raise EvidenceRefused(_too_large(max_bytes))
    sent = upload.file
    sent_type, found = evidence_checks.file_type(sent, name=name)
    sent_sha256 = _sha256(sent)
    width = height = None
    if found.kind == EvidenceKind.TEXT:
        encoding = evidence_checks.refuse_undecodable_text(sent)
        kept, content_type = sent, f"text/plain; charset={encoding}"
    else:
        evidence_checks.refuse_web_code(sent)
        if found.kind == EvidenceKind.PDF:
            evidence_checks.refuse_active_pdf(sent)
            kept, content_type = sent, "application/pdf"
        else:
            # Only the header is read here; the worker decodes and re-encodes the image,
            # off the request path, before the scan (evidence_clean).
            width, height = evidence_checks.check_image(sent, image_format=found.image_format)
            kept, content_type = sent, sent_type
    key = new_file_key()
    sha256 = _sha256(kept)
    file_id = uuid.uuid4()
    storage = evidence_storage()
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as sealed:
        kept.seek(0)
        size = encrypt_to(kept, sealed, key=key)
        sealed.seek(0)
        storage_name = storage.save(
            f"{file_id.hex[:2]}/{file_id.hex}.enc", File(sealed, name=f"{file_id.hex}.enc")
        )
    try:
        with transaction.atomic():
            evidence = EvidenceFile.objects.create(
                id=file_id,
                session_key=session_key,
                purpose=purpose,
                name=name,
                kind=found.kind,
                sent_type=sent_type,
                content_type=content_type,
                sent_size=upload.size,
                size=size,
                sent_sha256=sent_sha256,
                sha256=sha256,
                width=width,
                height=height,
                storage_name=storage_name,
                data_key=key,
                cleaned=found.kind != EvidenceKind.IMAGE,
            )
            transaction.on_commit(lambda: evidence_enqueue_scan(file_id=str(file_id)))
    except Exception:
        storage.delete(storage_name)
        raise
    logger.info("Evidence %s stored (%s, %s bytes)", file_id, found.kind, size)
    return evidence


def _delete_content_on_commit(storage_names: list[str]) -> None:
    names = [name for name in storage_names if name]
    if names:
        transaction.on_commit(lambda: _delete_content(names))


def _delete_content(storage_names: list[str]) -> None:
    storage = evidence_storage()
    for name in storage_names:
        try:
            storage.delete(name)
        except Exception as error:  # the row is gone; a stray encrypted blob is harmless
            logger.warning("Evidence content %s not deleted (%s)", name, type(error).__name__)


def evidence_remove(*, session_key: str | None, purpose: str, file_id: Any) -> bool:
    """The visitor takes a file back off their unsent request: row and content go."""
    if not session_key:
        return False
    file_uuid = _uuid(file_id)
    if file_uuid is None:
        return False
    with transaction.atomic():
        evidence = (
            EvidenceFile.objects.select_for_update()
            .filter(
                pk=file_uuid, session_key=session_key, purpose=purpose, attached_at__isnull=True
            )
            .only("pk", "storage_name")
            .first()
        )
        if evidence is None:
            return False
        _delete_content_on_commit([evidence.storage_name])
        evidence.delete()
    return True


def evidence_attach(
    *, session_key: str | None, purpose: str, submission_id: Any, follow_up_id: Any = None
) -> int:
    """Attach the visitor's unsent files to what they have just sent; call it inside the
    transaction that made the submission (or follow-up). Returns how many were attached."""
    if not session_key:
        return 0
    return EvidenceFile.objects.filter(
        session_key=session_key, purpose=purpose, attached_at__isnull=True
    ).update(
        submission_id=submission_id,
        follow_up_id=follow_up_id,
        session_key="",
        attached_at=timezone.now(),
    )


def evidence_session_moved(*, old_key: str | None, new_key: str | None) -> None:
    """The session's key changed (cycle_key): its unsent files follow it."""
    if old_key and new_key and old_key != new_key:
        EvidenceFile.objects.filter(session_key=old_key, attached_at__isnull=True).update(
            session_key=new_key
        )


# --- The virus scan --------------------------------------------------------------------------


def evidence_enqueue_scan(*, file_id: str) -> bool:
    """Queue the scan of a file. Never raises: a file still waiting is queued again by
    evidence_rescan_pending, so a broker outage delays a scan but loses none."""
    try:
        current_app.tasks[SCAN_EVIDENCE_TASK].apply_async(args=[file_id], retry=False)
    except Exception as error:
        outage_failed(BROKER, error)
        return False
    outage_recovered(BROKER)
    return True


def evidence_scan(*, file_id: Any) -> str:
    """Scan one file with clamd, once; returns its scan status afterwards.

    Idempotent: a file already clean or infected is left as it is. While clamd cannot be
    reached the file stays PENDING (never shown) and the next rescan tries again. An infected
    file's content is deleted at once; its row keeps the signature's name as the record.
    """
    file_uuid = _uuid(file_id)
    evidence = EvidenceFile.objects.filter(pk=file_uuid).first() if file_uuid else None
    if evidence is None:
        return ""
    if evidence.scan_status != ScanStatus.PENDING or not evidence.storage_name:
        return evidence.scan_status
    if not evidence.cleaned:
        evidence = evidence_clean(evidence=evidence)
        if evidence.scan_status != ScanStatus.PENDING:
            return evidence.scan_status
    now = timezone.now()
    try:
        with evidence_storage().open(evidence.storage_name, "rb") as stored:
            verdict = scan_stream(DecryptingReader(stored, key=evidence.data_key))
    except (ScannerUnavailable, OSError) as error:
        outage_failed(SCANNER, error)
        EvidenceFile.objects.filter(pk=evidence.pk, scan_status=ScanStatus.PENDING).update(
            scan_attempts=evidence.scan_attempts + 1, last_scan_try_at=now
        )
        logger.info("Evidence %s waits for scan (%s)", evidence.pk, type(error).__name__)
        return ScanStatus.PENDING
    outage_recovered(SCANNER)
    with transaction.atomic():
        if verdict.infected:
            updated = EvidenceFile.objects.filter(
                pk=evidence.pk, scan_status=ScanStatus.PENDING
            ).update(
                scan_status=ScanStatus.INFECTED,
                scan_signature=verdict.signature,
                scanned_at=now,
                scan_attempts=evidence.scan_attempts + 1,
                last_scan_try_at=now,
                storage_name="",
            )
            if updated:
                _delete_content_on_commit([evidence.storage_name])
                logger.warning(
                    "Evidence %s refused: the scanner found %s", evidence.pk, verdict.signature
                )
        else:
            EvidenceFile.objects.filter(pk=evidence.pk, scan_status=ScanStatus.PENDING).update(
                scan_status=ScanStatus.CLEAN,
                scanned_at=now,
                scan_attempts=evidence.scan_attempts + 1,
                last_scan_try_at=now,
            )
    return EvidenceFile.objects.values_list("scan_status", flat=True).get(pk=evidence.pk)


def evidence_clean(*, evidence: EvidenceFile) -> EvidenceFile:
    """Re-encode an image as the worker does before its scan: decoded by Pillow, turned the
    right way up, encoded again with no metadata (location above all), and stored encrypted
    under a new key in place of what was sent, which is deleted. An image that cannot be
    decoded is refused (UNREADABLE) and deleted. Idempotent: a cleaned file is left alone."""
    if evidence.cleaned or evidence.kind != EvidenceKind.IMAGE:
        return evidence
    storage = evidence_storage()
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as sent:
        with storage.open(evidence.storage_name, "rb") as stored:
            for chunk in decrypt_chunks(stored, key=evidence.data_key):
                sent.write(chunk)
        try:
            clean = evidence_checks.reencoded_image(
                sent, image_format=evidence_checks.image_format_of(evidence.sent_type)
            )
        except EvidenceRefused:
            with transaction.atomic():
                EvidenceFile.objects.filter(pk=evidence.pk, cleaned=False).update(
                    scan_status=ScanStatus.UNREADABLE, storage_name="", scanned_at=timezone.now()
                )
                _delete_content_on_commit([evidence.storage_name])
            logger.warning("Evidence %s refused: the image could not be decoded", evidence.pk)
            evidence.refresh_from_db()
            return evidence
    key = new_file_key()
    sha256 = _sha256(clean.content)
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as sealed:
        size = encrypt_to(clean.content, sealed, key=key)
        sealed.seek(0)
        storage_name = storage.save(
            f"{evidence.pk.hex[:2]}/{evidence.pk.hex}-clean.enc",
            File(sealed, name=f"{evidence.pk.hex}-clean.enc"),
        )
    with transaction.atomic():
        updated = EvidenceFile.objects.filter(pk=evidence.pk, cleaned=False).update(
            cleaned=True,
            storage_name=storage_name,
            data_key=key,
            content_type=clean.content_type,
            size=size,
            sha256=sha256,
            width=clean.width,
            height=clean.height,
        )
        _delete_content_on_commit([evidence.storage_name if updated else storage_name])
    evidence.refresh_from_db()
    return evidence


def evidence_rescan_pending(*, older_than: timedelta = RESCAN_AFTER, limit: int = 200) -> int:
    """Queue again every file still waiting for scan whose last try is older than
    `older_than`; returns how many were queued."""
    cutoff = timezone.now() - older_than
    waiting = (
        EvidenceFile.objects.filter(scan_status=ScanStatus.PENDING, uploaded_at__lt=cutoff)
        .exclude(storage_name="")
        .exclude(last_scan_try_at__gte=cutoff)
        .order_by("uploaded_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for file_id in list(waiting) if evidence_enqueue_scan(file_id=str(file_id)))


# --- Deletion ----------------------------------------------------------------------------------


def _delete_rows(queryset) -> int:
    with transaction.atomic():
        rows = list(queryset.select_for_update().values_list("pk", "storage_name"))
        if not rows:
            return 0
        _delete_content_on_commit([name for _pk, name in rows])
        EvidenceFile.objects.filter(pk__in=[pk for pk, _name in rows]).delete()
    return len(rows)


def evidence_delete_abandoned(*, now: datetime | None = None) -> int:
    """Delete the unsent files of sessions that have expired or gone (Exit this page, two
    hours idle): an abandoned journey's files go with its answers."""
    now = now or timezone.now()
    live = Session.objects.filter(session_key=OuterRef("session_key"), expire_date__gt=now)
    unsent = EvidenceFile.objects.filter(attached_at__isnull=True)
    abandoned = unsent.filter(~Exists(live)) | unsent.filter(uploaded_at__lt=now - ABANDONED_AFTER)
    return _delete_rows(abandoned)


def evidence_delete_for_submission(*, submission_id: Any) -> int:
    """Delete every file of a submission, its follow-ups' too (retention). Call inside the
    transaction that deletes the submission: the content goes once it commits."""
    return _delete_rows(EvidenceFile.objects.filter(submission_id=submission_id))

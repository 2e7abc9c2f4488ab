import uuid

from django.db import models

from core.encryption import EncryptedJSONField, EncryptedTextField

from .constants import EvidenceKind, Language, OutboxStatus, PublicStatus, ScanStatus, Scheme


class Submission(models.Model):
    """What a member of the public sent, as they sent it. Personal answers are encrypted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=20, unique=True)
    scheme = models.CharField(max_length=20, choices=Scheme.choices)
    answers = EncryptedJSONField(help_text="Every answer, encrypted at rest.")
    immediate_danger = models.BooleanField(default=False)
    is_anonymous = models.BooleanField(default=False)
    receipt_code_hash = models.CharField(max_length=64)
    # A keyed hash of the one-time send key of the check-answers page, bound to the visitor's
    # session (codes.hash_send_key): a second send with the same key finds this submission
    # instead of making another. Empty for submissions made without the form (the database
    # default too, for rows written in bulk by SQL).
    send_key_hash = models.CharField(
        max_length=64, blank=True, default="", db_default="", editable=False
    )
    submitted_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # The language of the pages the person sent it from: replies and letters go in it, and
    # staff see a "Sent in Welsh" tag (Welsh Language Standards).
    language = models.CharField(
        max_length=2, choices=Language.choices, default=Language.ENGLISH, db_default="en"
    )
    # Set by the back office through submission_public_status_set, read by the status page.
    public_status = models.CharField(
        max_length=20, choices=PublicStatus.choices, default=PublicStatus.RECEIVED
    )

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            # Decides between two sends of the same key, however close together.
            models.UniqueConstraint(
                fields=["send_key_hash"],
                condition=~models.Q(send_key_hash=""),
                name="intake_submission_send_once",
            )
        ]

    def __str__(self) -> str:
        return self.reference


class FollowUp(models.Model):
    """More information added later by the person who sent the request."""

    id = models.BigAutoField(primary_key=True)
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="follow_ups")
    text = EncryptedTextField()
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_at", "id"]

    def __str__(self) -> str:
        return f"Follow-up {self.pk} to {self.submission_id}"


class OutboxMessage(models.Model):
    """A task to run once the submission is safely stored.

    Written in the same transaction as the submission, so a broker that is down loses nothing:
    the relay sends again whatever is still pending after a minute, and the consumer marks the
    row processed once its work is done.
    """

    id = models.BigAutoField(primary_key=True)
    task_name = models.CharField(max_length=100)
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="outbox")
    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, null=True, blank=True, related_name="outbox"
    )
    status = models.CharField(
        max_length=20, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["created_at"],
                name="outbox_pending_idx",
                condition=models.Q(status="pending"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_name} for {self.submission_id} ({self.status})"


class EvidenceFile(models.Model):
    """A photo, screenshot or document sent with a request or a follow-up.

    Uploaded while the journey is under way, it belongs to the visitor's session
    (`session_key`, `purpose`) until the request is sent, when it is attached to the
    submission (and the follow-up, if it came with one). A file of a session that has
    expired is deleted by intake.delete_abandoned_evidence. The content lives in the
    "evidence" storage, encrypted under `data_key` (core/file_encryption.py), itself wrapped
    by the field keys; the name the person gave it is encrypted too. Staff may open a file
    only once the virus scanner has passed it (`scan_status` CLEAN).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    submission = models.ForeignKey(
        Submission,
        on_delete=models.CASCADE,
        related_name="evidence",
        null=True,
        blank=True,
    )
    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="evidence", null=True, blank=True
    )
    # The owner while the request is not yet sent; emptied once attached.
    session_key = models.CharField(max_length=40, blank=True, db_index=True)
    purpose = models.CharField(max_length=40)
    name = EncryptedTextField(help_text="The file's name as sent, encrypted at rest.")
    kind = models.CharField(max_length=10, choices=EvidenceKind.choices)
    # The type as libmagic read the file sent, and the type of what is kept (an image is
    # kept as it was re-encoded: HEIC as JPEG).
    sent_type = models.CharField(max_length=100)
    content_type = models.CharField(max_length=100)
    sent_size = models.PositiveBigIntegerField()
    size = models.PositiveBigIntegerField()
    sent_sha256 = models.CharField(max_length=64)
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    storage_name = models.CharField(max_length=255, blank=True)
    # True once what is stored is what staff may see: an image re-encoded without its
    # metadata (done by the worker, before the scan); a PDF or text file as sent.
    cleaned = models.BooleanField(default=False)
    data_key = EncryptedTextField(help_text="The file's own key, wrapped by the field keys.")
    scan_status = models.CharField(
        max_length=10, choices=ScanStatus.choices, default=ScanStatus.PENDING
    )
    # The scanner's name for what it found: never anything the person wrote.
    scan_signature = models.CharField(max_length=200, blank=True)
    scan_attempts = models.PositiveIntegerField(default=0)
    last_scan_try_at = models.DateTimeField(null=True, blank=True)
    scanned_at = models.DateTimeField(null=True, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    attached_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        indexes = [
            models.Index(
                fields=["uploaded_at"],
                name="evidence_scan_pending_idx",
                condition=models.Q(scan_status="pending"),
            ),
            models.Index(
                fields=["session_key", "purpose"],
                name="evidence_unattached_idx",
                condition=models.Q(attached_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"Evidence {self.pk} ({self.kind}, {self.scan_status})"

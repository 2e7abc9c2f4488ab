from django.db import models


class OutboundEmailStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"


class OutboundEmail(models.Model):
    """One e-mail to one recipient, written in the transaction of the change that causes it
    (core/outbox.py). Holds no personal data beyond a staff address: staff e-mails carry a
    reference and a link only."""

    idempotency_key = models.CharField(max_length=200, unique=True)
    recipient = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(
        max_length=16, choices=OutboundEmailStatus.choices, default=OutboundEmailStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"], name="core_email_pending")]

    def __str__(self) -> str:
        return self.idempotency_key

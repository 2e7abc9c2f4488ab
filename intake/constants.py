from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    """The language a request was sent in: the one of the pages the person used (/cy/ Welsh)."""

    ENGLISH = "en", _("English")
    WELSH = "cy", _("Welsh")


class Scheme(models.TextChoices):
    CONCERN = "concern", _("Concern report")
    SARAHS_LAW = "sarahs_law", _("Child Sex Offender Disclosure Scheme (Sarah's Law)")
    CLARES_LAW = "clares_law", _("Domestic Violence Disclosure Scheme (Clare's Law)")


# The letters that start a reference tell staff and the public which scheme it belongs to.
REFERENCE_PREFIX = {
    Scheme.CONCERN: "CR",
    Scheme.SARAHS_LAW: "SL",
    Scheme.CLARES_LAW: "CL",
}


class PublicStatus(models.TextChoices):
    """What the person who sent a request may be told of its progress, and nothing more."""

    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("Being looked at")
    COMPLETED = "completed", _("Completed")


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be processed"
    PROCESSED = "processed", "Processed"


class ConcernTopic(models.TextChoices):
    KNOWN_OFFENDER = (
        "known_offender",
        _("The behaviour of someone I know is a registered sex offender"),
    )
    SUSPECTED_OFFENDER = "suspected_offender", _("I think someone may be a registered sex offender")
    ONLINE_CHILD = "online_child", _("Something online involving a child")
    OTHER = "other", _("Something else")


# Tasks named in outbox rows. Each takes the outbox message id; the consumer marks the row
# processed with intake.services.outbox_mark_processed once its work has committed.
ROUTE_SUBMISSION_TASK = "triage.route_submission"
ATTACH_FOLLOW_UP_TASK = "triage.attach_follow_up"
# Intake's own outbox task: the neutral acknowledgement e-mail (only to a safe address).
ACKNOWLEDGE_TASK = "intake.send_acknowledgement"


class SubjectSex(models.TextChoices):
    """The sex of the person a request is about, as the person sending it believes it to be."""

    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    NOT_KNOWN = "not_known", _("Not known")


class ParentKnows(models.TextChoices):
    """Sarah's Law: whether the child's parent or carer knows about the application."""

    APPLICANT_IS_PARENT = "applicant_is_parent", _("I am the child's parent or carer")
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_SURE = "not_sure", _("I do not know")


# The declaration the person makes before sending. Bump the version whenever the words of the
# notice or of the declaration change, so that staff can tell which words someone agreed to.
DECLARATION_VERSION = "2026-11"
DECLARATION_TEXT = _("I understand how my answers will be used")


class EvidenceKind(models.TextChoices):
    """What an evidence file is, told from its content (intake/evidence_checks.py)."""

    IMAGE = "image", "Image"
    PDF = "pdf", "PDF"
    TEXT = "text", "Text"


class ScanStatus(models.TextChoices):
    """Where an evidence file stands with the virus scanner. Staff open only CLEAN files."""

    PENDING = "pending", _("Waiting for scan")
    CLEAN = "clean", _("No virus found")
    INFECTED = "infected", _("Refused: a virus was found")
    UNREADABLE = "unreadable", _("Refused: the image could not be opened")


# Where a file was added: a journey (its name, e.g. "concern") or the follow-up page.
EVIDENCE_FOLLOW_UP = "check"
# The tasks of the evidence files (intake/tasks.py).
SCAN_EVIDENCE_TASK = "intake.scan_evidence"

from django.db import models


class CaseStatus(models.TextChoices):
    NEW = "new", "New"
    TRIAGED = "triaged", "Triaged"
    CHECKS = "checks", "Checks"
    CONTACT = "contact", "Contact or interview"
    DECISION_FORUM = "decision_forum", "Decision forum"
    DECISION = "decision", "Decision made"
    CLOSED = "closed", "Closed"


class Priority(models.TextChoices):
    URGENT = "urgent", "Urgent"
    HIGH = "high", "High"
    NORMAL = "normal", "Normal"


class EventKind(models.TextChoices):
    OPENED = "opened", "Case opened"
    VIEWED = "viewed", "Case viewed"
    FOLLOW_UP_RECEIVED = "follow_up_received", "More information received"
    ACCESS_REFUSED = "access_refused", "Access refused"


# Sort order for priorities: the most urgent first.
PRIORITY_RANK = {Priority.URGENT: 0, Priority.HIGH: 1, Priority.NORMAL: 2}

STAFF_GROUP_TRIAGE = "Triage officers"

from django.db import models


class CaseStatus(models.TextChoices):
    NEW = "new", "New"
    TRIAGED = "triaged", "Triaged"
    CHECKS = "checks", "Checks"
    CONTACT = "contact", "Contact or interview"
    DECISION_FORUM = "decision_forum", "Decision forum"
    DECISION = "decision", "Decision made"
    CLOSED = "closed", "Closed"


OPEN_STATUSES = [status for status in CaseStatus if status != CaseStatus.CLOSED]

# Which statuses may follow which: the lifecycle only moves forward, and a case may be closed
# from any open status (a concern report often needs no checks at all).
NEXT_STATUSES = {
    CaseStatus.NEW: {CaseStatus.TRIAGED, CaseStatus.CLOSED},
    CaseStatus.TRIAGED: {CaseStatus.CHECKS, CaseStatus.CLOSED},
    CaseStatus.CHECKS: {CaseStatus.CONTACT, CaseStatus.DECISION_FORUM, CaseStatus.CLOSED},
    CaseStatus.CONTACT: {CaseStatus.DECISION_FORUM, CaseStatus.DECISION, CaseStatus.CLOSED},
    CaseStatus.DECISION_FORUM: {CaseStatus.DECISION, CaseStatus.CLOSED},
    CaseStatus.DECISION: {CaseStatus.CLOSED},
    CaseStatus.CLOSED: set(),
}


class Priority(models.TextChoices):
    URGENT = "urgent", "Urgent"
    HIGH = "high", "High"
    NORMAL = "normal", "Normal"


class EventKind(models.TextChoices):
    OPENED = "opened", "Case opened"
    VIEWED = "viewed", "Case viewed"
    FOLLOW_UP_RECEIVED = "follow_up_received", "More information received"
    ACCESS_REFUSED = "access_refused", "Access refused"
    ROUTED = "routed", "Routed"
    ASSIGNED = "assigned", "Assigned"
    PRIORITY_CHANGED = "priority_changed", "Priority changed"
    STATUS_CHANGED = "status_changed", "Status changed"
    NOTE_ADDED = "note_added", "Note added"
    MATCH_SUGGESTED = "match_suggested", "Possible match found"
    MATCH_CONFIRMED = "match_confirmed", "Match confirmed"
    MATCH_REJECTED = "match_rejected", "Match rejected"
    DUPLICATE_LINKED = "duplicate_linked", "Linked as duplicate"
    CLOCK_PAUSED = "clock_paused", "Clock paused"
    CLOCK_RESUMED = "clock_resumed", "Clock resumed"
    DEADLINE_MET = "deadline_met", "Deadline met"
    REMINDER_SENT = "reminder_sent", "Reminder sent"
    ESCALATED = "escalated", "Escalated to supervisor"
    SUPERVISOR_ALERTED = "supervisor_alerted", "Duty supervisor alerted"
    EXPORTED = "exported", "Exported"
    SEARCHED = "searched", "Found by a search"
    PERSONAL_DATA_DELETED = "personal_data_deleted", "Personal data deleted"


class NotificationKind(models.TextChoices):
    """Why staff are e-mailed about a case (triage/notifications.py gives each its subject)."""

    ROUTED = "routed", "New case for the team"
    ASSIGNED = "assigned", "Case assigned"
    URGENT = "urgent", "Urgent case"
    REMINDER = "reminder", "Deadline near"
    ESCALATED = "escalated", "Deadline passed"


class NominalCategory(models.TextChoices):
    RSO = "rso", "Registered sex offender"
    MAPPA_VIOLENT = "mappa_violent", "MAPPA violent offender"
    PDP = "pdp", "Potentially dangerous person"


class RiskLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    VERY_HIGH = "very_high", "Very high"


class IdentifierKind(models.TextChoices):
    VEHICLE = "vehicle", "Vehicle registration"
    PHONE = "phone", "Phone number"
    USERNAME = "username", "Online identifier"


class MatchStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


class RoutingCondition(models.TextChoices):
    MATCHED_NOMINAL = "matched_nominal", "The subject is a confirmed or strongly matched nominal"
    ALWAYS = "always", "Always"


class RoutingTarget(models.TextChoices):
    NOMINAL_MANAGER = "nominal_manager", "The nominal's offender manager and team"
    AREA_TEAM = "area_team", "The team for the postcode area"
    AREA_DISCLOSURE_DESK = "area_disclosure_desk", "The disclosure desk for the postcode area"
    FIXED_TEAM = "fixed_team", "A named team"


class DeadlineKind(models.TextChoices):
    TRIAGE = "triage", "Triage"
    INITIAL_CHECKS = "initial_checks", "Initial checks"
    INTERVIEW = "interview", "Interview"
    WHOLE_PROCESS = "whole_process", "Whole process"


class Outcome(models.TextChoices):
    SUBSTANTIATED = "substantiated", "Substantiated: action taken"
    UNSUBSTANTIATED = "unsubstantiated", "Unsubstantiated"
    DISCLOSED = "disclosed", "Disclosure made"
    NOT_DISCLOSED = "not_disclosed", "No disclosure"
    WITHDRAWN = "withdrawn", "Withdrawn"
    DUPLICATE = "duplicate", "Duplicate"


class DecisionForum(models.TextChoices):
    MARAC = "marac", "MARAC"
    MAPPA = "mappa", "MAPPA"
    OTHER = "other", "Other multi-agency meeting"


# Sort order for priorities: the most urgent first.
PRIORITY_RANK = {Priority.URGENT: 0, Priority.HIGH: 1, Priority.NORMAL: 2}


# A match at or above this score routes a concern to the nominal's offender manager.
STRONG_MATCH_SCORE = 70

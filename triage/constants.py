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
    DECISION_RATIFIED = "decision_ratified", "Immediate-risk decision ratified by the forum"
    DISCLOSURE_RECORDED = "disclosure_recorded", "Disclosure recorded"
    UNDERTAKING_RECORDED = "undertaking_recorded", "Confidentiality undertaking recorded"
    SAFETY_PLAN_RECORDED = "safety_plan_recorded", "Safety plan and referrals recorded"
    LETTER_PRODUCED = "letter_produced", "Letter produced"
    LETTER_DOWNLOADED = "letter_downloaded", "Letter downloaded"
    EVIDENCE_VIEWED = "evidence_viewed", "File sent as evidence viewed (thumbnail)"
    EVIDENCE_DOWNLOADED = "evidence_downloaded", "File sent as evidence downloaded"


# Events that record a look at a case rather than a change to it. A case is looked at far more
# often than it changes, so the case page lists its changes in full and only the latest looks.
LOOK_KINDS = [
    EventKind.VIEWED,
    EventKind.SEARCHED,
    EventKind.EXPORTED,
    EventKind.LETTER_DOWNLOADED,
    EventKind.EVIDENCE_VIEWED,
    EventKind.EVIDENCE_DOWNLOADED,
]


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


class Sex(models.TextChoices):
    """A nominal's sex as the force records it; blank when not recorded. The public forms ask
    the subject's (Male, Female, Not known): docs/intake.md, `subject.sex`."""

    MALE = "male", "Male"
    FEMALE = "female", "Female"


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
    """Who took the disclosure decision. IMMEDIATE: the police acted at once because the risk
    was immediate, bypassing the forum, which ratifies the decision after."""

    LOCAL = "local", "Local decision-making forum"
    MARAC = "marac", "MARAC"
    MAPPA = "mappa", "MAPPA"
    OTHER = "other", "Other multi-agency meeting"
    IMMEDIATE = "immediate", "Immediate risk: police acted at once, the forum to ratify after"


# The forums that meet (every one but the immediate-risk route), e.g. to ratify.
MEETING_FORUMS = [forum for forum in DecisionForum if forum != DecisionForum.IMMEDIATE]


class DisclosureDecision(models.TextChoices):
    DISCLOSE = "disclose", "Disclose"
    NO_DISCLOSURE = "no_disclosure", "No disclosure"
    OTHER_SAFEGUARDING = "other_safeguarding", "No disclosure: other safeguarding action"


class NoDisclosureReason(models.TextChoices):
    NOTHING_TO_DISCLOSE = "nothing_to_disclose", "No relevant information is held"
    NO_PRESSING_NEED = "no_pressing_need", "The test of a pressing need was not met"
    NOT_PROPORTIONATE = "not_proportionate", "Disclosure would not be necessary or proportionate"
    NOT_VERIFIED = "not_verified", "Identity or relationship could not be verified"
    WITHDRAWN = "withdrawn", "The application was withdrawn"
    OTHER = "other", "Another reason, recorded in a note"


class DisclosureRecipient(models.TextChoices):
    """To whom a disclosure is made: whoever is best placed to protect."""

    APPLICANT = "applicant", "The applicant"
    PERSON_AT_RISK = "person_at_risk", "The person at risk"
    PARENT_OR_CARER = "parent_or_carer", "A parent or carer of the child"


class DisclosureMethod(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "By phone"


class Undertaking(models.TextChoices):
    GIVEN = "given", "Given: the confidentiality undertaking was signed"
    REFUSED = "refused", "Refused: the recipient would not sign"


class LetterKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement"
    INVITATION = "invitation", "Invitation to a meeting"
    NO_DISCLOSURE = "no_disclosure", "No disclosure"
    CLOSURE = "closure", "Closure"


class LetterChannel(models.TextChoices):
    EMAIL = "email", "Sent by e-mail (marked safe)"
    IN_PERSON = "in_person", "Printed to hand over in person"


# Sort order for priorities: the most urgent first.
PRIORITY_RANK = {Priority.URGENT: 0, Priority.HIGH: 1, Priority.NORMAL: 2}


# A match at or above this score routes a concern to the nominal's offender manager.
STRONG_MATCH_SCORE = 70

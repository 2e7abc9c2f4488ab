from django.db import models


class Scheme(models.TextChoices):
    CONCERN = "concern", "Concern report"
    SARAHS_LAW = "sarahs_law", "Child Sex Offender Disclosure Scheme (Sarah's Law)"
    CLARES_LAW = "clares_law", "Domestic Violence Disclosure Scheme (Clare's Law)"


# The letters that start a reference tell staff and the public which scheme it belongs to.
REFERENCE_PREFIX = {
    Scheme.CONCERN: "CR",
    Scheme.SARAHS_LAW: "SL",
    Scheme.CLARES_LAW: "CL",
}


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be processed"
    PROCESSED = "processed", "Processed"


class ConcernTopic(models.TextChoices):
    KNOWN_OFFENDER = (
        "known_offender",
        "The behaviour of someone I know is a registered sex offender",
    )
    SUSPECTED_OFFENDER = "suspected_offender", "I think someone may be a registered sex offender"
    ONLINE_CHILD = "online_child", "Something online involving a child"
    OTHER = "other", "Something else"


ROUTE_SUBMISSION_TASK = "triage.route_submission"

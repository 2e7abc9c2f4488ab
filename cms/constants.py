from django.db import models


class Journey(models.TextChoices):
    CONCERN = "concern", "Report a concern"
    SARAHS_LAW = "sarahs_law", "Sarah's Law application"
    CLARES_LAW = "clares_law", "Clare's Law application (Right to Ask)"


# Where each journey starts. Plain paths rather than reversed URL names: the journeys belong
# to the intake app, and the guidance site must not depend on how intake names its views.
JOURNEY_PATHS: dict[str, str] = {
    Journey.CONCERN: "/report/",
    Journey.SARAHS_LAW: "/apply/sarahs-law/",
    Journey.CLARES_LAW: "/apply/clares-law/",
}

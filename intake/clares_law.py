"""Clare's Law Right to Ask (Domestic Violence Disclosure Scheme): ask whether a partner or
ex-partner has a history of abuse, for yourself or for someone you are worried about."""

from django.utils.translation import gettext_lazy as _

from .common import (
    answer,
    appearance_step,
    contact_steps,
    danger_step,
    is_immediate_danger,
    safe_email,
)
from .constants import Scheme
from .forms import (
    ADDRESS_MAX,
    LIST_MAX,
    LONG_MAX,
    NAME_MAX,
    YES_NO_NOT_SURE,
    ApplicantDetailsForm,
    JourneyForm,
    age_field,
    choice_field,
    date_of_birth_field,
    long_text_field,
    text_field,
)
from .journeys import Answers, Journey, RepeatStep, Step

ROLES = [
    ("person_at_risk", "I am worried about my own safety"),
    ("third_party", "I am worried about someone else's safety"),
]


class WhoForm(JourneyForm):
    role = choice_field(
        "Who are you worried about?",
        choices=ROLES,
        error="Select who you are worried about",
    )


class PersonAtRiskForm(JourneyForm):
    relationship = text_field(
        "What is your relationship to them?",
        what="your relationship to them",
        required=True,
        help_text="For example, mother, friend, colleague",
    )
    full_name = text_field(
        "Their full name",
        what="their full name",
        max_length=NAME_MAX,
        required=True,
        autocomplete="off",
    )
    date_of_birth = date_of_birth_field(whose="their")
    age = age_field(whose="their")
    address = long_text_field(
        "Their address (if known)", what="their address", max_length=ADDRESS_MAX, rows=3
    )
    knows_about_application = choice_field(
        "Do they know you are making this application?",
        choices=YES_NO_NOT_SURE,
        error="Select yes if they know you are making this application",
    )


class SubjectForm(JourneyForm):
    full_name = text_field(
        "Their full name",
        what="their full name",
        max_length=NAME_MAX,
        required=True,
        autocomplete="off",
    )
    other_names = long_text_field(
        "Other names, including previous names (if known)",
        what="their other names",
        max_length=LIST_MAX,
        help_text="Nicknames, names before marriage, aliases. Put each one on a new line.",
        rows=2,
    )
    date_of_birth = date_of_birth_field(whose="their")
    age = age_field(whose="their")
    relationship = text_field(
        "What is their relationship to the person at risk?",
        what="their relationship to the person at risk",
        required=True,
        help_text="For example, partner, ex-partner, new boyfriend",
    )
    how_long = text_field(
        "How long have they been in this relationship?",
        what="how long they have been in this relationship",
        required=True,
        help_text="For example, 6 months, or since 2021",
    )


class SubjectAddressForm(JourneyForm):
    address = long_text_field(
        "Address",
        what="the address",
        max_length=ADDRESS_MAX,
        required=True,
        rows=3,
        help_text="Include the postcode if you know it.",
    )
    when = text_field(
        "When did they live there? (optional)",
        what="when they lived there",
        help_text="For example, 2021 to now",
    )


class ChildForm(JourneyForm):
    """A child who lives with, or has contact with, the person asked about or the person at
    risk: the statutory guidance protects the partner "and any relevant children"."""

    first_name = text_field(
        "Child's first name",
        what="the child's first name",
        max_length=NAME_MAX,
        required=True,
        autocomplete="off",
        width=20,
    )
    age = age_field(whose="the child's")
    relationship = text_field(
        "How is the child connected to them?",
        what="how the child is connected to them",
        required=True,
        help_text="For example, her son who lives with them, or his daughter who stays at weekends",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        age = self.fields["age"]
        age.required = True
        age.label = "Child's age, or rough age"
        age.error_messages["required"] = "Enter the child's age, or a rough age"


class ReasonForm(JourneyForm):
    why_worried = long_text_field(
        "Why are you worried?",
        what="why you are worried",
        max_length=LONG_MAX,
        required=True,
        help_text="Tell us what has happened, or what they have said or done, that worries you.",
        rows=8,
    )


def _third_party(answers: Answers) -> bool:
    return answer(answers, "who", "role") == "third_party"


CLARES_LAW = Journey(
    name="clares_law",
    scheme=Scheme.CLARES_LAW,
    title=_("Ask about a partner's past (Clare's Law)"),
    steps=(
        danger_step(),
        Step("who", WhoForm, "Who are you worried about?"),
        Step(
            "about-you",
            ApplicantDetailsForm,
            "About you",
            intro=(
                "We will check your identity when we meet you, so bring two forms of "
                "identification.",
            ),
        ),
        Step(
            "person-at-risk",
            PersonAtRiskForm,
            "The person you are worried about",
            condition=_third_party,
        ),
        Step("person", SubjectForm, "The person you are asking about"),
        appearance_step(),
        RepeatStep(
            "subject-addresses",
            SubjectAddressForm,
            "Their addresses in the last 5 years",
            item_name="address",
            item_plural="addresses",
            item_title=lambda item: ", ".join(item["address"].split()),
            another_question="Do you know another address they have lived at in the last 5 years?",
            first_question="Do you know any address they have lived at in the last 5 years?",
            error_phrase="you know another address",
            min_items=0,
            max_items=10,
        ),
        RepeatStep(
            "children-contact",
            ChildForm,
            "Children who live with or have contact with them",
            item_name="child",
            item_plural="children",
            item_title=lambda child: f"{child['first_name']}, {child['age']}",
            first_question="Do any children live with or have contact with them?",
            another_question="Do any other children live with or have contact with them?",
            error_phrase="any children live with or have contact with them",
            min_items=0,
            max_items=10,
            intro=(
                "Tell us about any children under 18 who live with, or have contact with, the "
                "person you are asking about or the person at risk.",
            ),
        ),
        Step("reason", ReasonForm, "Why are you worried?"),
        *contact_steps(),
    ),
    is_immediate_danger=is_immediate_danger,
    is_anonymous=lambda answers: False,
    next_steps_template="intake/includes/next_steps_clares_law.html",
    safe_email=safe_email,
    caption=_("Clare's Law application"),
)

"""Clare's Law Right to Ask (Domestic Violence Disclosure Scheme): ask whether a partner or
ex-partner has a history of abuse, for yourself or for someone you are worried about."""

from dataclasses import replace

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .common import (
    CHILD_WORDS,
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
from .journeys import Answers, ItemWords, Journey, RepeatStep, Step

ROLES = [
    ("person_at_risk", _("I am worried about my own safety")),
    ("third_party", _("I am worried about someone else's safety")),
]


class WhoForm(JourneyForm):
    role = choice_field(
        _("Who are you worried about?"),
        choices=ROLES,
        error=_("Select who you are worried about"),
    )


class PersonAtRiskForm(JourneyForm):
    relationship = text_field(
        _("What is your relationship to them?"),
        enter=_("Enter your relationship to them"),
        too_long=_("Your relationship to them must be %(limit)s characters or fewer"),
        required=True,
        help_text=_("For example, mother, friend, colleague"),
    )
    full_name = text_field(
        _("Their full name"),
        enter=_("Enter their full name"),
        too_long=_("Their full name must be %(limit)s characters or fewer"),
        max_length=NAME_MAX,
        required=True,
        autocomplete="off",
    )
    date_of_birth = date_of_birth_field(whose="their")
    age = age_field(whose="their")
    address = long_text_field(
        _("Their address (if known)"),
        too_long=_("Their address must be %(limit)s characters or fewer"),
        max_length=ADDRESS_MAX,
        rows=3,
    )
    knows_about_application = choice_field(
        _("Do they know you are making this application?"),
        choices=YES_NO_NOT_SURE,
        error=_("Select yes if they know you are making this application"),
    )


class SubjectForm(JourneyForm):
    full_name = text_field(
        _("Their full name"),
        enter=_("Enter their full name"),
        too_long=_("Their full name must be %(limit)s characters or fewer"),
        max_length=NAME_MAX,
        required=True,
        autocomplete="off",
    )
    other_names = long_text_field(
        _("Other names, including previous names (if known)"),
        too_long=_("Their other names must be %(limit)s characters or fewer"),
        max_length=LIST_MAX,
        help_text=_("Nicknames, names before marriage, aliases. Put each one on a new line."),
        rows=2,
    )
    date_of_birth = date_of_birth_field(whose="their")
    age = age_field(whose="their")
    relationship = text_field(
        _("What is their relationship to the person at risk?"),
        enter=_("Enter their relationship to the person at risk"),
        too_long=_(
            "Their relationship to the person at risk must be %(limit)s characters or fewer"
        ),
        required=True,
        help_text=_("For example, partner, ex-partner, new boyfriend"),
    )
    how_long = text_field(
        _("How long have they been in this relationship?"),
        enter=_("Enter how long they have been in this relationship"),
        too_long=_(
            "How long they have been in this relationship must be %(limit)s characters or fewer"
        ),
        required=True,
        help_text=_("For example, 6 months, or since 2021"),
    )


class SubjectAddressForm(JourneyForm):
    address = long_text_field(
        _("Address"),
        enter=_("Enter the address"),
        too_long=_("The address must be %(limit)s characters or fewer"),
        max_length=ADDRESS_MAX,
        required=True,
        rows=3,
        help_text=_("Include the postcode if you know it."),
    )
    when = text_field(
        _("When did they live there? (optional)"),
        too_long=_("When they lived there must be %(limit)s characters or fewer"),
        help_text=_("For example, 2021 to now"),
    )


class ChildForm(JourneyForm):
    """A child who lives with, or has contact with, the person asked about or the person at
    risk: the statutory guidance protects the partner "and any relevant children"."""

    first_name = text_field(
        _("Child's first name"),
        enter=_("Enter the child's first name"),
        too_long=_("The child's first name must be %(limit)s characters or fewer"),
        max_length=NAME_MAX,
        required=True,
        autocomplete="off",
        width=20,
    )
    age = age_field(whose="the child's")
    relationship = text_field(
        _("How is the child connected to them?"),
        enter=_("Enter how the child is connected to them"),
        too_long=_("How the child is connected to them must be %(limit)s characters or fewer"),
        required=True,
        help_text=_(
            "For example, her son who lives with them, or his daughter who stays at weekends"
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        age = self.fields["age"]
        age.required = True
        age.label = _("Child's age, or rough age")
        age.error_messages["required"] = _("Enter the child's age, or a rough age")


class ReasonForm(JourneyForm):
    why_worried = long_text_field(
        _("Why are you worried?"),
        enter=_("Enter why you are worried"),
        too_long=_("Why you are worried must be %(limit)s characters or fewer"),
        max_length=LONG_MAX,
        required=True,
        help_text=_("Tell us what has happened, or what they have said or done, that worries you."),
        rows=8,
    )


def _third_party(answers: Answers) -> bool:
    return answer(answers, "who", "role") == "third_party"


ADDRESS_WORDS = ItemWords(
    heading=_("Address %(number)s"),
    added=ngettext_lazy(
        "You have added %(number)s address", "You have added %(number)s addresses", "number"
    ),
    count=ngettext_lazy("%(number)s address", "%(number)s addresses", "number"),
    none=_("No addresses"),
    select_yes=_("Select yes if you know another address"),
    too_many=_("You cannot add more than %(number)s addresses"),
    too_few=ngettext_lazy(
        "Add at least %(number)s address", "Add at least %(number)s addresses", "number"
    ),
)

# The children here may not be the applicant's: the question asks about the person's.
CHILDREN_IN_CONTACT_WORDS = replace(
    CHILD_WORDS, select_yes=_("Select yes if any children live with or have contact with them")
)


CLARES_LAW = Journey(
    name="clares_law",
    scheme=Scheme.CLARES_LAW,
    title=_("Ask about a partner's past (Clare's Law)"),
    steps=(
        danger_step(),
        Step("who", WhoForm, _("Who are you worried about?")),
        Step(
            "about-you",
            ApplicantDetailsForm,
            _("About you"),
            intro=(
                _(
                    "We will check your identity when we meet you, so bring two forms of "
                    "identification."
                ),
            ),
        ),
        Step(
            "person-at-risk",
            PersonAtRiskForm,
            _("The person you are worried about"),
            condition=_third_party,
        ),
        Step("person", SubjectForm, _("The person you are asking about")),
        appearance_step(),
        RepeatStep(
            "subject-addresses",
            SubjectAddressForm,
            _("Their addresses in the last 5 years"),
            words=ADDRESS_WORDS,
            item_title=lambda item: ", ".join(item["address"].split()),
            another_question=_(
                "Do you know another address they have lived at in the last 5 years?"
            ),
            first_question=_("Do you know any address they have lived at in the last 5 years?"),
            min_items=0,
            max_items=10,
        ),
        RepeatStep(
            "children-contact",
            ChildForm,
            _("Children who live with or have contact with them"),
            words=CHILDREN_IN_CONTACT_WORDS,
            item_title=lambda child: f"{child['first_name']}, {child['age']}",
            first_question=_("Do any children live with or have contact with them?"),
            another_question=_("Do any other children live with or have contact with them?"),
            min_items=0,
            max_items=10,
            intro=(
                _(
                    "Tell us about any children under 18 who live with, or have contact with, the "
                    "person you are asking about or the person at risk."
                ),
            ),
        ),
        Step("reason", ReasonForm, _("Why are you worried?")),
        *contact_steps(),
    ),
    is_immediate_danger=is_immediate_danger,
    is_anonymous=lambda answers: False,
    next_steps_template="intake/includes/next_steps_clares_law.html",
    safe_email=safe_email,
    caption=_("Clare's Law application"),
)

"""The concern report journey: information about someone who may put others at risk."""

from django.utils.translation import gettext_lazy as _

from .common import (
    answer,
    appearance_step,
    contact_steps,
    danger_step,
    is_immediate_danger,
    safe_email,
)
from .constants import ConcernTopic, Scheme
from .evidence_step import evidence_step
from .forms import (
    ADDRESS_MAX,
    LIST_MAX,
    LONG_MAX,
    NAME_MAX,
    PHONE_MAX,
    SHORT_MAX,
    YES_NO,
    YES_NO_NOT_SURE,
    JourneyForm,
    age_field,
    choice_field,
    date_of_birth_field,
    long_text_field,
    text_field,
)
from .journeys import Answers, Journey, Step


class TopicForm(JourneyForm):
    topic = choice_field(
        "What is your concern about?",
        choices=ConcernTopic.choices,
        error="Select what your concern is about",
    )


class PersonForm(JourneyForm):
    """Everything is optional, but the police need something to find the person by."""

    full_name = text_field(
        "Their full name (if known)", what="their name", max_length=NAME_MAX, autocomplete="off"
    )
    other_names = long_text_field(
        "Other names they use (if known)",
        what="other names they use",
        max_length=LIST_MAX,
        help_text="Nicknames, previous names or aliases. Put each one on a new line.",
        rows=2,
    )
    date_of_birth = date_of_birth_field(whose="their")
    age = age_field(whose="their")
    address = long_text_field(
        "Their address, or the area where they live or can be found",
        what="their address or area",
        max_length=ADDRESS_MAX,
        help_text="Include the postcode or town if you know it.",
        rows=3,
    )
    vehicle = text_field(
        "Vehicle they use (if known)",
        what="their vehicle",
        max_length=SHORT_MAX,
        help_text="The make, model, colour and number plate",
    )
    phone = text_field(
        "Their phone number (if known)", what="their phone number", max_length=PHONE_MAX
    )
    usernames = long_text_field(
        "Usernames or profiles they use online (if known)",
        what="their usernames",
        max_length=LIST_MAX,
        help_text="Include the website or app. Put each one on a new line.",
        rows=2,
    )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.filled(*self.fields):
            self.add_error(
                "full_name",
                "Enter at least one detail about the person, such as their name, where they "
                "live or a username they use",
            )
        return cleaned


class WhatHappenedForm(JourneyForm):
    what_happened = long_text_field(
        "What happened?",
        what="what happened",
        max_length=LONG_MAX,
        required=True,
        help_text="Tell us what you saw or heard and who was involved.",
        rows=8,
    )
    when = text_field(
        "When did it happen? (optional)",
        what="when it happened",
        help_text="For example, last Tuesday evening, or every weekend since June",
    )
    place = text_field(
        "Where did it happen?",
        what="where it happened",
        required=True,
        help_text="A postcode, a town, or 'online' and the website or app.",
    )


class ChildrenForm(JourneyForm):
    children_involved = choice_field(
        "Are any children involved?",
        choices=YES_NO_NOT_SURE,
        error="Select yes if any children are involved",
    )
    children_details = long_text_field(
        "Tell us about the children (optional)",
        what="details of the children",
        max_length=2000,
        help_text="Their names, ages and where they live or go to school, if you know.",
        rows=4,
    )


class HowYouKnowForm(JourneyForm):
    how_known = long_text_field(
        "How do you know this?",
        what="how you know this",
        max_length=2000,
        required=True,
        help_text="For example, you saw it yourself, someone told you, or you read it online.",
        rows=4,
    )


class AnonymousForm(JourneyForm):
    anonymous = choice_field(
        "Do you want to stay anonymous?",
        choices=YES_NO,
        error="Select yes if you want to stay anonymous",
        help_text="If you stay anonymous we cannot contact you, or tell you what happens next. "
        "You can still check on your report with the reference and receipt code we give you.",
    )


class AboutYouForm(JourneyForm):
    full_name = text_field(
        "What is your name?",
        what="your name",
        max_length=NAME_MAX,
        required=True,
        autocomplete="name",
    )


def _named(answers: Answers) -> bool:
    return answer(answers, "anonymous", "anonymous") == "no"


CONCERN_REPORT = Journey(
    name="concern",
    scheme=Scheme.CONCERN,
    title=_("Report a concern"),
    steps=(
        # Danger first, before anything else is asked: the 999 page must come at once.
        danger_step(),
        Step("about", TopicForm, "What is your concern about?"),
        Step(
            "person",
            PersonForm,
            "About the person",
            intro=(
                "Tell us anything you know that would help us find the person. "
                "Leave out anything you do not know.",
            ),
        ),
        appearance_step(),
        Step("what-happened", WhatHappenedForm, "What happened"),
        Step("children-involved", ChildrenForm, "Children involved"),
        Step("how-you-know", HowYouKnowForm, "How do you know this?"),
        # Optional: photos, screenshots or documents of what happened.
        evidence_step(),
        Step("anonymous", AnonymousForm, "Do you want to stay anonymous?"),
        Step("about-you", AboutYouForm, "What is your name?", condition=_named),
        *contact_steps(condition=_named),
    ),
    is_immediate_danger=is_immediate_danger,
    is_anonymous=lambda answers: answer(answers, "anonymous", "anonymous") == "yes",
    next_steps_template="intake/includes/next_steps_concern.html",
    safe_email=lambda answers: safe_email(answers) if _named(answers) else None,
    noun="report",
    caption=_("Report a concern"),
)

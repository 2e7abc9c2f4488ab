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
        _("What is your concern about?"),
        choices=ConcernTopic.choices,
        error=_("Select what your concern is about"),
    )


class PersonForm(JourneyForm):
    """Everything is optional, but the police need something to find the person by."""

    full_name = text_field(
        _("Their full name (if known)"),
        too_long=_("Their name must be %(limit)s characters or fewer"),
        max_length=NAME_MAX,
        autocomplete="off",
    )
    other_names = long_text_field(
        _("Other names they use (if known)"),
        too_long=_("Other names they use must be %(limit)s characters or fewer"),
        max_length=LIST_MAX,
        help_text=_("Nicknames, previous names or aliases. Put each one on a new line."),
        rows=2,
    )
    date_of_birth = date_of_birth_field(whose="their")
    age = age_field(whose="their")
    address = long_text_field(
        _("Their address, or the area where they live or can be found"),
        too_long=_("Their address or area must be %(limit)s characters or fewer"),
        max_length=ADDRESS_MAX,
        help_text=_("Include the postcode or town if you know it."),
        rows=3,
    )
    vehicle = text_field(
        _("Vehicle they use (if known)"),
        too_long=_("Their vehicle must be %(limit)s characters or fewer"),
        max_length=SHORT_MAX,
        help_text=_("The make, model, colour and number plate"),
    )
    phone = text_field(
        _("Their phone number (if known)"),
        too_long=_("Their phone number must be %(limit)s characters or fewer"),
        max_length=PHONE_MAX,
    )
    usernames = long_text_field(
        _("Usernames or profiles they use online (if known)"),
        too_long=_("Their usernames must be %(limit)s characters or fewer"),
        max_length=LIST_MAX,
        help_text=_("Include the website or app. Put each one on a new line."),
        rows=2,
    )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.filled(*self.fields):
            self.add_error(
                "full_name",
                _(
                    "Enter at least one detail about the person, such as their name, where they "
                    "live or a username they use"
                ),
            )
        return cleaned


class WhatHappenedForm(JourneyForm):
    what_happened = long_text_field(
        _("What happened?"),
        enter=_("Enter what happened"),
        too_long=_("What happened must be %(limit)s characters or fewer"),
        max_length=LONG_MAX,
        required=True,
        help_text=_("Tell us what you saw or heard and who was involved."),
        rows=8,
    )
    when = text_field(
        _("When did it happen? (optional)"),
        too_long=_("When it happened must be %(limit)s characters or fewer"),
        help_text=_("For example, last Tuesday evening, or every weekend since June"),
    )
    place = text_field(
        _("Where did it happen?"),
        enter=_("Enter where it happened"),
        too_long=_("Where it happened must be %(limit)s characters or fewer"),
        required=True,
        help_text=_("A postcode, a town, or 'online' and the website or app."),
    )


class ChildrenForm(JourneyForm):
    children_involved = choice_field(
        _("Are any children involved?"),
        choices=YES_NO_NOT_SURE,
        error=_("Select yes if any children are involved"),
    )
    children_details = long_text_field(
        _("Tell us about the children (optional)"),
        too_long=_("Details of the children must be %(limit)s characters or fewer"),
        max_length=2000,
        help_text=_("Their names, ages and where they live or go to school, if you know."),
        rows=4,
    )


class HowYouKnowForm(JourneyForm):
    how_known = long_text_field(
        _("How do you know this?"),
        enter=_("Enter how you know this"),
        too_long=_("How you know this must be %(limit)s characters or fewer"),
        max_length=2000,
        required=True,
        help_text=_("For example, you saw it yourself, someone told you, or you read it online."),
        rows=4,
    )


class AnonymousForm(JourneyForm):
    anonymous = choice_field(
        _("Do you want to stay anonymous?"),
        choices=YES_NO,
        error=_("Select yes if you want to stay anonymous"),
        help_text=_(
            "If you stay anonymous we cannot contact you, or tell you what happens next. "
            "You can still check on your report with the reference and receipt code we give you."
        ),
    )


class AboutYouForm(JourneyForm):
    full_name = text_field(
        _("What is your name?"),
        enter=_("Enter your name"),
        too_long=_("Your name must be %(limit)s characters or fewer"),
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
        Step("about", TopicForm, _("What is your concern about?")),
        Step(
            "person",
            PersonForm,
            _("About the person"),
            intro=(
                _(
                    "Tell us anything you know that would help us find the person. "
                    "Leave out anything you do not know."
                ),
            ),
        ),
        appearance_step(),
        Step("what-happened", WhatHappenedForm, _("What happened")),
        Step("children-involved", ChildrenForm, _("Children involved")),
        Step("how-you-know", HowYouKnowForm, _("How do you know this?")),
        # Optional: photos, screenshots or documents of what happened.
        evidence_step(),
        Step("anonymous", AnonymousForm, _("Do you want to stay anonymous?")),
        Step("about-you", AboutYouForm, _("What is your name?"), condition=_named),
        *contact_steps(condition=_named),
    ),
    is_immediate_danger=is_immediate_danger,
    is_anonymous=lambda answers: answer(answers, "anonymous", "anonymous") == "yes",
    next_steps_template="intake/includes/next_steps_concern.html",
    safe_email=lambda answers: safe_email(answers) if _named(answers) else None,
    noun="report",
    caption=_("Report a concern"),
)

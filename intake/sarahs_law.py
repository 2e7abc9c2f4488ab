"""Sarah's Law (Child Sex Offender Disclosure Scheme): ask about someone with contact with
a child. Identity, address and relationship to the child are checked at interview."""

from django.utils.translation import gettext_lazy as _

from .common import (
    CHILD_WORDS,
    appearance_step,
    contact_steps,
    danger_step,
    is_immediate_danger,
    safe_email,
)
from .constants import ParentKnows, Scheme
from .forms import (
    ADDRESS_MAX,
    LIST_MAX,
    LONG_MAX,
    NAME_MAX,
    ApplicantDetailsForm,
    JourneyForm,
    age_field,
    choice_field,
    date_of_birth_field,
    long_text_field,
    text_field,
)
from .journeys import Journey, RepeatStep, Step


class ApplicantForm(ApplicantDetailsForm):
    relationship = text_field(
        _("What is your relationship to the child or children?"),
        enter=_("Enter your relationship to the child"),
        too_long=_("Your relationship to the child must be %(limit)s characters or fewer"),
        required=True,
        help_text=_("For example, mother, grandfather, foster carer, neighbour"),
    )


class ChildForm(JourneyForm):
    full_name = text_field(
        _("Child's full name"),
        enter=_("Enter the child's full name"),
        too_long=_("The child's full name must be %(limit)s characters or fewer"),
        max_length=NAME_MAX,
        required=True,
        autocomplete="off",
    )
    date_of_birth = date_of_birth_field(whose="the child's")
    age = age_field(whose="the child's")
    address = long_text_field(
        _("Where does the child live? (if known)"),
        too_long=_("Where the child lives must be %(limit)s characters or fewer"),
        max_length=ADDRESS_MAX,
        rows=3,
    )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.filled("date_of_birth", "age"):
            self.add_error("age", _("Enter the child's date of birth or their age"))
        return cleaned


class ParentsForm(JourneyForm):
    """Who can protect the child: disclosure usually goes to a parent or carer, who may not
    be the applicant."""

    parent_knows = choice_field(
        _("Does the child's parent or carer know you are making this application?"),
        choices=ParentKnows.choices,
        error=_("Select whether the child's parent or carer knows about this application"),
    )
    parental_responsibility = text_field(
        _("Who has parental responsibility for the child or children?"),
        enter=_("Enter who has parental responsibility for the child"),
        too_long=_(
            "Who has parental responsibility for the child must be %(limit)s characters or fewer"
        ),
        max_length=ADDRESS_MAX,
        required=True,
        help_text=_(
            "For example, their mother and father, their grandmother, or the local "
            "council. If you do not know, say so."
        ),
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
        _("Other names they use (if known)"),
        too_long=_("Other names they use must be %(limit)s characters or fewer"),
        max_length=LIST_MAX,
        help_text=_("Nicknames, previous names or aliases. Put each one on a new line."),
        rows=2,
    )
    date_of_birth = date_of_birth_field(whose="their")
    age = age_field(whose="their")
    address = long_text_field(
        _("Their address (if known)"),
        too_long=_("Their address must be %(limit)s characters or fewer"),
        max_length=ADDRESS_MAX,
        rows=3,
    )
    contact_with_child = long_text_field(
        _("How do they have contact with the child?"),
        enter=_("Enter how they have contact with the child"),
        too_long=_("How they have contact with the child must be %(limit)s characters or fewer"),
        max_length=2000,
        required=True,
        help_text=_(
            "For example, they are a new partner of the child's parent, a neighbour, "
            "or a sports coach."
        ),
        rows=4,
    )


class ReasonForm(JourneyForm):
    why_worried = long_text_field(
        _("Why are you worried?"),
        enter=_("Enter why you are worried"),
        too_long=_("Why you are worried must be %(limit)s characters or fewer"),
        max_length=LONG_MAX,
        required=True,
        help_text=_("Tell us what has made you worried about this person and the child."),
        rows=8,
    )


SARAHS_LAW = Journey(
    name="sarahs_law",
    scheme=Scheme.SARAHS_LAW,
    title=_("Ask about someone's contact with a child (Sarah's Law)"),
    steps=(
        danger_step(),
        Step(
            "about-you",
            ApplicantForm,
            _("About you"),
            intro=(
                _(
                    "We will check your identity, your address and your relationship to the "
                    "child when we interview you, so bring proof of them."
                ),
            ),
        ),
        RepeatStep(
            "each-child",
            ChildForm,
            _("The children"),
            words=CHILD_WORDS,
            item_title=lambda child: child["full_name"],
            another_question=_("Do you need to add another child?"),
            first_question=_("Do you need to add a child?"),
            min_items=1,
            max_items=10,
            intro=(_("Tell us about each child who has contact with the person."),),
        ),
        Step("parents", ParentsForm, _("The child's parents and carers")),
        Step("person", SubjectForm, _("The person you are asking about")),
        appearance_step(),
        Step("reason", ReasonForm, _("Why are you worried?")),
        *contact_steps(),
    ),
    is_immediate_danger=is_immediate_danger,
    is_anonymous=lambda answers: False,
    next_steps_template="intake/includes/next_steps_sarahs_law.html",
    safe_email=safe_email,
    caption=_("Sarah's Law application"),
)

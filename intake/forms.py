"""Forms for the public journeys, laid out with GOV.UK Frontend through crispy-forms-gds.

Every field has a length limit and a GOV.UK-style error message. Forms are thin: they check
what one page asks and nothing else.
"""

from datetime import date

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import cached_property, lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .ages import parse_age
from .constants import DECLARATION_TEXT, SubjectSex

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
YES_NO_NOT_SURE = [("yes", _("Yes")), ("no", _("No")), ("not_sure", _("I do not know"))]

NAME_MAX = 200
SHORT_MAX = 200
ADDRESS_MAX = 500
LIST_MAX = 1000
LONG_MAX = 5000
PHONE_MAX = 30
EMAIL_MAX = 254
POSTCODE_MAX = 10
WORD_MAX = 50
AGE_MAX = 50


class JourneyForm(forms.Form):
    """A page of a public journey, laid out with GOV.UK Frontend components.

    Pages with a single question use that question as the page heading, as the GOV.UK
    Design System asks.
    """

    # The form's name, shown above the heading of a single-question page, inside its legend
    # or label wrapper (the GOV.UK question page pattern). Set by the view that draws it.
    caption: str = ""

    @cached_property
    def helper(self) -> FormHelper:
        # Built when the form is drawn, not when it is only validated: the send validates
        # every page's answers again and draws none of them.
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        helper.layout = Layout(*(self._layout_field(name) for name in self.fields))
        return helper

    @property
    def single_question(self) -> bool:
        return len(self.fields) == 1

    def _layout_field(self, name: str) -> Field:
        field = self._layout_widget(name)
        if self.single_question and self.caption:
            field.context["caption"] = self.caption
        return field

    def _layout_widget(self, name: str) -> Field:
        widget = self.fields[name].widget
        heading = {"legend_tag": "h1", "legend_size": Size.LARGE} if self.single_question else {}
        label_heading = (
            {"label_tag": "h1", "label_size": Size.LARGE} if self.single_question else {}
        )
        if isinstance(widget, forms.RadioSelect):
            return Field.radios(name, **(heading or {"legend_size": Size.MEDIUM}))
        if isinstance(widget, forms.CheckboxSelectMultiple):
            return Field.checkboxes(name, **(heading or {"legend_size": Size.MEDIUM}))
        if isinstance(widget, forms.MultiWidget):
            return Field(name, **(heading or {"legend_size": Size.SMALL}))
        if isinstance(widget, forms.Textarea):
            return Field.textarea(
                name,
                max_characters=self.fields[name].max_length,
                **(label_heading or {"label_size": Size.SMALL}),
            )
        width = getattr(self.fields[name], "input_width", None)
        extra = {"field_width": width} if width else {}
        return Field.text(name, **(label_heading or {"label_size": Size.SMALL}), **extra)

    def filled(self, *names: str) -> bool:
        return any(self.cleaned_data.get(name) not in (None, "", []) for name in names)


# --- Field factories: one place for lengths and messages -------------------------------------
#
# Every message is a whole sentence of its own ("Enter their name", "Their name must be
# 200 characters or fewer"), never built from a phrase, so that each can be translated as
# a sentence: Welsh mutates and reorders what English would glue together.


def _limited(message: str, limit: int) -> str:
    """`message` with its %(limit)s, translated when shown and the number written as the
    language writes it ("5,000")."""
    return lazy(lambda: str(message) % {"limit": number_format(limit, force_grouping=True)}, str)()


def _length_messages(*, enter: str | None, too_long: str, limit: int) -> dict[str, str]:
    messages = {"max_length": _limited(too_long, limit)}
    if enter is not None:
        messages["required"] = enter
    return messages


def text_field(
    label: str,
    *,
    too_long: str,
    enter: str | None = None,
    max_length: int = SHORT_MAX,
    required: bool = False,
    help_text: str = "",
    autocomplete: str | None = None,
    width: int | None = None,
) -> forms.CharField:
    """A one-line text input. `enter` is the message when a required answer is missing;
    `too_long` the one past `max_length`, with %(limit)s for the number."""
    if required and enter is None:
        raise ValueError(f"{label}: a required field needs its 'enter' message")
    attrs = {"autocomplete": autocomplete} if autocomplete else {}
    if autocomplete in {"off"} or autocomplete is None:
        attrs["spellcheck"] = "false"
    field = forms.CharField(
        label=label,
        help_text=help_text,
        max_length=max_length,
        required=required,
        widget=forms.TextInput(attrs=attrs),
        error_messages=_length_messages(enter=enter, too_long=too_long, limit=max_length),
    )
    field.input_width = width
    return field


def long_text_field(
    label: str,
    *,
    too_long: str,
    enter: str | None = None,
    max_length: int = LONG_MAX,
    required: bool = False,
    help_text: str = "",
    rows: int = 5,
) -> forms.CharField:
    if required and enter is None:
        raise ValueError(f"{label}: a required field needs its 'enter' message")
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=max_length,
        required=required,
        # crispy-forms-gds adds the character count's id to aria-describedby, which it
        # expects to exist already (it does only when there is hint text).
        widget=forms.Textarea(attrs={"rows": rows, "aria-describedby": ""}),
        error_messages=_length_messages(enter=enter, too_long=too_long, limit=max_length),
    )


def choice_field(label: str, *, choices, error: str, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        help_text=help_text,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": error, "invalid_choice": error},
    )


# The date of birth's messages, whole sentences for each person it can be the birthday of.
DATE_OF_BIRTH_MESSAGES = {
    "your": {
        "enter": _("Enter your date of birth"),
        "day": _("Your date of birth must include a day"),
        "month": _("Your date of birth must include a month"),
        "year": _("Your date of birth must include a year"),
        "real": _("Your date of birth must be a real date"),
        "past": _("Your date of birth must be in the past"),
        "after_1900": _("Your date of birth must be after 1900"),
    },
    "their": {
        "enter": _("Enter their date of birth"),
        "day": _("Their date of birth must include a day"),
        "month": _("Their date of birth must include a month"),
        "year": _("Their date of birth must include a year"),
        "real": _("Their date of birth must be a real date"),
        "past": _("Their date of birth must be in the past"),
        "after_1900": _("Their date of birth must be after 1900"),
    },
    "the child's": {
        "enter": _("Enter the child's date of birth"),
        "day": _("The child's date of birth must include a day"),
        "month": _("The child's date of birth must include a month"),
        "year": _("The child's date of birth must include a year"),
        "real": _("The child's date of birth must be a real date"),
        "past": _("The child's date of birth must be in the past"),
        "after_1900": _("The child's date of birth must be after 1900"),
    },
}


class PastDateField(DateInputField):
    """A GOV.UK date input (day, month, year) for a date in the past, such as a birthday.

    `messages` holds the field's whole-sentence messages: enter, day, month, year, real,
    past and after_1900 (see `DATE_OF_BIRTH_MESSAGES`).
    """

    def __init__(
        self,
        *,
        label: str,
        messages: dict[str, str],
        required: bool = False,
        help_text: str = "",
    ):
        self.messages = messages
        parts = (
            ("day", r"^[0-9]{1,2}$", _("Day")),
            ("month", r"^[0-9]{1,2}$", _("Month")),
            ("year", r"^[0-9]{4}$", _("Year")),
        )
        fields = tuple(
            forms.CharField(
                label=part_label,
                required=True,
                error_messages={"incomplete": messages[part]},
                validators=[RegexValidator(pattern, messages["real"])],
            )
            for part, pattern, part_label in parts
        )
        forms.MultiValueField.__init__(
            self,
            fields=fields,
            require_all_fields=False,
            required=required,
            label=label,
            help_text=help_text,
            error_messages={
                "required": messages["enter"],
                "incomplete": messages["enter"],
                "invalid": messages["real"],
            },
        )

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day, month, year = data_list
        try:
            value = date(int(year), int(month), int(day))
        except (TypeError, ValueError, OverflowError) as error:
            raise ValidationError(self.messages["real"]) from error
        if value > timezone.localdate():
            raise ValidationError(self.messages["past"])
        if value.year < 1900:
            raise ValidationError(self.messages["after_1900"])
        return value


def date_of_birth_field(*, whose: str, required: bool = False) -> PastDateField:
    """`whose`: "your", "their" or "the child's", choosing the messages."""
    return PastDateField(
        label=_("Date of birth") if required else _("Date of birth (if known)"),
        messages=DATE_OF_BIRTH_MESSAGES[whose],
        required=required,
        help_text=_("For example, 27 3 1985"),
    )


class AgeField(forms.CharField):
    """An age as the person writes it: "34", "about 70", "in their 60s", "40 to 45".

    The answer must be one `parse_age` can read; the cleaned value is the text as typed
    (trimmed, spaces collapsed), so the check-answers page and the stored answers show the
    person's own words. `intake.ages.age_from_answer` reads it back as a range.
    """

    def __init__(self, *, whose: str, **kwargs):
        self.whose = whose
        super().__init__(**kwargs)

    def clean(self, value):
        text = " ".join((super().clean(value) or "").split())
        if text:
            parse_age(text, whose=self.whose)
        return text


AGE_TOO_LONG = {
    "your": _("Your age must be %(limit)s characters or fewer"),
    "their": _("Their age must be %(limit)s characters or fewer"),
    "the child's": _("The child's age must be %(limit)s characters or fewer"),
}


def age_field(*, whose: str) -> AgeField:
    """`whose`: "their" or "the child's", choosing the examples and messages."""
    examples = (
        _("For example, 9, about 4 or 18 months")
        if whose == "the child's"
        else _("For example, 34, about 70 or in their 60s")
    )
    field = AgeField(
        whose=whose,
        label=_("Age, or rough age (if you do not know their date of birth)"),
        help_text=examples,
        required=False,
        max_length=AGE_MAX,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        error_messages={"max_length": _limited(AGE_TOO_LONG[whose], AGE_MAX)},
    )
    field.input_width = 10
    return field


# --- Pages shared by every journey -----------------------------------------------------------


class ImmediateDangerForm(JourneyForm):
    immediate_danger = choice_field(
        _("Is anyone in immediate danger?"),
        # Welsh answers a question with its own verb: "Oes" / "Nac oes" here.
        choices=[
            ("yes", pgettext_lazy("Is anyone in immediate danger?", "Yes")),
            ("no", pgettext_lazy("Is anyone in immediate danger?", "No")),
        ],
        error=_("Select yes if anyone is in immediate danger"),
        help_text=_(
            "For example, someone is being hurt or threatened now, or a child is "
            "with someone who may harm them."
        ),
    )


class AppearanceForm(JourneyForm):
    """The subject's sex and what they look like: both optional, both help find the right
    person among people with the same name."""

    sex = forms.ChoiceField(
        label=_("Their sex (optional)"),
        choices=SubjectSex.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Select their sex, or select not known")},
    )
    description = long_text_field(
        _("What do they look like? (optional)"),
        too_long=_("What they look like must be %(limit)s characters or fewer"),
        max_length=LIST_MAX,
        help_text=_(
            "Their height, build and hair, and anything that stands out, such as "
            "tattoos, scars, glasses or a way of speaking."
        ),
        rows=4,
    )


class DeclarationForm(forms.Form):
    """The declaration on the check-answers page, before Send. Drawn by hand in the template
    (one checkbox, not a question page), checked here."""

    ERROR = _("Confirm that you understand how your answers will be used")

    declaration = forms.BooleanField(
        label=DECLARATION_TEXT,
        required=True,
        error_messages={"required": ERROR},
    )


CHANNELS = [
    ("phone", _("Phone")),
    ("email", _("Email")),
    ("post", _("Letter")),
]


class SafeContactForm(JourneyForm):
    """How we may contact the person safely. Only what is ticked here is ever used."""

    safe_channels = forms.MultipleChoiceField(
        label=_("How can we contact you safely?"),
        help_text=_(
            "Only choose ways that nobody else can see or hear, such as a partner who "
            "reads your post or messages. Select all that apply."
        ),
        choices=CHANNELS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Select at least one safe way to contact you"),
            "invalid_choice": _("Select at least one safe way to contact you"),
        },
    )
    phone = text_field(
        _("Phone number (if phone is safe)"),
        too_long=_("Your phone number must be %(limit)s characters or fewer"),
        max_length=PHONE_MAX,
        autocomplete="tel",
        width=20,
    )
    email = forms.EmailField(
        label=_("Email address (if email is safe)"),
        max_length=EMAIL_MAX,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
            "max_length": _limited(
                _("Email address must be %(limit)s characters or fewer"), EMAIL_MAX
            ),
        },
    )
    postal_address = long_text_field(
        _("Postal address (if a letter is safe)"),
        too_long=_("Your postal address must be %(limit)s characters or fewer"),
        max_length=ADDRESS_MAX,
        rows=3,
    )

    PHONE = RegexValidator(r"^[0-9+()\- ]{6,30}$")

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("safe_channels") or []
        if "phone" in chosen and not cleaned.get("phone"):
            self.add_error("phone", _("Enter a phone number, or untick phone"))
        elif cleaned.get("phone") and "phone" in chosen:
            try:
                self.PHONE(cleaned["phone"])
            except ValidationError:
                self.add_error(
                    "phone", _("Enter a phone number, like 01632 960 001 or 07700 900 982")
                )
        if "email" in chosen and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", _("Enter an email address, or untick email"))
        if "post" in chosen and not cleaned.get("postal_address"):
            self.add_error("postal_address", _("Enter a postal address, or untick letter"))
        return cleaned


class ContactSafetyForm(JourneyForm):
    safe_times = text_field(
        _("When is it safe to contact you? (optional)"),
        too_long=_("When it is safe to contact you must be %(limit)s characters or fewer"),
        help_text=_("For example, weekdays between 9am and 3pm"),
    )
    alternative_contact = long_text_field(
        _("Someone else we can contact safely if we cannot reach you (optional)"),
        too_long=_("Someone else we can contact must be %(limit)s characters or fewer"),
        max_length=ADDRESS_MAX,
        help_text=_("Their name, how they know you and how to contact them."),
        rows=3,
    )
    confirmation_word = text_field(
        _("A word we can ask for on the phone, so you know it is us (optional)"),
        too_long=_("A word to confirm it is us must be %(limit)s characters or fewer"),
        max_length=WORD_MAX,
        help_text=_(
            "We will say this word, or ask you for it, before we talk about your "
            "request. Do not use a password you use anywhere else."
        ),
        autocomplete="off",
        width=20,
    )


class VoicemailForm(JourneyForm):
    voicemail = choice_field(
        _("Can we leave a voicemail or a message if you do not answer?"),
        choices=[
            ("yes", pgettext_lazy("Can we leave a voicemail?", "Yes")),
            ("no", _("No, do not leave a message")),
        ],
        error=_("Select yes if we can leave a voicemail"),
    )


# --- Follow-up: /check/ ----------------------------------------------------------------------


class ReceiptLookupForm(JourneyForm):
    NOT_FOUND = _(
        "We could not find a request with that reference and receipt code. Check them and try again"
    )

    reference = text_field(
        _("Reference"),
        enter=_("Enter your reference"),
        too_long=_("Your reference must be %(limit)s characters or fewer"),
        max_length=20,
        required=True,
        help_text=_("For example, CL-4F7K-9Q2M"),
        autocomplete="off",
        width=20,
    )
    receipt_code = text_field(
        _("Receipt code"),
        enter=_("Enter your receipt code"),
        too_long=_("Your receipt code must be %(limit)s characters or fewer"),
        max_length=20,
        required=True,
        help_text=_("For example, 7KQ2-M4FD-X9PA"),
        autocomplete="off",
        width=20,
    )


class FollowUpForm(JourneyForm):
    text = long_text_field(
        _("Add information to your request"),
        too_long=_("The information you want to add must be %(limit)s characters or fewer"),
        max_length=LONG_MAX,
        required=False,
        help_text=_(
            "Tell us anything new, or anything you forgot. Do not include anything that "
            "you do not want the police to see."
        ),
        rows=6,
    )

    def __init__(self, *args, has_files: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # Files added on the page may be sent on their own; otherwise there must be words.
        self.has_files = has_files

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("text") and not self.has_files:
            self.add_error("text", _("Enter the information you want to add, or add a file"))
        return cleaned

    @property
    def single_question(self) -> bool:
        # The status page already has its own heading.
        return False


class ApplicantDetailsForm(JourneyForm):
    """Who is applying: both disclosure schemes check this identity at the meeting."""

    full_name = text_field(
        _("Your full name"),
        enter=_("Enter your full name"),
        too_long=_("Your full name must be %(limit)s characters or fewer"),
        max_length=NAME_MAX,
        required=True,
        autocomplete="name",
    )
    date_of_birth = date_of_birth_field(whose="your", required=True)
    address = long_text_field(
        _("Your address"),
        enter=_("Enter your address"),
        too_long=_("Your address must be %(limit)s characters or fewer"),
        max_length=ADDRESS_MAX,
        required=True,
        rows=3,
    )
    postcode = text_field(
        _("Postcode"),
        enter=_("Enter your postcode"),
        too_long=_("Your postcode must be %(limit)s characters or fewer"),
        max_length=POSTCODE_MAX,
        required=True,
        autocomplete="postal-code",
        width=10,
    )

"""Steps and helpers that every journey shares: immediate danger, the subject's sex and
description, and safe contact."""

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .forms import (
    AppearanceForm,
    ContactSafetyForm,
    ImmediateDangerForm,
    SafeContactForm,
    VoicemailForm,
)
from .journeys import Answers, ItemWords, Step

Condition = Callable[[Answers], bool]


# A child in a list of children, on the pages that add them one by one.
CHILD_WORDS = ItemWords(
    heading=_("Child %(number)s"),
    added=ngettext_lazy(
        "You have added %(number)s child", "You have added %(number)s children", "number"
    ),
    count=ngettext_lazy("%(number)s child", "%(number)s children", "number"),
    none=_("No children"),
    select_yes=_("Select yes if you need to add another child"),
    too_many=_("You cannot add more than %(number)s children"),
    too_few=ngettext_lazy(
        "Add at least %(number)s child", "Add at least %(number)s children", "number"
    ),
)


def answer(answers: Answers, step: str, field: str) -> Any:
    """A raw answer as typed, or "" when the step has not been answered."""
    data = answers.get(step)
    return data.get(field, "") if isinstance(data, dict) else ""


def danger_interrupt(data: dict) -> str | None:
    return "immediate_danger" if data.get("immediate_danger") == "yes" else None


def danger_step() -> Step:
    return Step(
        "danger",
        ImmediateDangerForm,
        _("Is anyone in immediate danger?"),
        interrupt=danger_interrupt,
    )


def appearance_step() -> Step:
    """The subject's sex and description: optional, asked straight after who they are."""
    return Step(
        "appearance",
        AppearanceForm,
        _("Help us recognise them"),
        intro=(
            _(
                "This helps us make sure we find the right person. Leave out anything you do "
                "not know."
            ),
        ),
    )


def is_immediate_danger(answers: Answers) -> bool:
    return answer(answers, "danger", "immediate_danger") == "yes"


def _all(*conditions: Condition | None) -> Condition:
    wanted = [condition for condition in conditions if condition is not None]
    return lambda answers: all(condition(answers) for condition in wanted)


def _phone_is_safe(answers: Answers) -> bool:
    return "phone" in (answer(answers, "safe-contact", "safe_channels") or [])


def contact_steps(condition: Condition | None = None) -> tuple[Step, ...]:
    """Safe contact: the channels marked safe, then voicemail (if phone), then the rest."""
    return (
        Step(
            "safe-contact",
            SafeContactForm,
            _("How can we contact you safely?"),
            condition=condition,
        ),
        Step(
            "voicemail",
            VoicemailForm,
            _("Can we leave a voicemail?"),
            condition=_all(condition, _phone_is_safe),
        ),
        Step(
            "contact-safety",
            ContactSafetyForm,
            _("Keeping contact safe"),
            condition=condition,
            intro=(
                _(
                    "We will only contact you in the ways you have told us are safe. "
                    "Tell us anything else that helps us do that."
                ),
            ),
        ),
    )


def safe_email(answers: Answers) -> str | None:
    """The address to acknowledge to, only when the applicant marked e-mail as safe."""
    channels = answer(answers, "safe-contact", "safe_channels") or []
    email = answer(answers, "safe-contact", "email")
    return email.strip() if "email" in channels and email and email.strip() else None

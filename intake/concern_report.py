"""The concern report journey: information about someone who may put others at risk."""

from django import forms

from .constants import ConcernTopic, Scheme
from .forms import YES_NO, JourneyForm
from .journeys import Answers, Journey, Step


class TopicForm(JourneyForm):
    topic = forms.ChoiceField(
        label="What is your concern about?",
        choices=ConcernTopic.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what your concern is about"},
    )


class ImmediateDangerForm(JourneyForm):
    immediate_danger = forms.ChoiceField(
        label="Is anyone in immediate danger?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if anyone is in immediate danger"},
    )


class WhatHappenedForm(JourneyForm):
    what_happened = forms.CharField(
        label="What happened?",
        help_text="Tell us what you saw or heard, when it happened and who was involved.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": "Enter what happened",
            "max_length": "What happened must be 5,000 characters or fewer",
        },
    )
    place = forms.CharField(
        label="Where did it happen?",
        help_text="A postcode, a town or a description of the place.",
        max_length=200,
        error_messages={
            "required": "Enter where it happened",
            "max_length": "Where it happened must be 200 characters or fewer",
        },
    )


class AnonymousForm(JourneyForm):
    anonymous = forms.ChoiceField(
        label="Do you want to stay anonymous?",
        help_text="If you stay anonymous we cannot contact you, or tell you what happens next.",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if you want to stay anonymous"},
    )


def _answer(answers: Answers, step: str, field: str) -> str:
    return answers.get(step, {}).get(field, "")


def _danger_interrupt(data: dict) -> str | None:
    return "immediate_danger" if data.get("immediate_danger") == "yes" else None


CONCERN_REPORT = Journey(
    name="concern",
    scheme=Scheme.CONCERN,
    title="Report a concern",
    steps=(
        Step("about", TopicForm, "What is your concern about?"),
        Step(
            "danger",
            ImmediateDangerForm,
            "Is anyone in immediate danger?",
            interrupt=_danger_interrupt,
        ),
        Step("what-happened", WhatHappenedForm, "What happened"),
        Step("anonymous", AnonymousForm, "Do you want to stay anonymous?"),
    ),
    is_immediate_danger=lambda answers: _answer(answers, "danger", "immediate_danger") == "yes",
    is_anonymous=lambda answers: _answer(answers, "anonymous", "anonymous") == "yes",
    next_steps_template="intake/includes/next_steps_concern.html",
)

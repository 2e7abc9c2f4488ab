"""Multi-page journeys for the public: one question a page, answers held in the session.

A journey is a list of steps, each a Django form. Answers live in the visitor's session
(never in the URL) until they send the request, and are forgotten after two hours idle, on
Exit this page, or once sent.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .constants import Scheme

Answers = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class Step:
    slug: str
    form_class: type[forms.Form]
    title: str
    # Shown only when this returns True for the answers given so far.
    condition: Callable[[Answers], bool] | None = None
    # A page to show after this step when the answers call for it (the 999 stop page).
    interrupt: Callable[[dict[str, Any]], str | None] | None = None

    def applies(self, answers: Answers) -> bool:
        return self.condition is None or self.condition(answers)


@dataclass
class JourneyState:
    answers: Answers = field(default_factory=dict)
    timed_out: bool = False


@dataclass(frozen=True)
class Journey:
    name: str
    scheme: Scheme
    title: str
    steps: tuple[Step, ...]
    is_immediate_danger: Callable[[Answers], bool]
    is_anonymous: Callable[[Answers], bool]
    next_steps_template: str

    @property
    def session_key(self) -> str:
        return f"journey:{self.name}"

    @property
    def idle_limit(self) -> timedelta:
        return timedelta(seconds=settings.SESSION_COOKIE_AGE)

    def step(self, slug: str) -> Step | None:
        return next((step for step in self.steps if step.slug == slug), None)

    def load(self, session: SessionBase) -> JourneyState:
        stored = session.get(self.session_key)
        if not stored:
            return JourneyState()
        touched = parse_datetime(stored.get("touched", ""))
        if touched is None or timezone.now() - touched > self.idle_limit:
            self.clear(session)
            return JourneyState(timed_out=True)
        return JourneyState(answers=stored.get("answers", {}))

    def save_step(self, session: SessionBase, state: JourneyState, step: Step, form) -> None:
        """Keep what was typed, exactly, so the form can be shown again as the visitor left it."""
        state.answers[step.slug] = {
            name: form.data.getlist(form.add_prefix(name))
            if isinstance(
                form.fields[name].widget, forms.SelectMultiple | forms.CheckboxSelectMultiple
            )
            else form.data.get(form.add_prefix(name), "")
            for name in form.fields
        }
        # Drop answers to steps that no longer apply, so nothing the visitor cannot see is sent.
        state.answers = {
            slug: data
            for slug, data in state.answers.items()
            if (known := self.step(slug)) is not None and known.applies(state.answers)
        }
        self.touch(session, state)

    def touch(self, session: SessionBase, state: JourneyState) -> None:
        if state.answers:
            session[self.session_key] = {
                "answers": state.answers,
                "touched": timezone.now().isoformat(),
            }

    def clear(self, session: SessionBase) -> None:
        session.pop(self.session_key, None)

    def applicable_steps(self, answers: Answers) -> list[Step]:
        return [step for step in self.steps if step.applies(answers)]

    def next_step(self, after: Step, answers: Answers) -> Step | None:
        steps = self.applicable_steps(answers)
        if after not in steps:
            return self.first_unanswered(answers)
        later = steps[steps.index(after) + 1 :]
        return later[0] if later else None

    def previous_step(self, before: Step, answers: Answers) -> Step | None:
        steps = self.applicable_steps(answers)
        if before not in steps:
            return None
        index = steps.index(before)
        return steps[index - 1] if index > 0 else None

    def first_unanswered(self, answers: Answers) -> Step | None:
        return next(
            (step for step in self.applicable_steps(answers) if step.slug not in answers), None
        )

    def is_complete(self, answers: Answers) -> bool:
        return self.first_unanswered(answers) is None

    def bound_forms(self, answers: Answers) -> list[tuple[Step, forms.Form]]:
        """Each answered step's form, re-validated, for the check-your-answers page."""
        result = []
        for step in self.applicable_steps(answers):
            form = step.form_class(data=answers.get(step.slug, {}))
            form.is_valid()
            result.append((step, form))
        return result

    def cleaned_answers(self, answers: Answers) -> dict[str, dict[str, Any]]:
        """The validated answers of every step that applies, ready to store as JSON."""
        cleaned = {}
        for step, form in self.bound_forms(answers):
            if not form.is_valid():
                raise ValueError(f"Step {step.slug} is not complete")
            cleaned[step.slug] = {
                name: value.isoformat() if hasattr(value, "isoformat") else value
                for name, value in form.cleaned_data.items()
            }
        return cleaned

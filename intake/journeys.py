"""Multi-page journeys for the public: one question a page, answers held in the session.

A journey is a list of steps, each a Django form. Answers live in the visitor's session
(never in the URL) until they send the request, and are forgotten after two hours idle, on
Exit this page, or once sent.

Two kinds of step:
- `Step`: one page, one form. Its raw answers are stored as typed, so the page can be shown
  again exactly as the visitor left it, even when what they typed was not valid.
- `RepeatStep`: the GOV.UK "add another" pattern for a list of things ("each child",
  "addresses in the last five years"): a page per item, then a summary page that lists the
  items, with change and remove, and asks whether to add another.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from . import codes
from .constants import Scheme
from .forms import JourneyForm

Answers = dict[str, Any]
RawData = dict[str, Any]

# Carried in the URL from check answers to the page that changes an answer, and through any
# add-another loop, so that the visitor is brought back to check answers at the end.
CHANGE_PARAMETER = "change"


def is_changing(request: HttpRequest) -> bool:
    """Whether the visitor came from check answers to change an answer (`?change=1`)."""
    return request.GET.get(CHANGE_PARAMETER) == "1"


def with_change_flag(url: str, changing: bool = True) -> str:
    """`url` carrying `?change=1` when changing, as it is, when not."""
    return f"{url}?{CHANGE_PARAMETER}=1" if changing else url


def raw_data(form: forms.Form) -> RawData:
    """What the visitor typed into a form, by input name, ready to bind the form again."""
    stored: RawData = {}
    for name, bound_field in form.fields.items():
        key = form.add_prefix(name)
        widget = bound_field.widget
        if isinstance(widget, forms.MultiWidget):
            for suffix in widget.widgets_names:
                stored[key + suffix] = str(form.data.get(key + suffix, ""))
        elif isinstance(widget, forms.SelectMultiple | forms.CheckboxSelectMultiple):
            stored[key] = [str(value) for value in form.data.getlist(key)]
        else:
            stored[key] = str(form.data.get(key, ""))
    return stored


def json_ready(value: Any) -> Any:
    """A cleaned value as it is stored in JSON: dates as ISO strings, text trimmed."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list | tuple):
        return [json_ready(item) for item in value]
    return value


def cleaned_json(form: forms.Form) -> dict[str, Any]:
    return {name: json_ready(value) for name, value in form.cleaned_data.items()}


@dataclass(frozen=True)
class Row:
    """One line of the check-your-answers page."""

    key: str
    form: forms.Form | None
    field_name: str | None
    change_path: str
    value: str = ""


@dataclass(frozen=True)
class Step:
    slug: str
    form_class: type[forms.Form]
    title: str
    # Shown only when this returns True for the answers given so far.
    condition: Callable[[Answers], bool] | None = None
    # A page to show after this step when the answers call for it (the 999 stop page).
    interrupt: Callable[[dict[str, Any]], str | None] | None = None
    # Paragraphs shown under the page heading.
    intro: tuple[str, ...] = ()

    is_repeating = False

    def applies(self, answers: Answers) -> bool:
        return self.condition is None or self.condition(answers)

    def is_answered(self, raw: Any) -> bool:
        return raw is not None

    def bound_form(self, raw: RawData | None) -> forms.Form:
        return self.form_class(data=raw) if raw is not None else self.form_class()

    def is_valid(self, raw: Any) -> bool:
        return self.is_answered(raw) and self.bound_form(raw).is_valid()

    def cleaned(self, raw: Any) -> dict[str, Any]:
        form = self.bound_form(raw)
        if not form.is_valid():
            raise ValueError(f"Step {self.slug} is not complete")
        return cleaned_json(form)

    def rows(self, raw: Any) -> list[Row]:
        form = self.bound_form(raw)
        form.is_valid()
        return [
            Row(key=str(form[name].label), form=form, field_name=name, change_path="")
            for name in form.fields
        ]


class AddAnotherForm(JourneyForm):
    """The question on an add-another summary page. Labels are set per step."""

    # The page has its own heading ("You have added 2 children"); the question is a legend.
    single_question = False

    add_another = forms.ChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))], widget=forms.RadioSelect
    )

    def __init__(self, *args, step: "RepeatStep", has_items: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["add_another"]
        question = step.another_question if has_items else step.first_question
        field.label = question
        field.error_messages["required"] = step.words.select_yes
        field.error_messages["invalid_choice"] = step.words.select_yes


@dataclass(frozen=True)
class ItemWords:
    """What a repeating step calls its items, each a whole sentence to translate as one: a
    language's plurals and mutations ("plentyn", "2 o blant") are not built from a noun.

    Messages with a count take %(number)s; the ngettext ones choose their plural by it.
    """

    heading: str  # _("Child %(number)s")
    added: str  # ngettext_lazy("You have added %(number)s child", "... children", "number")
    count: str  # ngettext_lazy("%(number)s child", "%(number)s children", "number")
    none: str  # _("No children")
    select_yes: str  # _("Select yes if you need to add another child")
    too_many: str  # _("You cannot add more than %(number)s children")
    too_few: str  # ngettext_lazy("Add at least %(number)s child", "... children", "number")

    def numbered(self, message: str, number: int) -> str:
        return str(message % {"number": number})

    def item_heading(self, number: int) -> str:
        return self.numbered(self.heading, number)


@dataclass(frozen=True)
class RepeatStep(Step):
    """A list of things, each entered on its own page, with a summary that asks for another.

    Stored in the session as {"items": [raw item data, ...], "finished": bool}; cleaned as
    {"items": [cleaned item, ...]}.
    """

    words: ItemWords | None = None
    another_question: str = ""  # "Do you need to add another child?"
    first_question: str = ""  # asked when there are no items yet (min_items == 0)
    min_items: int = 1
    max_items: int = 10
    item_title: Callable[[dict[str, Any]], str] | None = None

    is_repeating = True

    @staticmethod
    def items(raw: Any) -> list[RawData]:
        return list((raw or {}).get("items", []))

    def is_answered(self, raw: Any) -> bool:
        return bool(raw) and raw.get("finished") is True and len(self.items(raw)) >= self.min_items

    def item_form(self, raw: RawData | None) -> forms.Form:
        return self.form_class(data=raw) if raw is not None else self.form_class()

    def is_valid(self, raw: Any) -> bool:
        return self.is_answered(raw) and all(
            self.item_form(item).is_valid() for item in self.items(raw)
        )

    def cleaned(self, raw: Any) -> dict[str, Any]:
        cleaned = []
        for item in self.items(raw):
            form = self.item_form(item)
            if not form.is_valid():
                raise ValueError(f"Step {self.slug} is not complete")
            cleaned.append(cleaned_json(form))
        return {"items": cleaned}

    def label(self, index: int, raw_item: RawData) -> str:
        form = self.item_form(raw_item)
        if self.item_title and form.is_valid():
            return self.item_title(form.cleaned_data)
        return self.words.item_heading(index + 1)

    def rows(self, raw: Any) -> list[Row]:
        items = self.items(raw)
        # A row for the list itself, whose change link leads to the add-another page.
        count = self.words.numbered(self.words.count, len(items))
        rows = [
            Row(
                key=self.title,
                form=None,
                field_name=None,
                change_path="",
                value=count if items else "",
            )
        ]
        for index, item in enumerate(items):
            form = self.item_form(item)
            form.is_valid()
            heading = self.words.item_heading(index + 1)
            rows.extend(
                Row(
                    key=f"{heading}: {form[name].label}",
                    form=form,
                    field_name=name,
                    change_path=f"{index + 1}/",
                )
                for name in form.fields
            )
        return rows


def _stored_as(answers: Answers, send_key: str) -> str:
    """The answers and send key as the session keeps them, to tell whether they changed."""
    return json.dumps([answers, send_key], sort_keys=True, separators=(",", ":"), default=str)


@dataclass
class JourneyState:
    answers: Answers = field(default_factory=dict)
    timed_out: bool = False
    # The one-time key of the check-answers page's Send (codes.new_send_key), or "" before
    # that page is first shown. Kept until the journey is sent or cleared.
    send_key: str = ""
    # What the session holds for the journey, and since when: a page shown again with nothing
    # changed is not written back (Journey.touch).
    stored_as: str = ""
    touched_at: datetime | None = None


@dataclass(frozen=True)
class Journey:
    name: str
    scheme: Scheme
    title: str
    steps: tuple[Step, ...]
    is_immediate_danger: Callable[[Answers], bool]
    is_anonymous: Callable[[Answers], bool]
    next_steps_template: str
    # The e-mail address to acknowledge to, if the applicant marked e-mail safe; else None.
    safe_email: Callable[[Answers], str | None] = lambda answers: None
    # What the person is sending, in their words: "report", "application".
    noun: str = "application"
    # The caption above every question's heading, naming the form the person is filling in.
    caption: str = ""

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
        answers, send_key = stored.get("answers", {}), stored.get("send_key", "")
        return JourneyState(
            answers=answers,
            send_key=send_key,
            stored_as=_stored_as(answers, send_key),
            touched_at=touched,
        )

    def save_step(self, session: SessionBase, state: JourneyState, step: Step, form) -> None:
        """Keep what was typed, exactly, so the form can be shown again as the visitor left it."""
        self.save_raw(session, state, step, raw_data(form))

    def save_raw(self, session: SessionBase, state: JourneyState, step: Step, raw: Any) -> None:
        state.answers[step.slug] = raw
        # Drop answers to steps that no longer apply, so nothing the visitor cannot see is sent.
        state.answers = {
            slug: data
            for slug, data in state.answers.items()
            if (known := self.step(slug)) is not None and known.applies(state.answers)
        }
        self.touch(session, state)

    def touch(self, session: SessionBase, state: JourneyState) -> None:
        """Keep the answers, and mark the journey as in use so that it is not timed out. The
        mark moves at most once every SESSION_REFRESH_SECONDS while nothing else changes: a
        page shown again then writes nothing, and the session is not saved for it."""
        if not state.answers:
            return
        now = timezone.now()
        stored_as = _stored_as(state.answers, state.send_key)
        if (
            stored_as == state.stored_as
            and state.touched_at is not None
            and now - state.touched_at < timedelta(seconds=settings.SESSION_REFRESH_SECONDS)
        ):
            return
        stored = {"answers": state.answers, "touched": now.isoformat()}
        if state.send_key:
            stored["send_key"] = state.send_key
        session[self.session_key] = stored
        state.stored_as, state.touched_at = stored_as, now

    def ensure_send_key(self, session: SessionBase, state: JourneyState) -> str:
        """The journey's send key, made (and remembered with the answers) the first time."""
        if not state.send_key:
            state.send_key = codes.new_send_key()
        self.touch(session, state)
        return state.send_key

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
        return self.validated(answers)[0]

    def is_complete(self, answers: Answers) -> bool:
        return self.first_unanswered(answers) is None

    def check_sections(self, answers: Answers) -> list[tuple[Step, list[Row]]]:
        """Each answered step's rows, re-validated, for the check-your-answers page."""
        return [
            (step, step.rows(answers.get(step.slug))) for step in self.applicable_steps(answers)
        ]

    def validated(self, answers: Answers) -> tuple[Step | None, dict[str, Any]]:
        """In one pass over the forms: the first step still to answer (or None), and else the
        cleaned answers of every step that applies, ready to store as JSON. Each form is
        built and validated once: on the send, the busiest path, that is most of the work."""
        cleaned = {}
        for step in self.applicable_steps(answers):
            raw = answers.get(step.slug)
            if not step.is_answered(raw):
                return step, {}
            try:
                cleaned[step.slug] = step.cleaned(raw)
            except ValueError:
                return step, {}
        return None, cleaned

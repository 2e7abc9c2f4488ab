"""A sent request, read back as the questions the person was asked and their answers in words.

Staff read what was sent through this, so the question text and the choice labels come from
the journey definitions themselves: there is no second copy of any label. A stored answer is
the cleaned JSON of each step (`journeys.cleaned_json`), keyed by step slug then field name.

- A question that was asked and left blank reads "Not given"; a step that did not apply to
  this person (not in the stored answers) is left out.
- Choices read as their labels, dates as "14 March 1979", yes/no as words.
- A repeating step (children, other addresses) gives one list per item.
- Anything stored that today's forms no longer ask is still shown, under a plain heading, so
  nothing sent is ever hidden from staff.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.dateformat import format as date_format

from .clares_law import CLARES_LAW
from .concern_report import CONCERN_REPORT
from .journeys import Journey, RepeatStep, Step
from .sarahs_law import SARAHS_LAW
from .summary import SUMMARY_KEYS

JOURNEY_FOR_SCHEME: dict[str, Journey] = {
    journey.scheme: journey for journey in (CONCERN_REPORT, SARAHS_LAW, CLARES_LAW)
}

NOT_GIVEN = "Not given"
EARLIER_QUESTION = "Answer to a question no longer asked"
DATE_FORMAT = "j F Y"


@dataclass(frozen=True)
class AnswerRow:
    question: str
    answer: str
    given: bool = True


@dataclass
class AnswerList:
    """One summary list: a step, or one item of a repeating step."""

    title: str
    rows: list[AnswerRow] = field(default_factory=list)


@dataclass
class AnswerSection:
    title: str
    lists: list[AnswerList] = field(default_factory=list)


def journey_for(scheme: str) -> Journey | None:
    return JOURNEY_FOR_SCHEME.get(scheme)


def _is_blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _date_words(value: Any) -> str | None:
    if isinstance(value, date):
        return date_format(value, DATE_FORMAT)
    if isinstance(value, str):
        try:
            return date_format(date.fromisoformat(value[:10]), DATE_FORMAT)
        except ValueError:
            return None
    return None


def _plain(value: Any) -> str:
    """Any stored value in words, without Python's brackets or quotes."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list | tuple):
        return ", ".join(_plain(item) for item in value if not _is_blank(item))
    if isinstance(value, dict):
        return "; ".join(_plain(item) for item in value.values() if not _is_blank(item))
    return str(value).strip()


def answer_text(form_field: forms.Field | None, value: Any) -> str:
    """One stored answer as the person would read it back."""
    if _is_blank(value):
        return NOT_GIVEN
    if isinstance(form_field, forms.ChoiceField) and hasattr(form_field, "choices"):
        labels = {str(key): str(label) for key, label in form_field.choices}
        if isinstance(value, list | tuple):
            return ", ".join(labels.get(str(item), _plain(item)) for item in value)
        return labels.get(str(value), _plain(value))
    if isinstance(form_field, forms.DateField | forms.MultiValueField) or (
        form_field is None and isinstance(value, str) and len(value) == 10
    ):
        words = _date_words(value)
        if words:
            return words
    if isinstance(form_field, forms.BooleanField):
        return "Yes" if value else "No"
    return _plain(value)


def _rows(form: forms.Form, stored: dict[str, Any]) -> list[AnswerRow]:
    rows = []
    for name, form_field in form.fields.items():
        if name not in stored:
            continue
        value = stored[name]
        rows.append(
            AnswerRow(
                question=str(form_field.label),
                answer=answer_text(form_field, value),
                given=not _is_blank(value),
            )
        )
    rows.extend(
        AnswerRow(question=EARLIER_QUESTION, answer=answer_text(None, value))
        for name, value in stored.items()
        if name not in form.fields and not _is_blank(value)
    )
    return rows


def form_section(*, title: str, form_class: type[forms.Form], stored: Any) -> AnswerSection:
    """Answers stored by field name, read back with the labels of the form that asked them."""
    rows = _rows(form_class(), stored) if isinstance(stored, dict) else []
    return AnswerSection(title=str(title), lists=[AnswerList(title="", rows=rows)])


def _step_section(step: Step, stored: Any) -> AnswerSection:
    form = step.form_class()
    if isinstance(step, RepeatStep):
        items = stored.get("items", []) if isinstance(stored, dict) else []
        lists = [
            AnswerList(title=step.words.item_heading(number), rows=_rows(form, item))
            for number, item in enumerate(items, start=1)
            if isinstance(item, dict)
        ]
        if not lists:
            lists = [AnswerList(title="", rows=[AnswerRow(str(step.title), str(step.words.none))])]
        return AnswerSection(title=str(step.title), lists=lists)
    return form_section(title=step.title, form_class=step.form_class, stored=stored)


def answer_sections(*, scheme: str, answers: dict[str, Any] | None) -> list[AnswerSection]:
    """Every step the person answered, in the order they were asked, in words: the questions
    in English for staff, whatever language the person used; answers as they typed them."""
    with translation.override(settings.LANGUAGE_CODE):
        return _answer_sections(scheme=scheme, answers=answers)


def _answer_sections(*, scheme: str, answers: dict[str, Any] | None) -> list[AnswerSection]:
    answers = answers or {}
    journey = journey_for(scheme)
    sections = []
    known = set()
    if journey is not None:
        for step in journey.steps:
            known.add(step.slug)
            if step.slug in answers:
                sections.append(_step_section(step, answers[step.slug]))
    leftovers = [
        AnswerRow(question=EARLIER_QUESTION, answer=answer_text(None, value))
        for slug, value in answers.items()
        if slug not in known and slug not in SUMMARY_KEYS and not _is_blank(value)
    ]
    if leftovers:
        sections.append(
            AnswerSection(title="Other answers", lists=[AnswerList(title="", rows=leftovers)])
        )
    return sections

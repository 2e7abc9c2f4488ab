"""The journeys in Welsh: every word a person reads or is told on a question page comes from
the Welsh catalogue, and a message with a number in it reads as a Welsh sentence."""

from collections.abc import Iterator
from functools import partial

import pytest
from django import forms
from django.utils import translation

from intake.concern_report import WhatHappenedForm
from intake.forms import DATE_OF_BIRTH_MESSAGES, DeclarationForm, FollowUpForm, ReceiptLookupForm
from intake.journeys import AddAnotherForm, RepeatStep, Step
from intake.urls import JOURNEYS

# Words that are the same in both languages.
THE_SAME_IN_WELSH: set[str] = set()


def _field_words(where: str, field: forms.Field) -> Iterator[tuple[str, object]]:
    yield f"{where} label", field.label
    if field.help_text:
        yield f"{where} hint", field.help_text
    for value, label in getattr(field, "choices", ()) or ():
        if value:
            yield f"{where} choice {value}", label
    for code, message in field.error_messages.items():
        # Django's own messages for codes the journeys never meet are Django's to translate.
        if code in {"required", "invalid_choice", "max_length", "invalid", "incomplete"}:
            yield f"{where} {code} message", message
    for number, part in enumerate(getattr(field, "fields", ()) or ()):
        yield from _field_words(f"{where} part {number}", part)


def _form_words(where: str, form_class: type[forms.Form]) -> Iterator[tuple[str, object]]:
    for name, field in form_class.base_fields.items():
        # Messages Django supplies for a field that sets none of its own are not ours.
        if not field.required and "required" in field.error_messages:
            field = _without_unused_required(field)
        yield from _field_words(f"{where} {name}", field)


def _without_unused_required(field: forms.Field) -> forms.Field:
    copy = field.__deepcopy__({})
    copy.error_messages = {k: v for k, v in field.error_messages.items() if k != "required"}
    return copy


def _step_words(journey, step: Step) -> Iterator[tuple[str, object]]:
    where = f"{journey.name} {step.slug}"
    yield f"{where} title", step.title
    for number, paragraph in enumerate(step.intro):
        yield f"{where} intro {number}", paragraph
    yield from _form_words(where, step.form_class)
    if isinstance(step, RepeatStep):
        yield f"{where} first question", step.first_question or step.another_question
        yield f"{where} another question", step.another_question
        words = step.words
        yield f"{where} none", words.none
        yield f"{where} select yes", words.select_yes
        for number in (1, 2, 3, 8):
            yield f"{where} heading {number}", partial(words.item_heading, number)
            for name in ("added", "count", "too_many", "too_few"):
                message = getattr(words, name)
                yield f"{where} {name} {number}", partial(words.numbered, message, number)


def _every_word() -> list[tuple[str, object]]:
    found = []
    for journey in JOURNEYS:
        found += [
            (f"{journey.name} title", journey.title),
            (f"{journey.name} caption", journey.caption),
        ]
        for step in journey.steps:
            found += list(_step_words(journey, step))
    for form_class in (ReceiptLookupForm, FollowUpForm, DeclarationForm, AddAnotherForm):
        found += list(_form_words(form_class.__name__, form_class))
    return found


def _in(language: str, words: object) -> str:
    """The words in `language`: a message, or a function that makes one (a count)."""
    with translation.override(language):
        return str(words() if callable(words) else words)


def test_every_title_question_hint_choice_and_message_of_every_journey_is_in_welsh():
    words = _every_word()
    assert len(words) > 300, "the walk should reach every field of every journey"
    untranslated = [
        f"{where}: {_in('en-gb', text)!r}"
        for where, text in words
        if text
        and _in("cy", text) == _in("en-gb", text)
        and _in("en-gb", text) not in THE_SAME_IN_WELSH
    ]
    assert untranslated == []


@pytest.mark.parametrize(
    ("number", "welsh"),
    [(1, "Rydych wedi ychwanegu 1 plentyn"), (2, "Rydych wedi ychwanegu 2 blentyn")],
)
def test_a_count_of_children_takes_the_welsh_plural_form(number, welsh):
    sarahs_law = next(journey for journey in JOURNEYS if journey.name == "sarahs_law")
    words = sarahs_law.step("each-child").words
    with translation.override("cy"):
        assert words.numbered(words.added, number) == welsh
    with translation.override("en-gb"):
        assert words.numbered(words.added, 2) == "You have added 2 children"


def _shown(body: str) -> str:
    return body.replace("&#x27;", "'").replace("&#39;", "'").replace("&quot;", '"')


@pytest.mark.django_db
def test_too_long_an_answer_is_refused_in_welsh_with_the_number_written_out(client, home_page):
    client.post("/cy/report/danger/", {"immediate_danger": "no"})
    client.post("/cy/report/about/", {"topic": "known_offender"})
    client.post("/cy/report/person/", {"full_name": "John Smith"})
    client.post("/cy/report/appearance/", {})
    typed = "Mi welais i " + "x" * 5000
    response = client.post("/cy/report/what-happened/", {"what_happened": typed, "place": "Leeds"})
    body = _shown(response.content.decode())
    message = WhatHappenedForm.base_fields["what_happened"].error_messages["max_length"]
    with translation.override("cy"):
        welsh = str(message)
    assert response.status_code == 200 and 'lang="cy"' in body
    assert "5,000" in welsh and welsh != _in("en-gb", message)
    assert welsh in body
    # Nothing typed is lost.
    assert typed in body


@pytest.mark.django_db
def test_a_date_of_birth_error_is_a_welsh_sentence(client, home_page):
    client.post("/cy/report/danger/", {"immediate_danger": "no"})
    client.post("/cy/report/about/", {"topic": "known_offender"})
    response = client.post(
        "/cy/report/person/",
        {"date_of_birth_0": "31", "date_of_birth_1": "2", "date_of_birth_2": "1980"},
    )
    welsh = _in("cy", DATE_OF_BIRTH_MESSAGES["their"]["real"])
    assert welsh != "Their date of birth must be a real date"
    assert welsh in _shown(response.content.decode())

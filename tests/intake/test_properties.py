"""Property tests: whatever anyone posts to any step, they get a page or a validation error,
never a server error; and whatever passes validation can be summarised and stored."""

import json

import pytest
from django import forms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake.clares_law import CLARES_LAW
from intake.concern_report import CONCERN_REPORT
from intake.forms import FollowUpForm, ReceiptLookupForm
from intake.journeys import AddAnotherForm, RepeatStep, cleaned_json
from intake.sarahs_law import SARAHS_LAW
from intake.summary import summarise
from tests.intake.journey_data import (
    CLARES_LAW_THIRD_PARTY,
    CONTACT_BY_PHONE,
    NAMED_CONCERN,
    answer_all,
    declared,
)
from tests.intake.journey_data import (
    SARAHS_LAW as SARAHS_LAW_STEPS,
)

JOURNEYS = {
    "concern": (
        CONCERN_REPORT,
        "/report/",
        [*NAMED_CONCERN[:-2], *[(f"/report/{path}", data) for path, data in CONTACT_BY_PHONE]],
    ),
    "sarahs_law": (SARAHS_LAW, "/apply/sarahs-law/", SARAHS_LAW_STEPS),
    "clares_law": (CLARES_LAW, "/apply/clares-law/", CLARES_LAW_THIRD_PARTY),
}

ANY_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60
) | st.sampled_from(["", " ", "0", "-1", "31", "2", "1990", "yes", "no", "x" * 6000, "\x00"])
VALUE = ANY_TEXT | st.lists(ANY_TEXT, max_size=3)


def field_names(form_class: type[forms.Form]) -> list[str]:
    names = []
    for name, field in form_class.base_fields.items():
        if isinstance(field.widget, forms.MultiWidget):
            names.extend(f"{name}_{index}" for index in range(3))
        else:
            names.append(name)
    return names


def payloads(form_class: type[forms.Form]):
    return st.dictionaries(st.sampled_from([*field_names(form_class), "other"]), VALUE)


def step_targets(journey, prefix: str) -> list[tuple[str, type[forms.Form]]]:
    targets = []
    for step in journey.steps:
        targets.append((f"{prefix}{step.slug}/", step.form_class))
        if isinstance(step, RepeatStep):
            targets[-1] = (f"{prefix}{step.slug}/", AddAnotherForm)
            targets.append((f"{prefix}{step.slug}/1/", step.form_class))
            targets.append((f"{prefix}{step.slug}/2/", step.form_class))
    return targets


FORM_CLASSES = sorted(
    {
        form_class
        for journey, prefix, _ in JOURNEYS.values()
        for _, form_class in step_targets(journey, prefix)
        if form_class is not AddAnotherForm
    }
    | {ReceiptLookupForm, FollowUpForm},
    key=lambda form_class: form_class.__module__ + form_class.__qualname__,
)


@pytest.mark.parametrize("form_class", FORM_CLASSES, ids=lambda form_class: form_class.__name__)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_any_input_to_any_form_is_valid_or_an_error_never_an_exception(form_class, data):
    payload = data.draw(payloads(form_class))
    form = form_class(data=payload)
    if form.is_valid():
        json.dumps(cleaned_json(form))
    else:
        assert form.errors
        for messages in form.errors.values():
            assert all(isinstance(message, str) and message for message in messages)
    form.helper  # noqa: B018 - the layout builds for any data


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(JOURNEYS))
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_post_to_any_step_gets_a_page_or_an_error_never_a_500(client, home_page, name, data):
    journey, prefix, complete = JOURNEYS[name]
    answer_all(client, complete)
    targets = step_targets(journey, prefix)
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        path, form_class = data.draw(st.sampled_from(targets))
        change = data.draw(st.booleans())
        response = client.post(
            path + ("?change=1" if change else ""), data.draw(payloads(form_class))
        )
        assert response.status_code in {200, 302, 404}, (path, response.status_code)
        if response.status_code == 200:
            assert b"govuk-error-summary" in response.content or b"<form" in response.content
    # Whatever state that left, every page of the journey still renders or redirects.
    for path, _ in targets:
        assert client.get(path).status_code in {200, 302, 404}
    check = client.get(f"{prefix}check-your-answers/")
    assert check.status_code in {200, 302}
    if check.status_code == 200:
        sent = client.post(f"{prefix}check-your-answers/", declared(client, prefix))
        assert sent.status_code == 302


@settings(max_examples=60, deadline=None)
@given(
    text=ANY_TEXT,
    items=st.lists(st.fixed_dictionaries({"address": ANY_TEXT, "when": ANY_TEXT}), max_size=3),
)
def test_the_summary_copes_with_any_text(text, items):
    cleaned = {
        "who": {"role": "third_party"},
        "about-you": {"full_name": text, "address": text, "postcode": text},
        "person-at-risk": {"full_name": text, "address": text, "relationship": text},
        "person": {"full_name": text, "other_names": text, "relationship": text, "how_long": text},
        "subject-addresses": {"items": items},
        "safe-contact": {"safe_channels": ["phone", "email"], "phone": text, "email": text},
        "contact-safety": {"safe_times": text},
    }
    for journey in (CONCERN_REPORT, SARAHS_LAW, CLARES_LAW):
        summary = summarise(scheme=journey.scheme, cleaned=cleaned, immediate_danger=False)
        json.dumps(summary)
        assert summary["schema"] == 1


@pytest.mark.django_db
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    payload=st.dictionaries(
        st.sampled_from(["reference", "receipt_code", "text", "action", "other"]), VALUE
    )
)
def test_any_post_to_check_gets_a_page_or_an_error_never_a_500(client, home_page, payload):
    response = client.post("/check/", payload)
    assert response.status_code in {200, 302}
    assert client.get("/check/").status_code == 200

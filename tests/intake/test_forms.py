"""Each form checks what its page asks, with GOV.UK-style messages and a length limit."""

import pytest
from django import forms

from intake import clares_law, concern_report, sarahs_law
from intake.forms import (
    ApplicantDetailsForm,
    ContactSafetyForm,
    FollowUpForm,
    ImmediateDangerForm,
    ReceiptLookupForm,
    SafeContactForm,
    VoicemailForm,
)
from intake.journeys import cleaned_json

ALL_FORMS = [
    concern_report.TopicForm,
    concern_report.PersonForm,
    concern_report.WhatHappenedForm,
    concern_report.ChildrenForm,
    concern_report.HowYouKnowForm,
    concern_report.AnonymousForm,
    concern_report.AboutYouForm,
    sarahs_law.ApplicantForm,
    sarahs_law.ChildForm,
    sarahs_law.SubjectForm,
    sarahs_law.ReasonForm,
    clares_law.WhoForm,
    ApplicantDetailsForm,
    clares_law.PersonAtRiskForm,
    clares_law.SubjectForm,
    clares_law.SubjectAddressForm,
    clares_law.ReasonForm,
    ImmediateDangerForm,
    SafeContactForm,
    VoicemailForm,
    ContactSafetyForm,
    ReceiptLookupForm,
    FollowUpForm,
]


@pytest.mark.parametrize("form_class", ALL_FORMS, ids=lambda form_class: form_class.__qualname__)
def test_every_text_field_has_a_length_limit_and_a_message_for_it(form_class):
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.CharField):
            assert field.max_length, f"{form_class.__name__}.{name}"
            form = form_class(data={name: "x" * (field.max_length + 1)})
            assert not form.is_valid()
            assert "characters or fewer" in " ".join(form.errors[name]) or "email" in name


def test_the_person_form_needs_one_detail_of_any_kind():
    assert not concern_report.PersonForm(data={}).is_valid()
    for detail in [
        {"full_name": "John"},
        {"address": "Near the park in Leeds"},
        {"vehicle": "Red van"},
        {"usernames": "jsmith"},
        {"age": "40"},
        {"age": "about 70"},
    ]:
        assert concern_report.PersonForm(data=detail).is_valid(), detail


@pytest.mark.parametrize(
    ("age", "message"),
    [
        ("soon", "Enter their age as a number or a rough age, like 34 or about 70"),
        ("-1", "Their age must be 0 or more"),
        ("121", "Their age must be 120 or less"),
        ("20 to 60", "Their age range must be 30 years or less, like 40 to 45"),
        ("7" * 51, "Their age must be 50 characters or fewer"),
    ],
)
def test_an_age_must_be_one_we_can_read(age, message):
    form = concern_report.PersonForm(data={"age": age})
    assert form.errors["age"] == [message]


def test_an_age_message_names_whose_age_it_is():
    form = sarahs_law.ChildForm(data={"full_name": "Amy", "age": "soon"})
    assert form.errors["age"] == [
        "Enter the child's age as a number or a rough age, like 34 or about 70"
    ]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("about 70", "about 70"), ("  in their   60s ", "in their 60s"), ("40", "40"), ("", "")],
)
def test_an_age_is_stored_as_the_person_typed_it(typed, stored):
    form = concern_report.PersonForm(data={"full_name": "John", "age": typed})
    assert form.is_valid(), form.errors
    assert cleaned_json(form)["age"] == stored


def test_the_age_field_is_wide_enough_for_a_rough_age_and_says_what_it_takes():
    field = concern_report.PersonForm.base_fields["age"]
    assert field.input_width == 10
    assert field.label == "Age, or rough age (if you do not know their date of birth)"
    assert "about 70" in field.help_text
    html = str(concern_report.PersonForm()["age"])
    assert 'inputmode="numeric"' not in html
    child_help = sarahs_law.ChildForm.base_fields["age"].help_text
    assert child_help == "For example, 9, about 4 or 18 months"
    assert sarahs_law.ChildForm(data={"full_name": "Amy", "age": "18 months"}).is_valid()


def test_safe_contact_needs_the_details_for_each_channel_ticked():
    form = SafeContactForm(data={"safe_channels": ["phone", "email", "post"]})
    assert form.errors["phone"] == ["Enter a phone number, or untick phone"]
    assert form.errors["email"] == ["Enter an email address, or untick email"]
    assert form.errors["postal_address"] == ["Enter a postal address, or untick letter"]
    assert SafeContactForm(data={}).errors["safe_channels"] == [
        "Select at least one safe way to contact you"
    ]
    bad = SafeContactForm(
        data={"safe_channels": ["phone", "email"], "phone": "call me", "email": "x"}
    )
    assert "like 01632 960 001" in bad.errors["phone"][0]
    assert "in the correct format" in bad.errors["email"][0]
    good = SafeContactForm(data={"safe_channels": ["phone"], "phone": "+44 7700 900123"})
    assert good.is_valid()


def test_a_child_needs_a_date_of_birth_or_an_age():
    assert (
        "date of birth or their age"
        in sarahs_law.ChildForm(data={"full_name": "Amy"}).errors["age"][0]
    )
    assert sarahs_law.ChildForm(data={"full_name": "Amy", "age": "about 9"}).is_valid()
    with_dob = {"full_name": "Amy", "date_of_birth_0": "3", "date_of_birth_1": "2"}
    with_dob["date_of_birth_2"] = "2016"
    assert sarahs_law.ChildForm(data=with_dob).is_valid()


def test_radios_refuse_values_that_are_not_offered():
    form = clares_law.WhoForm(data={"role": "police_initiated"})
    assert form.errors["role"] == ["Select who you are worried about"]

"""Each form checks what its page asks, with GOV.UK-style messages and a length limit."""

import pytest
from django import forms

from intake import clares_law, concern_report, sarahs_law
from intake.forms import (
    AppearanceForm,
    ApplicantDetailsForm,
    ContactSafetyForm,
    DeclarationForm,
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
    sarahs_law.ParentsForm,
    sarahs_law.SubjectForm,
    sarahs_law.ReasonForm,
    clares_law.WhoForm,
    ApplicantDetailsForm,
    clares_law.PersonAtRiskForm,
    clares_law.SubjectForm,
    clares_law.SubjectAddressForm,
    clares_law.ChildForm,
    clares_law.ReasonForm,
    AppearanceForm,
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
        "Enter the child's age as a number or a rough age, like 9 or about 4"
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


def test_the_subject_s_sex_and_description_are_optional_and_sex_offers_not_known():
    blank = AppearanceForm(data={})
    assert blank.is_valid()
    assert cleaned_json(blank) == {"sex": "", "description": ""}
    labels = [label for _, label in AppearanceForm.base_fields["sex"].choices]
    assert labels == ["Male", "Female", "Not known"]
    form = AppearanceForm(data={"sex": "not_known", "description": "Tall, ginger beard"})
    assert form.is_valid()
    assert cleaned_json(form) == {"sex": "not_known", "description": "Tall, ginger beard"}
    assert AppearanceForm(data={"sex": "other"}).errors["sex"] == [
        "Select their sex, or select not known"
    ]
    assert (
        "characters or fewer"
        in AppearanceForm(data={"description": "x" * 1001}).errors["description"][0]
    )


def test_a_clares_law_child_needs_a_first_name_an_age_and_how_they_are_connected():
    errors = clares_law.ChildForm(data={}).errors
    assert errors == {
        "first_name": ["Enter the child's first name"],
        "age": ["Enter the child's age, or a rough age"],
        "relationship": ["Enter how the child is connected to them"],
    }
    form = clares_law.ChildForm(
        data={"first_name": "Amy", "age": "about  4", "relationship": "Her daughter"}
    )
    assert form.is_valid()
    # The age as the person wrote it (spaces collapsed), not a number.
    assert form.cleaned_data["age"] == "about 4"
    unreadable = clares_law.ChildForm(
        data={"first_name": "Amy", "age": "a toddler-ish", "relationship": "Her daughter"}
    )
    assert "age" in unreadable.errors


def test_sarahs_law_asks_whether_a_parent_knows_and_who_has_parental_responsibility():
    errors = sarahs_law.ParentsForm(data={}).errors
    assert errors == {
        "parent_knows": ["Select whether the child's parent or carer knows about this application"],
        "parental_responsibility": ["Enter who has parental responsibility for the child"],
    }
    choices = dict(sarahs_law.ParentsForm.base_fields["parent_knows"].choices)
    assert choices["applicant_is_parent"] == "I am the child's parent or carer"
    assert choices["not_sure"] == "I do not know"
    form = sarahs_law.ParentsForm(
        data={"parent_knows": "no", "parental_responsibility": "Her mother"}
    )
    assert form.is_valid()
    # The applicant's relationship to the child is still asked, on the page about them.
    assert "relationship" in sarahs_law.ApplicantForm.base_fields


def test_the_declaration_must_be_ticked():
    form = DeclarationForm(data={})
    assert form.errors["declaration"] == [
        "Confirm that you understand how your answers will be used"
    ]
    assert DeclarationForm(data={"declaration": "yes"}).is_valid()


def test_a_single_question_page_names_its_form_above_the_heading_in_the_legend():
    from crispy_forms.utils import render_crispy_form

    form = ImmediateDangerForm()
    form.caption = "Report a concern"
    html = render_crispy_form(form)
    legend = html[html.index("<legend") : html.index("</legend>")]
    assert legend.index('<span class="govuk-caption-l">Report a concern</span>') < legend.index(
        "<h1"
    )
    form = clares_law.ReasonForm()
    form.caption = "Clare's Law application"
    html = render_crispy_form(form)
    assert html.index("govuk-caption-l") < html.index('<h1 class="govuk-label-wrapper">')
    # A page of several questions has its caption in the page template, not in a legend.
    several = AppearanceForm()
    several.caption = "Report a concern"
    assert "govuk-caption-l" not in render_crispy_form(several)

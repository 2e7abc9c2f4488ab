from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

from staff import lookups

from .constants import (
    MEETING_FORUMS,
    DisclosureDecision,
    DisclosureMethod,
    DisclosureRecipient,
    LetterKind,
    NoDisclosureReason,
    Outcome,
    Priority,
    Undertaking,
)

MEETING_FORUM_CHOICES = [(forum.value, forum.label) for forum in MEETING_FORUMS]
DATE_INPUT = forms.DateInput(attrs={"type": "date"})
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class _StaffChoices(ModelChoiceIterator):
    """The choices as plain (id, label) pairs from one query of values, never an instance."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from lookups.assignable_staff_choices()


class OnePassSelect(forms.Select):
    """A select drawn in one pass: Django draws each option from a template of its own, and
    the lists here are long (every member of staff who may take a case; every team in a
    queue's filters). The same markup as Django's, for a select of one value without
    groups."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(item) for item in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (choice, " selected" if str(choice) in chosen else "", label)
                for choice, label in self.choices
            ),
        )
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final_attrs), options)


class _StaffChoiceField(forms.ModelChoiceField):
    iterator = _StaffChoices
    widget = OnePassSelect


class AssignForm(forms.Form):
    assignee = _StaffChoiceField(
        queryset=lookups.assignable_staff(), required=False, empty_label="Nobody"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = lookups.assignable_staff()


class BulkAssignForm(AssignForm):
    cases = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, case_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].required = True
        self.fields["cases"].choices = case_choices


class PriorityForm(forms.Form):
    priority = forms.ChoiceField(choices=Priority.choices)
    reason = forms.CharField(max_length=255, required=False)


class NoteForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Note")


class DuplicateForm(forms.Form):
    reference = forms.CharField(max_length=20, label="Reference of the original case")


class PauseForm(forms.Form):
    reason = forms.CharField(max_length=255, label="Why is the clock paused?")


class ContactForm(forms.Form):
    method = forms.ChoiceField(
        choices=[("in_person", "In person"), ("phone", "By phone"), ("video", "By video")]
    )
    identity_checked = forms.BooleanField(
        required=False, label="Identity checked (two forms of identification)"
    )
    identity_documents = forms.CharField(
        max_length=255, required=False, label="Which documents were seen"
    )


class ForumForm(forms.Form):
    forum = forms.ChoiceField(choices=MEETING_FORUM_CHOICES, label="Forum")
    forum_reference = forms.CharField(max_length=50, label="Forum reference")
    forum_date = forms.DateField(label="Date the forum meets", widget=DATE_INPUT)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=DisclosureDecision.choices, widget=forms.RadioSelect, label="Decision"
    )
    no_disclosure_reason = forms.ChoiceField(
        choices=[("", "Not applicable: disclose"), *NoDisclosureReason.choices],
        required=False,
        label="Reason, if not disclosing",
    )
    immediate_risk = forms.BooleanField(
        required=False,
        label="Immediate risk: the police decided at once, without the forum (it ratifies after)",
    )
    decided_at = forms.DateTimeField(
        required=False, label="When (blank: now)", widget=DATETIME_INPUT
    )


class RatifyForm(forms.Form):
    forum = forms.ChoiceField(choices=MEETING_FORUM_CHOICES, label="Forum that ratified")
    forum_reference = forms.CharField(max_length=50, label="Forum reference")
    ratified_on = forms.DateField(label="Date ratified", widget=DATE_INPUT)


class DisclosureForm(forms.Form):
    recipient = forms.ChoiceField(choices=DisclosureRecipient.choices, label="Disclosed to")
    recipient_name = forms.CharField(max_length=200, label="Name of the person told")
    disclosed_at = forms.DateTimeField(
        required=False, label="When (blank: now)", widget=DATETIME_INPUT
    )
    method = forms.ChoiceField(
        choices=DisclosureMethod.choices, widget=forms.RadioSelect, label="How"
    )
    phone_reason = forms.CharField(
        max_length=500, required=False, label="If by phone, why not in person"
    )
    words = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="The words disclosed (kept encrypted, never put in a letter or e-mail)",
    )


class UndertakingForm(forms.Form):
    undertaking = forms.ChoiceField(
        choices=Undertaking.choices, widget=forms.RadioSelect, label="Confidentiality undertaking"
    )
    on = forms.DateField(label="Date", widget=DATE_INPUT)
    effect = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="If refused, what it means for the disclosure",
    )


class SafetyPlanForm(forms.Form):
    safety_plan = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Safety plan")
    referrals = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Support services referred to (e.g. IDVA, children's services)",
    )


class LetterForm(forms.Form):
    kind = forms.ChoiceField(choices=LetterKind.choices, label="Letter")
    meeting_date = forms.CharField(
        max_length=100, required=False, label="Meeting: when (invitation only)"
    )
    meeting_place = forms.CharField(
        max_length=200, required=False, label="Meeting: where (invitation only)"
    )
    print_only = forms.BooleanField(
        required=False, label="Print it to hand over, even if e-mail was marked safe"
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(choices=Outcome.choices)


class RightToKnowForm(forms.Form):
    subject_name = forms.CharField(max_length=200, label="Name of the person of concern")
    subject_aliases = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Other names, one a line"
    )
    subject_date_of_birth = forms.DateField(required=False, label="Their date of birth")
    subject_address = forms.CharField(max_length=255, required=False, label="Their address")
    person_at_risk_name = forms.CharField(max_length=200, label="Name of the person at risk")
    person_at_risk_postcode = forms.CharField(max_length=10, label="Postcode of the person at risk")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Why police act")
    urgent = forms.BooleanField(required=False, label="Immediate risk: urgent")

    def details(self) -> dict:
        data = self.cleaned_data
        born = data["subject_date_of_birth"]
        return {
            "schema": 1,
            "subject": {
                "names": [data["subject_name"]],
                "aliases": [a.strip() for a in data["subject_aliases"].splitlines() if a.strip()],
                "date_of_birth": born.isoformat() if born else None,
                "age": None,
                "addresses": [data["subject_address"]] if data["subject_address"] else [],
                "postcode": None,
                "vehicles": [],
                "phones": [],
                "usernames": [],
            },
            "place": {"postcode": data["person_at_risk_postcode"], "town": None, "text": None},
            "person_at_risk": {
                "name": data["person_at_risk_name"],
                "postcode": data["person_at_risk_postcode"],
            },
            "reason": data["reason"],
            # What the officer typed, by field, so the case page reads it back with the
            # questions of this form.
            "recorded": {
                name: value.isoformat() if hasattr(value, "isoformat") else value
                for name, value in data.items()
            },
        }

from django import forms

from staff import lookups

from .constants import DecisionForum, Outcome, Priority


class _StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name() or obj.get_username()
        profile = getattr(obj, "staff_profile", None)
        return f"{name} ({profile.get_role_display()}, {profile.team})" if profile else name


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
    forum = forms.ChoiceField(choices=DecisionForum.choices)
    forum_reference = forms.CharField(max_length=50, label="Forum reference")


class DecisionForm(forms.Form):
    disclose = forms.TypedChoiceField(
        choices=[("yes", "Disclose"), ("no", "Do not disclose")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    disclosed_to = forms.CharField(max_length=255, required=False, label="Disclosed to")
    decided_at = forms.DateTimeField(required=False, label="When (blank: now)")
    in_person = forms.BooleanField(required=False, label="Disclosed in person")


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

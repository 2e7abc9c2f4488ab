"""The statutory return page's form: scheme, period, area and format, checked before anything
is counted."""

from datetime import date
from typing import Any

from django import forms

from intake.constants import Scheme

from . import returns

FORMATS = [("html", "Show on this page"), ("csv", "CSV"), ("xlsx", "Excel (XLSX)")]


def _last_year_ending_march(today: date) -> tuple[date, date]:
    """The last whole year to 31 March, as HMICFRS collects it."""
    year = today.year if today.month > 3 else today.year - 1
    return date(year - 1, 4, 1), date(year, 3, 31)


class ReturnForm(forms.Form):
    scheme = forms.ChoiceField(
        choices=[(slug, Scheme(value).label) for slug, value in returns.RETURN_SCHEMES.items()]
    )
    start = forms.DateField(
        label="First day",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Give the first day of the period."},
    )
    end = forms.DateField(
        label="Last day",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Give the last day of the period."},
    )
    area = forms.ChoiceField(required=False, label="Area")
    format = forms.ChoiceField(choices=FORMATS, initial="html", required=False)

    def __init__(self, *args: Any, user: Any, today: date, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        start, end = _last_year_ending_march(today)
        self.fields["start"].initial = start
        self.fields["end"].initial = end
        everywhere = "All areas" if user.is_superuser else "All of my area"
        self.fields["area"].choices = [("", everywhere)] + [
            (choice.value, choice.label) for choice in returns.area_choices(user=user)
        ]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            cleaned["period"] = returns.period_of(start=cleaned["start"], end=cleaned["end"])
        except returns.ReturnInputError as error:
            self.add_error("end", str(error))
            return cleaned
        cleaned["scheme_value"] = returns.scheme_from_slug(slug=cleaned["scheme"])
        area = cleaned.get("area")
        cleaned["area_choice"] = returns.area_resolve(value=area, user=self.user) if area else None
        cleaned["format"] = cleaned.get("format") or "html"
        return cleaned

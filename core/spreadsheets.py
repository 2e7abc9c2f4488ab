"""Cells for spreadsheets people open in Excel and its kin, which run a cell that starts with
one of these as a formula (CSV injection): such text gets a leading apostrophe."""

from typing import Any

from django.utils.encoding import force_str

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: Any) -> str:
    """The value as text that a spreadsheet shows and never runs."""
    text = force_str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def spreadsheet_cell(value: Any) -> Any:
    """As spreadsheet_text, but numbers stay numbers."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return spreadsheet_text(value)

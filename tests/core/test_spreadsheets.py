import pytest

from core.spreadsheets import FORMULA_TRIGGERS, spreadsheet_cell, spreadsheet_text


@pytest.mark.parametrize("trigger", FORMULA_TRIGGERS)
def test_text_that_a_spreadsheet_would_run_is_kept_as_text(trigger):
    formula = f'{trigger}HYPERLINK("http://evil.example","x")'
    assert spreadsheet_text(formula) == "'" + formula
    assert spreadsheet_cell(formula) == "'" + formula


@pytest.mark.parametrize("value", ["Smith", "CR-4F7K-9Q2M", "", "a=b", "North team"])
def test_ordinary_text_is_left_alone(value):
    assert spreadsheet_text(value) == value


def test_numbers_stay_numbers_and_negative_text_is_guarded():
    assert spreadsheet_cell(42) == 42
    assert spreadsheet_cell(-3) == -3
    assert spreadsheet_cell(2.5) == 2.5
    assert spreadsheet_cell("-3") == "'-3"

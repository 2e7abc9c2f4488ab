"""The statutory return: every figure of a known set of cases, the command and the page."""

import csv
import io
from datetime import date, datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import load_workbook

from intake.constants import Scheme
from intake.models import Submission
from staff.models import Team
from tests.triage.conftest import submit, summary
from triage import returns
from triage.constants import CaseStatus, DecisionForum, Outcome
from triage.models import Case
from triage.services import lifecycle, opening

pytestmark = pytest.mark.django_db

YEAR = returns.Period(start=date(2025, 4, 1), end=date(2026, 3, 31))


def at(year, month, day, hour=10, minute=0) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour, minute))


def clares_answers(relationship: str | None) -> dict:
    """A Clare's Law summary: the applicant is the person at risk ("self") or a third party
    with their relationship to them (docs/intake.md)."""
    answers = summary(names=["Jon Smyth"], place_postcode="NR2 4PD")
    answers["applicant"] = {
        "role": "person_at_risk" if relationship == "self" else "third_party",
        "name": "Jane Jones",
        "relationship": relationship,
    }
    answers["person_at_risk"] = {"name": "Amy Jones", "relationship_to_applicant": relationship}
    return answers


def sarahs_answers(relationship: str) -> dict:
    answers = summary(names=["Jon Smyth"], place_postcode="IP1 1AA")
    answers["applicant"] = {"role": "applicant", "name": "Jane Jones", "relationship": relationship}
    answers["person_at_risk"] = None
    return answers


def application(
    *,
    scheme=Scheme.CLARES_LAW,
    relationship: str | None,
    sent: datetime,
    opened: datetime | None = None,
    team: str = "Disclosure desk",
    district: str = "NR2",
    **fields,
) -> Case:
    """A case opened from a submission by the service, then moved into the past by the ORM."""
    answers = (
        clares_answers(relationship)
        if scheme == Scheme.CLARES_LAW
        else sarahs_answers(relationship)
    )
    submission = submit(scheme=scheme, answers=answers)
    case = opening.case_open_for_submission(submission_id=submission.pk)
    Submission.objects.filter(pk=submission.pk).update(submitted_at=sent)
    Case.objects.filter(pk=case.pk).update(
        opened_at=opened or sent.replace(second=2),
        received_at=sent,
        team=Team.objects.get(name=team),
        district=district,
        **fields,
    )
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def cases(demo):
    """Clare's Law cases around the year to 31 March 2026, and two of Sarah's Law."""
    made = {}
    # A: Right to Ask by the person at risk, taken through every step by the services, then
    # dated: decided (disclosure) after 19 days.
    case = application(relationship="self", sent=at(2025, 5, 1))
    officer = demo["disclosure"]
    lifecycle.case_triage(case_id=case.pk, acting_user=officer)
    lifecycle.case_start_checks(case_id=case.pk, acting_user=officer)
    lifecycle.case_record_contact(
        case_id=case.pk, acting_user=officer, identity_checked=True, method="in_person"
    )
    lifecycle.case_refer_to_forum(
        case_id=case.pk, acting_user=officer, forum=DecisionForum.MARAC, forum_reference="M-1"
    )
    lifecycle.case_record_decision(
        case_id=case.pk, acting_user=officer, decision="disclose", decided_at=at(2025, 5, 20)
    )
    made["A"] = case
    # B: a mother asks; no disclosure after 40 days, nothing held.
    made["B"] = application(
        relationship="Mum",
        sent=at(2025, 6, 1),
        status=CaseStatus.CLOSED,
        decision_disclose=False,
        no_disclosure_reason="nothing_to_disclose",
        decided_at=at(2025, 7, 11),
        outcome=Outcome.NOT_DISCLOSED,
        closed_at=at(2025, 7, 12),
    )
    # C: a friend asks, then withdraws; North team's case.
    case = application(
        relationship="Her best friend",
        sent=at(2025, 7, 1),
        team="North management team",
        district="NR3",
    )
    lifecycle.case_close(case_id=case.pk, acting_user=officer, outcome=Outcome.WITHDRAWN)
    Case.objects.filter(pk=case.pk).update(closed_at=at(2025, 7, 10))
    made["C"] = case
    # D: a sister asks in March; still at checks at the end of the year; North team's.
    made["D"] = application(
        relationship="Sister",
        sent=at(2026, 3, 20),
        team="North management team",
        district="NR3",
        status=CaseStatus.CHECKS,
    )
    # E: Right to Know, started by the police; disclosure after 14 days.
    rtk = opening.case_open_right_to_know(
        acting_user=demo["disclosure"], details=clares_answers(None)
    )
    Case.objects.filter(pk=rtk.pk).update(
        opened_at=at(2025, 9, 1),
        received_at=at(2025, 9, 1),
        team=Team.objects.get(name="Disclosure desk"),
        status=CaseStatus.DECISION,
        decision_disclose=True,
        decided_at=at(2025, 9, 15),
    )
    made["E"] = rtk
    # F: received before the year, decided in it (disclosure, 26 days less the clocks' hour).
    made["F"] = application(
        relationship="Father",
        sent=at(2025, 3, 15),
        status=CaseStatus.DECISION,
        decision_disclose=True,
        decided_at=at(2025, 4, 10),
    )
    # G: received in March, decided in April: open at the end of the year.
    made["G"] = application(
        relationship="Neighbour",
        sent=at(2026, 3, 25),
        status=CaseStatus.DECISION,
        decision_disclose=False,
        decided_at=at(2026, 4, 5),
    )
    # H: received long before, still open.
    made["H"] = application(relationship="Cousin", sent=at(2024, 1, 1), status=CaseStatus.CONTACT)
    # J: closed as no disclosure without a recorded decision, 28 days exactly: within.
    made["J"] = application(
        relationship="A colleague at work",
        sent=at(2025, 11, 1),
        status=CaseStatus.CLOSED,
        outcome=Outcome.NOT_DISCLOSED,
        closed_at=at(2025, 11, 29),
    )
    # K: sent before midnight on the last day, opened after it: received in the year, open.
    made["K"] = application(
        relationship="dad",
        sent=at(2026, 3, 31, 23, 30),
        opened=at(2026, 4, 1, 0, 10),
        status=CaseStatus.NEW,
    )
    # Sarah's Law: a grandmother's application, disclosed after 50 days; another still open.
    made["S1"] = application(
        scheme=Scheme.SARAHS_LAW,
        relationship="Grandmother",
        sent=at(2025, 6, 2),
        district="IP1",
        status=CaseStatus.DECISION,
        decision_disclose=True,
        decided_at=at(2025, 7, 22),
    )
    made["S2"] = application(
        scheme=Scheme.SARAHS_LAW,
        relationship="Step-dad",
        sent=at(2025, 8, 2),
        district="IP1",
        status=CaseStatus.CONTACT,
    )
    return made


def figures_of(report) -> dict:
    return {label: figures for label, figures in report.columns}


def test_every_figure_of_the_clares_law_return(cases):
    report = returns.statutory_return(scheme=Scheme.CLARES_LAW, period=YEAR)
    columns = figures_of(report)
    assert list(columns) == ["Right to Ask", "Right to Know", "All applications"]
    ask, know, both = columns.values()

    assert (ask.received, know.received, both.received) == (7, 1, 8)
    assert (ask.disclosed, know.disclosed, both.disclosed) == (2, 1, 3)
    assert (ask.not_disclosed, know.not_disclosed, both.not_disclosed) == (2, 0, 2)
    assert ask.not_disclosed_by_reason == {
        "No relevant information is held": 1,
        returns.REASON_NOT_RECORDED: 1,
    }
    assert (ask.withdrawn, know.withdrawn, both.withdrawn) == (1, 0, 1)
    assert (ask.open_at_end, know.open_at_end, both.open_at_end) == (4, 0, 4)
    assert (ask.within_limit, know.within_limit, both.within_limit) == (3, 1, 4)
    assert (ask.after_limit, know.after_limit, both.after_limit) == (1, 0, 1)
    # Right to Ask took 19, 25.96, 28 and 40 days; Right to Know 14.
    assert (ask.median_days, ask.longest_days) == (27.0, 40.0)
    assert (know.median_days, know.longest_days) == (14.0, 14.0)
    assert (both.median_days, both.longest_days) == (26.0, 40.0)
    assert ask.relationships == {
        "self": 1,
        "parent or carer": 2,
        "friend": 1,
        "other relative": 1,
        "neighbour": 1,
        "professional": 1,
    }
    assert know.relationships == {returns.RIGHT_TO_KNOW_RELATIONSHIP: 1}
    assert both.relationships[returns.RIGHT_TO_KNOW_RELATIONSHIP] == 1
    assert report.limit_days == 28


def test_the_sarahs_law_return_has_one_column_and_its_own_limit(cases):
    report = returns.statutory_return(scheme=Scheme.SARAHS_LAW, period=YEAR)
    [(label, figures)] = report.columns
    assert label == "Applications"
    assert report.limit_days == 45
    assert (figures.received, figures.disclosed, figures.after_limit) == (2, 1, 1)
    assert (figures.open_at_end, figures.median_days) == (1, 50.0)
    assert figures.relationships == {"grandparent": 1, "parent or carer": 1}


def test_a_return_narrowed_to_a_team_or_a_district(cases):
    team = Team.objects.get(name="North management team")
    north = returns.area_resolve(value="north management team")
    assert north.value == f"team:{team.pk}"
    report = returns.statutory_return(scheme=Scheme.CLARES_LAW, period=YEAR, area=north)
    both = report.total
    assert (both.received, both.withdrawn, both.open_at_end, both.decided) == (2, 1, 1, 0)
    assert both.median_days is None
    district = returns.area_resolve(value="nr3")
    assert district.value == "NR3"
    assert (
        returns.statutory_return(
            scheme=Scheme.CLARES_LAW, period=YEAR, area=district
        ).total.received
        == 2
    )


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("self", "self"),
        ("Mum", "parent or carer"),
        ("step-mother", "parent or carer"),
        ("Mother-in-law", "other relative"),
        ("Nan", "grandparent"),
        ("Her boyfriend", "partner"),
        ("my daughter", "other relative"),
        ("Friend from school", "friend"),
        ("Social worker", "professional"),
        ("We met online", "other"),
        ("", "not given"),
        (None, "not given"),
    ],
)
def test_relationships_are_read_as_one_word(text, word):
    assert returns.relationship_word(text) == word


def test_the_table_csv_and_xlsx_hold_the_same_figures(cases):
    report = returns.statutory_return(scheme=Scheme.CLARES_LAW, period=YEAR)
    table = returns.return_table(report)
    assert table[0] == ["Figure", "Right to Ask", "Right to Know", "All applications"]
    rows = {row[0]: row[1:] for row in table[1:]}
    assert rows["Applications received"] == [7, 1, 8]
    assert rows["Decided within 28 days of the application"] == [3, 1, 4]
    assert rows["Median days to decision"] == ["27", "14", "26"]
    assert rows["No disclosure: Reason not recorded"] == [1, 0, 1]
    assert rows["Applicant's relationship: parent or carer"] == [2, 0, 2]

    lines = list(csv.reader(io.StringIO(returns.return_csv(report))))
    assert ["Scheme", Scheme.CLARES_LAW.label] in lines
    assert ["Applications received", "7", "1", "8"] in lines

    book = load_workbook(io.BytesIO(returns.return_xlsx(report)))
    sheet_rows = [list(row) for row in book.active.iter_rows(values_only=True)]
    assert ["Applications received", 7, 1, 8] in sheet_rows


def test_cells_that_look_like_formulas_are_made_harmless(cases):
    Team.objects.filter(name="North management team").update(name="=HYPERLINK(1)")
    area = returns.area_resolve(value="=hyperlink(1)")
    report = returns.statutory_return(scheme=Scheme.CLARES_LAW, period=YEAR, area=area)
    lines = list(csv.reader(io.StringIO(returns.return_csv(report))))
    assert ["Area", "'=HYPERLINK(1)"] in lines


# --- The command ------------------------------------------------------------------------------


def run(*args) -> str:
    out = io.StringIO()
    call_command("statutory_return", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_command_prints_the_csv(cases):
    text = run("--scheme", "clares-law", "--from", "2025-04-01", "--to", "2026-03-31")
    lines = list(csv.reader(io.StringIO(text)))
    assert ["Period", "1 April 2025 to 31 March 2026"] in lines
    assert ["Disclosures made", "2", "1", "3"] in lines
    assert ["Open at the end of the period", "4", "0", "4"] in lines


def test_the_command_writes_xlsx_for_an_area(cases, tmp_path):
    target = tmp_path / "return.xlsx"
    run(
        "--scheme", "clares-law", "--from", "2025-04-01", "--to", "2026-03-31",
        "--format", "xlsx", "--area", "NR3", "--output", str(target),
    )  # fmt: skip
    sheet_rows = [list(row) for row in load_workbook(target).active.iter_rows(values_only=True)]
    assert ["Applications received", 2, 0, 2] in sheet_rows


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scheme", "concern", "--from", "2025-04-01", "--to", "2026-03-31"], "Unknown scheme"),
        (["--scheme", "clares-law", "--from", "2026-04-01", "--to", "2025-03-31"], "ends before"),
        (["--scheme", "clares-law", "--from", "2025-13-01", "--to", "2026-03-31"], "not a date"),
        (
            [
                "--scheme",
                "clares-law",
                "--from",
                "2025-04-01",
                "--to",
                "2026-03-31",
                "--area",
                "ZZ9",
            ],
            "Unknown area",
        ),
    ],
)
def test_the_command_refuses_bad_input_and_writes_nothing(demo, tmp_path, args, message):
    target = tmp_path / "return.csv"
    with pytest.raises(CommandError, match=message):
        run(*args, "--output", str(target))
    assert not target.exists()


# --- The page ---------------------------------------------------------------------------------

URL = "/admin/triage/returns/"
QUERY = {"scheme": "clares-law", "start": "2025-04-01", "end": "2026-03-31"}


def test_a_supervisor_sees_the_return_of_their_area_only(client, demo, cases):
    client.force_login(demo["sup.north"])
    response = client.get(URL, QUERY)
    assert response.status_code == 200
    rows = {row[0]: row[1:] for row in response.context["table"][1:]}
    # Only the North team's two applications (C withdrawn, D open).
    assert rows["Applications received"] == [2, 0, 2]
    assert rows["Withdrawn"] == [1, 0, 1]
    assert rows["Disclosures made"] == [0, 0, 0]
    assert 'data-testid="return-table"' in response.content.decode()
    assert ["Area", "The cases of North management team"] in response.context["heading"]
    # Their own team and districts to choose from, not the others'.
    choices = dict(response.context["form"].fields["area"].choices)
    assert "NR1" in choices and "IP1" not in choices


def test_an_administrator_sees_every_area_and_downloads_csv(client, demo, cases):
    client.force_login(demo["admin"])
    response = client.get(URL, {**QUERY, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "statutory-return-clares-law-20250401-20260331.csv" in response["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["Applications received", "7", "1", "8"] in lines


def test_a_supervisor_cannot_ask_for_another_teams_area(client, demo, cases):
    client.force_login(demo["sup.north"])
    south = Team.objects.get(name="South management team")
    response = client.get(URL, {**QUERY, "area": f"team:{south.pk}"})
    assert response.status_code == 400
    assert response.context["form"].errors["area"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({**QUERY, "end": "2025-03-31"}, "end"),
        ({**QUERY, "scheme": "concern"}, "scheme"),
        ({**QUERY, "start": ""}, "start"),
        ({**QUERY, "area": "ZZ9"}, "area"),
    ],
)
def test_bad_input_on_the_page_gets_form_errors_and_no_figures(client, demo, query, field):
    client.force_login(demo["admin"])
    response = client.get(URL, query)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert response.context["report"] is None
    assert 'data-testid="return-table"' not in response.content.decode()


@pytest.mark.parametrize("username", ["om.north", "triage", "disclosure"])
def test_other_roles_are_refused_with_the_403_page(client, demo, username):
    client.force_login(demo[username])
    response = client.get(URL, QUERY)
    assert response.status_code == 403
    assert "triage/403.html" in [t.name for t in response.templates]


def test_the_menu_offers_the_return_to_supervisors_only(client, demo):
    client.force_login(demo["sup.north"])
    assert URL in client.get("/admin/").content.decode()
    client.force_login(demo["om.north"])
    assert URL not in client.get("/admin/").content.decode()

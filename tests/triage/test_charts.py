"""The dashboard's charts: the SVG drawing, the figures behind it, and the panel by role."""

import xml.etree.ElementTree as ET
from datetime import date, datetime, time, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from intake.constants import Scheme
from staff.models import Team
from tests.triage.conftest import submit, summary
from triage import charts, returns
from triage.constants import CaseStatus
from triage.models import Case
from triage.services import opening

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    # Our own markup; raises on anything that is not well-formed XML.
    return ET.fromstring(svg)  # noqa: S314


@pytest.mark.parametrize(
    ("value", "top", "step"),
    [(0, 1, 1), (3, 3, 1), (13, 15, 5), (40, 40, 10), (97, 100, 25), (1234, 1500, 500)],
)
def test_the_value_axis_gets_a_round_top(value, top, step):
    assert charts.nice_ceiling(value) == (top, step)


def test_a_bar_chart_is_an_accessible_image_with_real_text():
    svg = charts.bar_chart_svg(
        chart_id="c1",
        title="Cases & more <per week>",
        description="Three weeks",
        bars=[charts.Bar(3, "Jan", "3"), charts.Bar(0, None), charts.Bar(None, "Mar", "none")],
    )
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "Cases & more <per week>"
    assert root.find(f"{SVG}title").get("id") == "c1-title"
    assert root.find(f"{SVG}desc").text == "Three weeks"
    texts = [node.text for node in root.iter(f"{SVG}text")]
    assert {"Jan", "Mar", "none", "0", "1", "2", "3"} <= set(texts)
    # One bar drawn: a zero or missing value draws none.
    assert len(list(root.iter(f"{SVG}rect"))) == 1


def test_the_on_time_chart_runs_from_0_to_100_percent_and_says_each_month():
    monthly = [(date(2026, 1, 1), 4, 3), (date(2026, 2, 1), 0, 0), (date(2026, 3, 1), 2, 2)]
    root = parse(
        charts.monthly_on_time_svg(chart_id="m", scheme_label="Sarah's Law", monthly=monthly)
    )
    texts = [node.text for node in root.iter(f"{SVG}text")]
    assert {"0%", "25%", "100%", "75%", "none", "Jan", "Feb", "Mar"} <= set(texts)
    desc = root.find(f"{SVG}desc").text
    assert "of 6 cases closed in the last 3 months, 83% were closed on time" in desc
    assert "January 2026: 75% of 4 on time; February 2026: none closed" in desc


def test_the_weekly_chart_names_months_and_the_busiest_week():
    weekly = [(date(2026, 1, 19), 2), (date(2026, 1, 26), 5), (date(2026, 2, 2), 1)]
    root = parse(charts.weekly_received_svg(chart_id="w", scheme_label="Concern", weekly=weekly))
    assert root.find(f"{SVG}title").text == "Concern: cases received per week"
    desc = root.find(f"{SVG}desc").text
    assert "8 cases received" in desc and "busiest week began 26 January 2026, with 5" in desc
    assert "Feb" in [node.text for node in root.iter(f"{SVG}text")]


# --- The figures and the panel ----------------------------------------------------------------


def opened(demo, *, scheme, when, team="North management team", **fields) -> Case:
    submission = submit(scheme=scheme, answers=summary(place_postcode="NR2 4PD"))
    case = opening.case_open_for_submission(submission_id=submission.pk)
    Case.objects.filter(pk=case.pk).update(
        opened_at=when, team=Team.objects.get(name=team), assigned_to=None, **fields
    )
    return case


def _moments():
    """This week's Monday at 9, and the 10th of last month at 9, in the force's time zone."""
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=10)

    def nine(day):
        return timezone.make_aware(datetime.combine(day, time(9)))

    return monday, nine(monday), last_month, nine(last_month)


@pytest.fixture
def dashboard_cases(demo):
    _monday, this_week, _day, last_month = _moments()
    # This week: two concern reports, one of them the South's.
    opened(demo, scheme=Scheme.CONCERN, when=this_week)
    opened(demo, scheme=Scheme.CONCERN, when=this_week, team="South management team")
    # Last week: a Clare's Law application.
    opened(demo, scheme=Scheme.CLARES_LAW, when=this_week - timedelta(weeks=1))
    # Closed last month: two on time and one late, all North's, opened 30 days before.
    for on_time in (True, True, False):
        opened(
            demo,
            scheme=Scheme.SARAHS_LAW,
            when=last_month - timedelta(days=30),
            status=CaseStatus.CLOSED,
            closed_at=last_month,
            closed_on_time=on_time,
        )
    # Too long ago to be drawn.
    opened(demo, scheme=Scheme.CONCERN, when=this_week - timedelta(days=800))


@pytest.mark.django_db
def test_the_figures_per_week_and_per_month(dashboard_cases):
    monday, _this_week, day, _last_month = _moments()
    series = {item.scheme: item for item in returns.dashboard_series(cases=Case.objects.all())}
    assert list(series) == [scheme.value for scheme in Scheme]
    concern = series[Scheme.CONCERN]
    assert len(concern.weekly) == 52
    assert concern.weekly[-1] == (monday, 2)
    assert concern.weekly[0][0] == monday - timedelta(weeks=51)
    assert sum(count for _w, count in concern.weekly) == 2
    assert series[Scheme.CLARES_LAW].weekly[-2] == (monday - timedelta(weeks=1), 1)
    sarahs = series[Scheme.SARAHS_LAW]
    assert len(sarahs.monthly) == 12
    assert sarahs.monthly[-1][0] == timezone.localdate().replace(day=1)
    assert sarahs.monthly[-2] == (day.replace(day=1), 3, 2)
    assert sum(count for _w, count in sarahs.weekly) == 3


@pytest.mark.django_db
def test_the_panel_shows_a_supervisor_their_area_and_an_administrator_all(
    client, demo, dashboard_cases
):
    cache.clear()
    client.force_login(demo["sup.south"])
    page = client.get("/admin/").content.decode()
    assert 'data-testid="charts-panel"' in page
    assert "your area" in page
    assert 'role="img"' in page and '<title id="chart-concern-weekly-title">' in page
    # The South supervisor's one concern report this week, and nothing of the North's.
    assert "1 in the last 52 weeks" in page
    assert "67%" not in page

    client.force_login(demo["admin"])
    page = client.get("/admin/").content.decode()
    assert "2 in the last 52 weeks" in page  # both concern reports
    assert "67%" in page  # last month's Sarah's Law cases: two of three on time
    assert 'data-testid="monthly-table-sarahs_law"' in page


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["om.north", "triage", "disclosure"])
def test_other_roles_get_no_charts(client, demo, username):
    client.force_login(demo[username])
    assert 'data-testid="charts-panel"' not in client.get("/admin/").content.decode()

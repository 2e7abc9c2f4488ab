import pytest
from django.test.html import parse_html
from django.utils.text import capfirst
from wagtail.admin.ui.tables import TitleColumn

from triage.models import Case
from triage.viewsets import CaseViewSet, ReferenceColumn

pytestmark = pytest.mark.django_db


def _cell(column, case, rf) -> str:
    return column.render_cell_html(case, {"row": None, "table": None, "request": rf.get("/")})


@pytest.mark.parametrize("classname", [None, "reference"])
def test_the_reference_cell_is_wagtails_title_cell_drawn_in_one_pass(case, rf, classname):
    wagtails = TitleColumn("reference", url_name="cases:inspect", classname=classname)
    ours = ReferenceColumn("reference", url_name="cases:inspect", classname=classname)
    assert parse_html(_cell(ours, case, rf)) == parse_html(_cell(wagtails, case, rf))
    assert f'href="/admin/triage/cases/inspect/{case.pk}/"' in _cell(ours, case, rf)


def test_a_reference_that_needs_escaping_is_escaped_as_wagtail_escapes_it(case, rf):
    case.reference = 'AB<1>&"2"'
    wagtails = TitleColumn("reference", url_name="cases:inspect")
    ours = ReferenceColumn("reference", url_name="cases:inspect")
    assert parse_html(_cell(ours, case, rf)) == parse_html(_cell(wagtails, case, rf))
    assert "AB&lt;1&gt;&amp;&quot;2&quot;" in _cell(ours, case, rf)


def test_a_cell_with_a_title_id_or_a_label_is_left_to_wagtails_template(case, rf):
    for options in ({"get_title_id": lambda case: f"case-{case.pk}"}, {"label_prefix": "pick"}):
        wagtails = TitleColumn("reference", url_name="cases:inspect", **options)
        ours = ReferenceColumn("reference", url_name="cases:inspect", **options)
        assert parse_html(_cell(ours, case, rf)) == parse_html(_cell(wagtails, case, rf))


def test_the_queue_heads_its_reference_column_as_wagtail_would():
    column = CaseViewSet.list_display[0]
    assert isinstance(column, ReferenceColumn)
    assert column.label == capfirst(Case._meta.get_field("reference").verbose_name)
    assert column.sort_key == "reference"


def test_the_queue_links_each_reference_to_its_case(client, triage_officer, case):
    client.force_login(triage_officer)
    page = client.get("/admin/triage/cases/").content.decode()
    assert f'<a href="/admin/triage/cases/inspect/{case.pk}/">{case.reference}</a>' in page

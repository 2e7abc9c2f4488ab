"""The queue's filters: a request sent in Welsh is found by its language, and its case says
so, with the questions in English beside the answers as the person typed them; and the
filters' lists are drawn as Django draws a select."""

import pytest

from intake.constants import Language, Scheme
from intake.models import Submission
from intake.services import submission_create
from triage.services.opening import case_open_for_submission

pytestmark = pytest.mark.django_db


def _case(*, language: str, text: str):
    receipt = submission_create(
        scheme=Scheme.CONCERN, answers={"what": {"text": text}}, language=language
    )
    return case_open_for_submission(
        submission_id=Submission.objects.get(reference=receipt.reference).pk
    )


def test_the_queue_filters_by_the_language_a_request_was_sent_in(client, triage_officer):
    welsh = _case(language=Language.WELSH, text="Mae e wedi dweud celwydd")
    english = _case(language=Language.ENGLISH, text="He lied")
    client.force_login(triage_officer)

    only_welsh = client.get("/admin/triage/cases/?language=cy").content.decode()
    assert welsh.reference in only_welsh and english.reference not in only_welsh
    only_english = client.get("/admin/triage/cases/?language=en").content.decode()
    assert english.reference in only_english and welsh.reference not in only_english
    everything = client.get("/admin/triage/cases/").content.decode()
    assert welsh.reference in everything and english.reference in everything


def test_a_case_sent_in_welsh_is_tagged_and_its_questions_are_in_english(client, triage_officer):
    welsh = _case(language=Language.WELSH, text="Mae e wedi dweud celwydd")
    english = _case(language=Language.ENGLISH, text="He lied")
    client.force_login(triage_officer)

    page = client.get(f"/admin/triage/cases/inspect/{welsh.pk}/").content.decode()
    assert 'data-testid="sent-in-welsh"' in page
    assert "Mae e wedi dweud celwydd" in page
    assert (
        'data-testid="sent-in-welsh"'
        not in client.get(f"/admin/triage/cases/inspect/{english.pk}/").content.decode()
    )


def test_a_submission_is_english_unless_sent_from_the_welsh_pages():
    receipt = submission_create(scheme=Scheme.CONCERN, answers={"what": {"text": "x"}})
    assert Submission.objects.get(reference=receipt.reference).language == Language.ENGLISH


@pytest.mark.parametrize(
    "query",
    ["", "?queue=team", "?queue=team&team={team}&status=new&language=cy", "?priority=bogus&team=0"],
)
def test_every_filter_list_is_drawn_as_django_draws_a_select(rf, demo, query):
    """The lists are drawn in one pass (OnePassSelect): the same elements, attributes, options
    and choice as Django's own Select, with a value chosen, none, or one refused."""
    from django import forms as django_forms
    from django.test.html import parse_html

    from staff.models import Team
    from triage.filters import CaseFilterSet
    from triage.forms import OnePassSelect
    from triage.models import Case

    Team.objects.create(
        unit=Team.objects.first().unit, name='Rivers & "Lakes" <team>', kind="management"
    )
    request = rf.get("/admin/triage/cases/" + query.format(team=Team.objects.first().pk))
    request.user = demo["sup.north"]
    form = CaseFilterSet(request.GET, queryset=Case.objects.none(), request=request).form
    form.is_valid()
    drawn = [field for field in form if isinstance(field.field.widget, OnePassSelect)]
    assert {field.name for field in drawn} == {
        "queue",
        "scheme",
        "status",
        "priority",
        "team",
        "language",
    }
    for field in drawn:
        widget = field.field.widget
        django_select = django_forms.Select(attrs=widget.attrs, choices=widget.choices)
        attrs = field.build_widget_attrs({"id": field.auto_id})
        expected = django_select.render(field.html_name, field.value(), attrs=attrs)
        assert parse_html(widget.render(field.html_name, field.value(), attrs=attrs)) == (
            parse_html(expected)
        ), field.name
    assert "Rivers &amp; &quot;Lakes&quot; &lt;team&gt;" in str(form["team"])

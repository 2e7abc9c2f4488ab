"""The case page reads like the form, for every scheme and every shape of answers.

Answers are generated from the journey definitions themselves: each step's form fields,
optional ones filled or skipped, choices from the field's own choices, repeating steps with 1
and 3 items. Each is sent through intake's own service, opened by triage, and the page is
read as a member of staff would read it.
"""

import html
import re
from datetime import date

import pytest
from django import forms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake.constants import Scheme
from intake.journeys import RepeatStep
from intake.models import Submission
from intake.review import JOURNEY_FOR_SCHEME, NOT_GIVEN, answer_sections
from intake.services import submission_create
from triage.services.opening import case_open_for_submission

pytestmark = pytest.mark.django_db

WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=3, max_size=20).map(
    lambda text: "Said " + " ".join(text.split())
)
# What must never reach staff: a stored key, a Python value, a list or dict literal.
KEY_SHAPED = re.compile(
    r"\b[a-z]+_[a-z_]+\b|\[\s*'|\{\s*'|\bNone\b|\bTrue\b|\bFalse\b|\b\d{4}-\d{2}-\d{2}\b"
)


def field_value(form_field: forms.Field, *, filled: bool):
    """A strategy for one cleaned answer, as the journey stores it."""
    if isinstance(form_field, forms.MultipleChoiceField):
        keys = [key for key, _label in form_field.choices]
        return st.lists(st.sampled_from(keys), min_size=1, max_size=len(keys), unique=True)
    if isinstance(form_field, forms.ChoiceField):
        return st.sampled_from([key for key, _label in form_field.choices])
    if not (filled or form_field.required):
        return st.just(None if isinstance(form_field, forms.MultiValueField) else "")
    if isinstance(form_field, forms.MultiValueField):
        return st.dates(min_value=date(1930, 1, 1), max_value=date(2020, 12, 31)).map(
            date.isoformat
        )
    if isinstance(form_field, forms.EmailField):
        return st.just("someone@example.org")
    if form_field.__class__.__name__.lower().startswith("age") or "age" in str(
        form_field.label
    ).lower().split(","):
        return st.sampled_from(["34", "about 70"])
    return WORDS


def step_answers(form_class, *, filled: bool):
    return st.fixed_dictionaries(
        {
            name: field_value(form_field, filled=filled)
            for name, form_field in form_class.base_fields.items()
        }
    )


@st.composite
def submissions(draw, scheme: str):
    journey = JOURNEY_FOR_SCHEME[scheme]
    filled = draw(st.booleans())
    answers = {}
    for step in journey.steps:
        if isinstance(step, RepeatStep):
            count = draw(st.sampled_from([1, 3]))
            answers[step.slug] = {
                "items": [draw(step_answers(step.form_class, filled=filled)) for _ in range(count)]
            }
        else:
            answers[step.slug] = draw(step_answers(step.form_class, filled=filled))
    return filled, answers


def open_case(scheme: str, answers: dict):
    receipt = submission_create(scheme=scheme, answers=answers)
    submission = Submission.objects.get(reference=receipt.reference)
    return case_open_for_submission(submission_id=submission.pk)


def answers_html(content: str) -> str:
    start = content.index('data-testid="answers"')
    return content[start : content.index("<h2>Notes</h2>", start)]


def visible_text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_superuser(
        username="admin", password="pw-admin-123456", email="admin@example.org"
    )


@pytest.mark.parametrize("scheme", [Scheme.CONCERN, Scheme.SARAHS_LAW, Scheme.CLARES_LAW])
def test_every_case_of_every_scheme_reads_as_questions_and_answers(client, admin, scheme):
    client.force_login(admin)

    @settings(
        max_examples=8,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(drawn=submissions(scheme))
    def check(drawn):
        filled, answers = drawn
        case = open_case(scheme, answers)
        response = client.get(f"/admin/triage/cases/inspect/{case.pk}/")
        assert response.status_code == 200
        text = visible_text(answers_html(response.content.decode()))
        assert not KEY_SHAPED.search(text), KEY_SHAPED.search(text).group(0)
        journey = JOURNEY_FOR_SCHEME[scheme]
        for step in journey.steps:
            if step.slug in answers:
                assert str(step.title) in text
        for section in answer_sections(scheme=scheme, answers=case.submission.answers):
            for answer_list in section.lists:
                for row in answer_list.rows:
                    assert row.question in text
        if not filled:
            assert NOT_GIVEN in text

    check()


def test_a_sarahs_law_case_shows_each_child_as_its_own_list(client, admin):
    client.force_login(admin)
    journey = JOURNEY_FOR_SCHEME[Scheme.SARAHS_LAW]
    answers = {
        step.slug: {name: "" for name in step.form_class.base_fields} for step in journey.steps
    }
    answers["danger"] = {"immediate_danger": "no"}
    answers["each-child"] = {
        "items": [
            {"full_name": "Amy Jones", "date_of_birth": "2016-02-03", "age": "", "address": ""},
            {"full_name": "Ben Jones", "date_of_birth": None, "age": "7", "address": "Leeds"},
        ]
    }
    answers["safe-contact"] = {
        "safe_channels": ["email", "post"],
        "phone": "",
        "email": "jane@example.org",
        "postal_address": "3 Low Road",
    }
    case = open_case(Scheme.SARAHS_LAW, answers)
    content = client.get(f"/admin/triage/cases/inspect/{case.pk}/").content.decode()
    text = " ".join(visible_text(answers_html(content)).split())
    assert "Child 1" in text and "Child 2" in text
    assert "Child's full name Amy Jones" in text
    assert "3 February 2016" in text
    assert "Is anyone in immediate danger? No" in text
    assert "How can we contact you safely? Email, Letter" in text
    contact = " ".join(visible_text(content.split('data-testid="safe-contact"')[1]).split())
    assert contact.startswith("> Safe ways to contact Email, Letter")


def test_clares_law_addresses_are_shown_with_their_dates(client, admin):
    client.force_login(admin)
    answers = {
        "danger": {"immediate_danger": "no"},
        "who": {"role": "person_at_risk"},
        "subject-addresses": {
            "items": [
                {"address": "9 Mill Street\nBradford BD1 1AA", "when": "2020 to 2023"},
                {"address": "1 New Road, York", "when": ""},
            ]
        },
    }
    case = open_case(Scheme.CLARES_LAW, answers)
    content = client.get(f"/admin/triage/cases/inspect/{case.pk}/").content.decode()
    text = " ".join(visible_text(answers_html(content)).split())
    assert "Address 1 Address 9 Mill Street Bradford BD1 1AA" in text
    assert "When did they live there? (optional) 2020 to 2023" in text
    assert "Address 2" in text
    assert "Who are you worried about? I am worried about my own safety" in text


def test_a_concern_reads_its_topic_in_words_and_a_right_to_know_case_its_record(
    client, admin, demo
):
    client.force_login(admin)
    case = open_case(
        Scheme.CONCERN,
        {"about": {"topic": "known_offender"}, "danger": {"immediate_danger": "yes"}},
    )
    text = visible_text(client.get(f"/admin/triage/cases/inspect/{case.pk}/").content.decode())
    assert "The behaviour of someone I know is a registered sex offender" in text
    assert "known_offender" not in text and "Immediate_danger" not in text

    response = client.post(
        "/admin/triage/cases/right-to-know/",
        {
            "subject_name": "Mark Brown",
            "subject_date_of_birth": "1980-04-01",
            "person_at_risk_name": "Jane Jones",
            "person_at_risk_postcode": "NR2 4PD",
            "reason": "Police intelligence",
        },
    )
    assert response.status_code == 302
    content = client.get(response.url).content.decode()
    text = " ".join(visible_text(content).split())
    assert "Name of the person of concern Mark Brown" in text
    assert "Their date of birth 1 April 1980" in text
    assert "Why police act Police intelligence" in text


def test_the_timeline_dashboard_and_export_say_things_in_words(client, admin, demo):
    from triage.services.lifecycle import case_close, case_triage

    client.force_login(admin)
    case = open_case(Scheme.CLARES_LAW, {"danger": {"immediate_danger": "no"}})
    case_triage(case_id=case.pk, acting_user=admin)
    case_close(case_id=case.pk, acting_user=admin, outcome="withdrawn")
    text = visible_text(client.get(f"/admin/triage/cases/inspect/{case.pk}/").content.decode())
    assert "New to Triaged" in text
    assert "outcome: Withdrawn" in text
    assert "clares_law" not in text

    dashboard = visible_text(client.get("/admin/").content.decode())
    assert "Domestic Violence Disclosure Scheme (Clare's Law)" in dashboard
    assert "clares_law" not in dashboard

    export = b"".join(client.get("/admin/triage/cases/?export=csv").streaming_content).decode()
    header, row = export.splitlines()[:2]
    assert header.startswith("Reference,Scheme,Status,Priority")
    assert "Domestic Violence Disclosure Scheme" in row and "clares_law" not in row
    assert re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}[+-]\d{2}:\d{2}", row)
    assert not re.search(r"\d{2}:\d{2}:\d{2}\.\d+", row)


def test_the_queue_export_keeps_a_formula_as_text(client, admin, demo):
    from staff.models import Team

    case = open_case(Scheme.CONCERN, {"danger": {"immediate_danger": "no"}})
    team = Team.objects.first()
    Team.objects.filter(pk=team.pk).update(name='=HYPERLINK("http://evil.example","x")')
    case.team_id = team.pk
    case.save(update_fields=["team"])
    client.force_login(admin)
    export = b"".join(client.get("/admin/triage/cases/?export=csv").streaming_content).decode()
    assert "'=HYPERLINK" in export
    assert ",=HYPERLINK" not in export and ',"=HYPERLINK' not in export


# --- The timeline and the whole history ------------------------------------------------------


def timeline_lines(page: str) -> list[str]:
    start = page.index('data-testid="timeline"')
    trail = page[start : page.index("</ol>", start)]
    return [" ".join(visible_text(item).split()) for item in trail.split("<li>")[1:]]


def test_the_timeline_shows_every_change_and_only_the_latest_looks(client, admin, demo):
    from triage.services.lifecycle import case_triage
    from triage.services.looks import case_record_view

    case = open_case(Scheme.CONCERN, {"danger": {"immediate_danger": "no"}})
    for _ in range(14):
        case_record_view(case=case, acting_user=demo["triage"])
    case_triage(case_id=case.pk, acting_user=admin)
    client.force_login(admin)
    page = client.get(f"/admin/triage/cases/inspect/{case.pk}/").content.decode()

    lines = timeline_lines(page)
    assert any("Case opened" in line for line in lines)
    assert any("New to Triaged" in line for line in lines)
    looks = [line for line in lines if "Case viewed" in line]
    assert len(looks) == 10
    # The latest look is this one, the administrator's own.
    assert "Case viewed by admin" in lines[-1]
    summary = " ".join(visible_text(page).split())
    assert "Looked at 15 times by 2 people" in summary
    assert "the timeline shows every change and the latest 10 looks" in summary


def test_the_history_lists_every_event_a_hundred_a_page_and_is_a_look(client, admin, demo):
    from triage.models import CaseEvent
    from triage.services.looks import case_record_view

    case = open_case(Scheme.SARAHS_LAW, {"danger": {"immediate_danger": "no"}})
    for _ in range(120):
        case_record_view(case=case, acting_user=demo["triage"])
    before = CaseEvent.objects.filter(case=case).count()
    client.force_login(admin)

    first = client.get(f"/admin/triage/cases/history/{case.pk}/")
    assert first.status_code == 200
    content = first.content.decode()
    assert f"{before + 1} events in all" in content
    assert content.count("<li><time") == 100
    assert "Case opened" in content  # oldest first
    second = client.get(f"/admin/triage/cases/history/{case.pk}/?p=2").content.decode()
    assert second.count("<li><time") == before + 2 - 100
    # Each reading of the history is a look at the case, recorded like any other.
    assert CaseEvent.objects.filter(case=case).count() == before + 2
    assert client.get(f"/admin/triage/cases/history/{case.pk}/?p=999").status_code == 200


def test_the_history_is_refused_to_whoever_may_not_see_the_case(client, demo):
    from triage import access
    from triage.constants import EventKind
    from triage.models import CaseEvent

    case = open_case(Scheme.CONCERN, {"danger": {"immediate_danger": "no"}})
    outsider = next(
        user
        for user in demo.values()
        if hasattr(user, "pk") and not access.can_view_case(user, case)
    )
    client.force_login(outsider)
    response = client.get(f"/admin/triage/cases/history/{case.pk}/")
    assert response.status_code == 403
    assert case.reference not in response.content.decode()
    assert CaseEvent.objects.filter(
        case=case, kind=EventKind.ACCESS_REFUSED, actor=outsider
    ).exists()

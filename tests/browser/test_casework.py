"""Casework in Debian's Chromium, signed in as each role: a case of every scheme opens and
reads as the questions the person was asked, the queue's search finds it by what a caller
would say (surname, nickname, postcode), and the nominal's page lists the case.

Requests are sent through intake's own service and routed in-process (the worker path has
its own browser test); screenshots go to $SCREENSHOT_DIR when it is set.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import demo_staff_with_authenticators, staff_sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CONTACT = {
    "safe-contact": {
        "safe_channels": ["phone"],
        "phone": "07700 900456",
        "email": "",
        "postal_address": "",
    },
    "voicemail": {"voicemail": "no"},
    "contact-safety": {
        "safe_times": "Weekdays 9am to 3pm",
        "alternative_contact": "",
        "confirmation_word": "bluebell",
    },
}
CONCERN = {
    "about": {"topic": "known_offender"},
    "danger": {"immediate_danger": "no"},
    "person": {
        "full_name": "Darren Whitlock",
        "other_names": "",
        "date_of_birth": "1979-03-14",
        "age": "",
        "address": "14 Alder Close, Norwich NR2 4PD",
        "vehicle": "",
        "phone": "",
        "usernames": "",
    },
    "what-happened": {
        "what_happened": "He was outside the school gates again.",
        "when": "",
        "place": "NR2 4PD",
    },
    "children-involved": {"children_involved": "not_sure", "children_details": ""},
    "how-you-know": {"how_known": "I saw him."},
    "anonymous": {"anonymous": "yes"},
}
SARAHS_LAW = {
    "danger": {"immediate_danger": "no"},
    "about-you": {
        "full_name": "Jane Jones",
        "date_of_birth": "1985-06-07",
        "address": "3 Low Road, Norwich",
        "postcode": "NR3 1AB",
        "relationship": "Mother",
    },
    "each-child": {
        "items": [
            {"full_name": "Amy Jones", "date_of_birth": "2016-02-03", "age": "", "address": ""},
            {"full_name": "Ben Jones", "date_of_birth": None, "age": "7", "address": ""},
            {"full_name": "Cara Jones", "date_of_birth": None, "age": "about 4", "address": ""},
        ]
    },
    "person": {
        "full_name": "Mark Brownlow",
        "other_names": "",
        "date_of_birth": None,
        "age": "in his 40s",
        "address": "",
        "contact_with_child": "He is my new partner.",
    },
    "reason": {"why_worried": "Something he said about his past."},
    **CONTACT,
}
CLARES_LAW = {
    "danger": {"immediate_danger": "no"},
    "who": {"role": "person_at_risk"},
    "about-you": {
        "full_name": "Sue Pennington",
        "date_of_birth": "1990-01-01",
        "address": "5 Park Lane, Norwich",
        "postcode": "NR4 7HH",
    },
    "person": {
        "full_name": "William Thackeray",
        "other_names": "",
        "date_of_birth": None,
        "age": "",
        "relationship": "Partner",
        "how_long": "6 months",
    },
    "subject-addresses": {
        "items": [{"address": "9 Mill Street, Norwich NR4 1AA", "when": "2020 to now"}]
    },
    "reason": {"why_worried": "He checks my phone."},
    **CONTACT,
}

# (what the case is, the words its page must show, how a caller would find it)
CASES = {
    "concern": ("Is anyone in immediate danger?", ["Whitlock", "Daz Whitlock", "NR2 4PD"]),
    "sarahs_law": ("Child 3", ["Brownlow", "NR3"]),
    "clares_law": ("Their addresses in the last 5 years", ["Thackeray", "Bill Thackeray"]),
    "right_to_know": ("Name of the person of concern", ["Hartigan", "NR5 2XY"]),
}
# Which of them each role may see (docs/triage.md, Access).
ROLES = {
    "triage": ["concern", "sarahs_law", "clares_law", "right_to_know"],
    "om.north": ["concern"],
    "sup.north": ["concern"],
    "disclosure": ["sarahs_law", "clares_law", "right_to_know"],
    "admin": ["concern", "sarahs_law", "clares_law", "right_to_know"],
}


@pytest.fixture
def casework(db):
    from intake.constants import Scheme
    from intake.services import submission_create
    from triage.models import Case
    from triage.services.opening import case_open_right_to_know

    users = demo_staff_with_authenticators(nominals=50)
    references = {}
    for name, scheme, answers in (
        ("concern", Scheme.CONCERN, CONCERN),
        ("sarahs_law", Scheme.SARAHS_LAW, SARAHS_LAW),
        ("clares_law", Scheme.CLARES_LAW, CLARES_LAW),
    ):
        references[name] = submission_create(scheme=scheme, answers=answers).reference
    right_to_know = case_open_right_to_know(
        acting_user=users["disclosure"],
        details={
            "schema": 1,
            "subject": {"names": ["Connor Hartigan"], "aliases": [], "addresses": []},
            "place": {"postcode": "NR5 2XY", "town": None, "text": None},
            "person_at_risk": {"name": "Lisa Kemp", "postcode": "NR5 2XY"},
            "reason": "Intelligence from a neighbouring force.",
            "recorded": {
                "subject_name": "Connor Hartigan",
                "subject_aliases": "",
                "subject_date_of_birth": None,
                "subject_address": "",
                "person_at_risk_name": "Lisa Kemp",
                "person_at_risk_postcode": "NR5 2XY",
                "reason": "Intelligence from a neighbouring force.",
                "urgent": False,
            },
        },
    )
    references["right_to_know"] = right_to_know.reference
    # Routing runs on commit, in-process here: every case is open before the browser looks.
    assert Case.objects.filter(reference__in=references.values()).count() == 4
    return users, references


def _shot(page, name):
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        # The admin scrolls inside its own frame: a tall window shows the whole page.
        Path(folder).mkdir(parents=True, exist_ok=True)
        size = page.viewport_size
        page.set_viewport_size({"width": 1280, "height": 4000})
        page.screenshot(path=str(Path(folder) / f"{name}.png"))
        page.set_viewport_size(size)


def _search(page, live_server, query):
    page.goto(live_server.url + "/admin/triage/cases/")
    box = page.get_by_role("textbox", name="Search term")
    box.fill(query)
    box.press("Enter")
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("role", list(ROLES))
def test_each_role_opens_finds_and_reads_every_case_it_may_see(page, live_server, casework, role):
    users, references = casework
    staff_sign_in(page, live_server, users[role])
    visible = ROLES[role]
    for name, (words, queries) in CASES.items():
        reference = references[name]
        for query in queries:
            _search(page, live_server, query)
            link = page.get_by_role("link", name=reference)
            if name in visible:
                expect(link).to_be_visible()
                _shot(page, f"{role}-{name}-search-{queries.index(query)}")
            else:
                expect(link).to_have_count(0)
        if name not in visible:
            continue
        _search(page, live_server, queries[0])
        page.get_by_role("link", name=reference).click()
        answers = page.get_by_test_id("answers")
        expect(answers).to_contain_text(words)
        body = page.locator("main").inner_text()
        for key_shaped in ("_", "['", "None", "True", "False"):
            assert key_shaped not in answers.inner_text(), (name, key_shaped)
        assert "sarahs_law" not in body and "clares_law" not in body
        _shot(page, f"{role}-{name}")
    if "concern" in visible:
        _search(page, live_server, "Whitlock")
        page.get_by_role("link", name=references["concern"]).click()
        page.get_by_role("link", name="Darren Whitlock (N-0001)").click()
        expect(page.get_by_role("heading", name="Darren Whitlock", exact=False)).to_be_visible()
        expect(page.get_by_role("link", name=references["concern"])).to_be_visible()
        _shot(page, f"{role}-nominal")

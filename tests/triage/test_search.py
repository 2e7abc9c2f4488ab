"""Finding a case by what a caller would say, through the queue's own search box."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intake.constants import Scheme
from intake.models import FollowUp
from tests.triage.conftest import submit, summary
from triage import search
from triage.constants import EventKind
from triage.models import Case, CaseEvent, CaseMatch, CaseSearchToken
from triage.services.opening import case_attach_follow_up, case_open_for_submission

pytestmark = pytest.mark.django_db

QUEUE = "/admin/triage/cases/"


def open_case(scheme=Scheme.CONCERN, **answers):
    subject = answers.pop("subject", {})
    extra = answers
    full = {**summary(**subject), **extra}
    return case_open_for_submission(submission_id=submit(scheme=scheme, answers=full).pk)


@pytest.fixture
def whitlock(demo):
    return open_case(
        subject={
            "names": ["Lawrence Whitlock"],
            "aliases": ["Larry White"],
            "addresses": ["14 Elm Road, Norwich NR2 4PD"],
            "postcode": "NR2 4PD",
            "vehicles": ["Blue Ford Focus KX19 PLM"],
            "phones": ["+44 7700 900123"],
            "usernames": ["@lozza_w"],
        },
        applicant={
            "role": "reporter",
            "name": "Margaret Oakley",
            "date_of_birth": None,
            "address": None,
            "postcode": None,
            "relationship": None,
        },
    )


@pytest.fixture
def smith(demo):
    return open_case(
        scheme=Scheme.SARAHS_LAW,
        subject={"names": ["John Smith"], "postcode": "IP1 1AA", "addresses": ["IP1 1AA"]},
        place_postcode="IP1 1AA",
    )


def found(client, query: str, **filters) -> str:
    response = client.get(QUEUE, {"q": query, **filters})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "Whitlock",
        "whitlock",
        "Lawrence Whitlock",
        "Laurie Whitlock",  # a nickname
        "Lorence Whitlok",  # typed as it sounds
        "Larry White",  # an alias
        "NR2 4PD",
        "nr24pd",
        "NR2",  # the district
        "KX19 PLM",
        "kx19plm",
        "k x 1 9 p l m",
        "07700 900123",
        "+447700900123",
        "lozza_w",
        "@LOZZA_W",
        "Oakley",  # the applicant
        "Peggy Oakley",  # the applicant, by a nickname
    ],
)
def test_a_case_is_found_by_what_a_caller_would_say(client, demo, whitlock, smith, query):
    client.force_login(demo["admin"])
    page = found(client, query)
    assert whitlock.reference in page
    assert smith.reference not in page


def test_sound_alike_names_and_references_find_a_case(client, demo, whitlock, smith):
    client.force_login(demo["admin"])
    page = found(client, "Jon Smyth")
    assert smith.reference in page and whitlock.reference not in page
    for query in (smith.reference, smith.reference.lower(), smith.reference.split("-", 1)[1]):
        page = found(client, query)
        assert smith.reference in page and whitlock.reference not in page, query


def test_nothing_matching_lists_nothing(client, demo, whitlock, smith):
    client.force_login(demo["admin"])
    page = found(client, "Featherstonehaugh")
    assert whitlock.reference not in page and smith.reference not in page


def test_search_finds_only_cases_the_user_may_see(client, demo, whitlock, smith):
    assert whitlock.team.name.startswith("North")
    client.force_login(demo["om.south"])
    assert whitlock.reference not in found(client, "Whitlock")
    client.force_login(demo["sup.north"])
    assert whitlock.reference in found(client, "Whitlock")


def test_filters_combine_with_search(client, demo, whitlock, smith):
    client.force_login(demo["admin"])
    assert whitlock.reference in found(client, "Whitlock", scheme="concern")
    assert whitlock.reference not in found(client, "Whitlock", scheme="sarahs_law")


def test_every_search_is_recorded_on_the_cases_it_lists_without_its_words(
    client, demo, whitlock, smith
):
    client.force_login(demo["admin"])
    found(client, "Whitlock")
    found(client, "Whitlock")
    events = list(CaseEvent.objects.filter(kind=EventKind.SEARCHED))
    assert [event.case_id for event in events] == [whitlock.pk, whitlock.pk]
    assert all(event.actor == demo["admin"] for event in events)
    assert events[0].detail == events[1].detail
    assert "whitlock" not in str(events[0].detail).lower()


def test_the_index_holds_hashes_only(whitlock):
    digests = set(CaseSearchToken.objects.filter(case=whitlock).values_list("digest", flat=True))
    assert search.digest("nm", "whitlock") in digests
    assert search.digest("pc", "NR24PD") in digests
    assert search.digest("veh", "KX19PLM") in digests
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM triage_casesearchtoken")
        rows = " ".join(str(row) for row in cursor.fetchall()).lower()
    assert "whitlock" not in rows and "nr2" not in rows and "kx19" not in rows


def test_a_search_costs_the_same_queries_however_many_cases_it_finds(client, demo):
    client.force_login(demo["admin"])

    def queries_for(count: int) -> int:
        surname = "Quarrington" + "abcdefg"[count]
        for _ in range(count):
            open_case(subject={"names": [f"Ada {surname}"]})
        # The session is written on a first page, and again only a minute later: counted
        # from the second page, both searches are drawn with the same session work.
        found(client, "warm")
        with CaptureQueriesContext(connection) as captured:
            found(client, surname)
        assert Case.objects.filter(events__kind=EventKind.SEARCHED).distinct().count() >= count
        return len(captured)

    assert queries_for(1) == queries_for(6)


def test_information_added_later_makes_the_case_findable_by_it(demo, whitlock):
    follow_up = FollowUp.objects.create(
        submission=whitlock.submission, text="He now drives a van, YD21 XYZ, and lives at LS1 4AP."
    )
    case_attach_follow_up(follow_up_id=follow_up.pk)
    cases = Case.objects.all()
    assert list(search.cases_matching(cases, "YD21XYZ")) == [whitlock]
    assert list(search.cases_matching(cases, "LS1 4AP")) == [whitlock]


def test_a_confirmed_match_makes_the_case_findable_by_the_nominal_s_names(nominals, demo):
    from triage.services.matches import case_match_confirm

    case = open_case(subject={"names": ["Daz W"], "date_of_birth": "1979-03-14"})
    match = case.matches.get(nominal=nominals)
    cases = Case.objects.all()
    assert case not in search.cases_matching(cases, nominals.family_name)
    case_match_confirm(match_id=match.pk, acting_user=demo["triage"])
    assert case in search.cases_matching(cases, nominals.family_name)


def test_rotating_the_key_and_rebuilding_the_index(settings, whitlock):
    cases = Case.objects.all()
    settings.SEARCH_INDEX_KEY = "a-new-key-after-rotation"
    assert whitlock not in search.cases_matching(cases, "Whitlock")
    call_command("rebuild_search_index", verbosity=0)
    assert whitlock in search.cases_matching(cases, "Whitlock")


def test_deleting_personal_data_leaves_only_the_reference_findable(demo, whitlock):
    from datetime import timedelta

    from django.utils import timezone

    from triage.retention import case_delete_personal_data
    from triage.services.lifecycle import case_close

    case_close(case_id=whitlock.pk, acting_user=demo["admin"], outcome="unsubstantiated")
    Case.objects.filter(pk=whitlock.pk).update(retain_until=timezone.now() - timedelta(days=1))
    assert case_delete_personal_data(case_id=str(whitlock.pk))
    cases = Case.objects.all()
    assert whitlock not in search.cases_matching(cases, "Whitlock")
    assert whitlock in search.cases_matching(cases, whitlock.reference)


def test_a_reference_is_not_read_as_names_nor_its_scheme_letters_as_a_match(client, demo):
    named_like_blocks = [open_case(subject={"names": ["Cr Fk"]}) for _ in range(3)]
    other = open_case(subject={"names": ["Ann Lee"]})
    cases = Case.objects.all()
    assert list(search.cases_matching(cases, named_like_blocks[0].reference)) == [
        named_like_blocks[0]
    ]
    # "CR" finds the people called Cr, not every concern report.
    assert set(search.cases_matching(cases, "CR")) == set(named_like_blocks)
    assert other not in search.cases_matching(cases, "CR")


def test_a_whole_postcode_finds_that_postcode_not_its_district(demo):
    same_street = open_case(subject={"postcode": "NR2 4PD", "addresses": ["NR2 4PD"]})
    same_district = open_case(subject={"postcode": "NR2 9ZZ", "addresses": ["NR2 9ZZ"]})
    cases = Case.objects.all()
    assert list(search.cases_matching(cases, "NR2 4PD")) == [same_street]
    assert set(search.cases_matching(cases, "NR2")) == {same_street, same_district}


@pytest.mark.parametrize("query", ["", "   ", "\x00", "x" * 5000, "---", "'; DROP TABLE", "é"])
def test_odd_queries_answer_a_page(client, demo, whitlock, query):
    client.force_login(demo["admin"])
    response = client.get(QUEUE, {"q": query})
    assert response.status_code == 200


def test_a_broad_search_counts_to_a_limit_and_asks_for_a_narrower_one(client, demo, monkeypatch):
    from triage.views import SearchPaginator

    monkeypatch.setattr(SearchPaginator, "most", 3)
    cases = [open_case(subject={"names": [f"{given} Quarrington"]}) for given in "ABCDE"]
    client.force_login(demo["admin"])

    page = found(client, "Quarrington")
    assert "More than 3 matches" in page
    assert "add a word to the search" in page.lower()
    listed = [case for case in cases if case.reference in page]
    assert len(listed) == 3
    # Only what was listed was looked at.
    assert Case.objects.filter(events__kind=EventKind.SEARCHED).distinct().count() == 3
    # Fewer than the limit: counted exactly, as before.
    narrow = found(client, "A Quarrington")
    assert "More than" not in narrow and "There is 1 match" in narrow
    # The filters still narrow a broad search.
    assert "More than 3 matches" in found(client, "Quarrington", scheme=Scheme.CONCERN)
    other_scheme = found(client, "Quarrington", scheme=Scheme.SARAHS_LAW)
    assert not any(case.reference in other_scheme for case in cases)


def test_a_search_lists_its_pages_in_the_queues_order(client, demo, monkeypatch):
    from triage.views import CaseIndexView

    monkeypatch.setattr(CaseIndexView, "get_paginate_by", lambda view, queryset: 2)
    cases = [open_case(subject={"names": [f"{given} Pennyfeather"]}) for given in "ABCDE"]
    in_due_order = sorted(cases, key=lambda case: (case.due_at, case.opened_at))
    client.force_login(demo["admin"])

    listed = []
    for number in (1, 2, 3):
        page = found(client, "Pennyfeather", p=number)
        assert "There are 5 matches" in page
        listed.append([case.reference for case in in_due_order if case.reference in page])
    assert listed == [
        [case.reference for case in in_due_order[start : start + 2]] for start in (0, 2, 4)
    ]


# --- The case's place on its entries, and the search answered from them ----------------------

ROLES = ("admin", "triage", "om.north", "om.south", "sup.north", "sup.south", "disclosure")


def places(case) -> set[tuple]:
    return set(
        CaseSearchToken.objects.filter(case=case).values_list(
            "case_team_id",
            "case_unit_id",
            "case_assigned_to_id",
            "case_offender_manager_id",
            "case_due_at",
            "case_opened_at",
        )
    )


def place_of(case) -> tuple:
    case.refresh_from_db()
    return (
        case.team_id,
        case.team.unit_id if case.team_id else None,
        case.assigned_to_id,
        case.nominal.offender_manager_id if case.nominal_id else None,
        case.due_at,
        case.opened_at,
    )


def test_each_entry_carries_its_case_s_place_through_every_change(demo, nominals, whitlock):
    from staff.models import Team, Unit
    from triage.services.assignment import case_assign, case_change_priority
    from triage.services.matches import case_match_confirm

    assert places(whitlock) == {place_of(whitlock)}

    case_assign(case_id=whitlock.pk, acting_user=demo["admin"], assignee=demo["om.north2"])
    assert places(whitlock) == {place_of(whitlock)}
    case_change_priority(case_id=whitlock.pk, acting_user=demo["admin"], priority="urgent")
    assert places(whitlock) == {place_of(whitlock)}  # a nearer deadline moves it in the queue

    match, _ = CaseMatch.objects.get_or_create(
        case=whitlock, nominal=nominals, defaults={"score": 80}
    )
    case_match_confirm(match_id=match.pk, acting_user=demo["admin"])
    assert place_of(whitlock)[3] == nominals.offender_manager_id
    assert places(whitlock) == {place_of(whitlock)}
    nominals.offender_manager = demo["om.south"]
    nominals.save()
    assert place_of(whitlock)[3] == demo["om.south"].pk
    assert places(whitlock) == {place_of(whitlock)}
    nominals.delete()
    assert place_of(whitlock)[3] is None
    assert places(whitlock) == {place_of(whitlock)}

    team = Team.objects.get(pk=whitlock.team_id)
    team.unit = Unit.objects.create(name="Another unit")
    team.save()
    assert places(whitlock) == {place_of(whitlock)}


def entries(case) -> set[tuple]:
    return set(
        CaseSearchToken.objects.filter(case=case).values_list(
            "digest", "case_team_id", "case_unit_id", "case_due_at", "case_opened_at"
        )
    )


@pytest.mark.parametrize("scheme", [Scheme.CONCERN, Scheme.SARAHS_LAW, Scheme.CLARES_LAW])
def test_a_case_opened_gets_the_entries_a_rebuild_from_the_database_gives(demo, scheme):
    """Opening writes the entries from the case in hand: they are what reading it back gives."""
    case = open_case(
        scheme=scheme,
        subject={"names": ["Darren Whitlock"], "postcode": "NR3 1AB", "phones": ["07700 900555"]},
    )
    opened = entries(case)
    assert opened
    assert len({row[1:] for row in opened}) == 1  # one place on every entry
    search.case_index(case_id=case.pk)
    assert entries(case) == opened


def test_a_right_to_know_case_gets_the_entries_a_rebuild_gives(demo):
    from triage.services.opening import case_open_right_to_know

    case = case_open_right_to_know(
        acting_user=demo["admin"],
        details=summary(names=["Gary Hartigan"], postcode="NR2 4PD", addresses=["NR2 4PD"]),
    )
    opened = entries(case)
    assert opened
    search.case_index(case_id=case.pk)
    assert entries(case) == opened
    assert case in search.cases_matching(Case.objects.all(), "Hartigan NR2")


def test_the_migration_s_copy_matches_what_the_services_write(demo, whitlock, smith):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("triage.migrations.0019_case_search_place")
    CaseSearchToken.objects.update(case_team_id=None, case_due_at=None, case_opened_at=None)
    migration.entries_place(apps, None)
    assert places(whitlock) == {place_of(whitlock)}
    assert places(smith) == {place_of(smith)}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "query",
    ["Smith", "Jon Smyth", "Jack Smith", "Smith Jack", "Ann Smith", "IP1", "IP1 1AA", "Quenby"],
)
def test_the_search_from_the_entries_finds_what_the_cases_would(demo, role, query):
    """The quick road (the entries alone) and the sure one (the cases, through
    access.cases_visible_to) agree, case for case and in the queue's order, for every role."""
    from triage import access
    from triage.services.assignment import case_assign

    cases = [
        open_case(subject={"names": [name], "postcode": code, "addresses": [code]})
        for name, code in (
            ("John Smith", "IP1 1AA"),
            ("Jon Smyth", "NR2 4PD"),
            ("Jane Smith", "IP1 2BB"),
            ("Ann Quenby", "NR1 1AA"),
        )
    ]
    case_assign(case_id=cases[1].pk, acting_user=demo["admin"], assignee=demo["om.south"])
    user = demo[role]
    sure = list(
        search.cases_matching(access.cases_visible_to(user), query)
        .order_by("due_at", "opened_at", "pk")
        .values_list("pk", flat=True)
    )
    quick = search.case_ids_found(access.search_entries_visible_to(user), query, most=100)
    assert quick == sure


def test_an_entry_out_of_date_never_shows_a_case_to_someone_who_may_not_see_it(
    client, demo, whitlock
):
    # As if the copy had not followed a change: the entries say South's offender manager
    # holds the case, the case says North.
    CaseSearchToken.objects.filter(case=whitlock).update(case_assigned_to_id=demo["om.south"].pk)
    client.force_login(demo["om.south"])
    page = found(client, "Whitlock")
    assert whitlock.reference not in page
    assert not CaseEvent.objects.filter(case=whitlock, kind=EventKind.SEARCHED).exists()

"""The register of nominals: need-to-know by role, the nominal's page, and its audit trail in
Wagtail's log."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from intake.constants import Scheme
from staff.models import Team
from tests.triage.conftest import submit, summary
from triage import access
from triage.constants import (
    CaseStatus,
    IdentifierKind,
    MatchStatus,
    NominalCategory,
    Outcome,
    RiskLevel,
)
from triage.models import Case, CaseMatch, Nominal, NominalAddress, NominalIdentifier, NominalName
from triage.services.opening import case_open_for_submission

pytestmark = pytest.mark.django_db


def _nominal(reference, manager=None, postcode=None, valid_to=None, **fields) -> Nominal:
    nominal = Nominal.objects.create(
        force_reference=reference,
        given_name=fields.pop("given_name", "Test"),
        family_name=fields.pop("family_name", reference.replace("-", "")),
        category=NominalCategory.RSO,
        risk_level=RiskLevel.HIGH,
        offender_manager=manager,
        **fields,
    )
    if postcode:
        NominalAddress.objects.create(
            nominal=nominal, address="1 Test Street", postcode=postcode, valid_to=valid_to
        )
    return nominal


def _case(reference, team=None, nominal=None, **fields) -> Case:
    return Case.objects.create(
        reference=reference, scheme=Scheme.CONCERN, team=team, nominal=nominal, **fields
    )


def _visible(user):
    return set(access.nominals_visible_to(user).values_list("force_reference", flat=True))


@pytest.fixture
def teams(demo):
    return {team.name.split()[0].lower(): team for team in Team.objects.all()}


@pytest.fixture
def register(demo, teams):
    """Nominals that each rule reaches, and none that it should not."""
    return {
        "north": _nominal("T-NORTH", manager=demo["om.north"], postcode="IP1 1AA"),
        "north_team": _nominal("T-NORTH2", manager=demo["om.north2"]),
        "south": _nominal("T-SOUTH", manager=demo["om.south"], postcode="IP2 2BB"),
        # Managed in the South but living in the North: the North supervisor's area too.
        "moved_north": _nominal("T-MOVED", manager=demo["om.south"], postcode="NR3 3CC"),
        # Lived in the North once, no longer.
        "left_north": _nominal(
            "T-LEFT", postcode="NR4 4DD", valid_to=timezone.localdate() - timedelta(days=1)
        ),
        "nobody": _nominal("T-NOBODY"),
    }


def test_offender_managers_see_their_own_and_their_teams_nominals(demo, register):
    assert _visible(demo["om.north"]) == {"T-NORTH", "T-NORTH2"}
    assert _visible(demo["om.north2"]) == {"T-NORTH", "T-NORTH2"}
    assert _visible(demo["om.south"]) == {"T-SOUTH", "T-MOVED"}
    assert not access.can_view_nominal(demo["om.north"], register["south"])


def test_supervisors_see_their_areas_nominals(demo, register):
    # Managed by the team's staff, or with a current address in a district the team covers.
    assert _visible(demo["sup.north"]) == {"T-NORTH", "T-NORTH2", "T-MOVED"}
    assert _visible(demo["sup.south"]) == {"T-NORTH", "T-SOUTH", "T-MOVED"}
    # The disclosure desk covers no district and manages nobody.
    assert _visible(demo["sup.desk"]) == set()


def test_triage_and_disclosure_officers_see_a_nominal_only_through_a_case(demo, register, teams):
    assert _visible(demo["triage"]) == set()
    assert _visible(demo["disclosure"]) == set()
    _case("CR-1", team=teams["south"], nominal=register["south"])
    desk_case = _case("SL-1", team=teams["disclosure"])
    CaseMatch.objects.create(case=desk_case, nominal=register["nobody"], score=40)
    # The triage officer sees every case of the unit: both; the disclosure desk its own only.
    assert _visible(demo["triage"]) == {"T-SOUTH", "T-NOBODY"}
    assert _visible(demo["disclosure"]) == {"T-NOBODY"}


def test_administrators_see_every_nominal_and_staff_without_a_role_none(
    demo, register, django_user_model
):
    assert _visible(demo["admin"]) == set(Nominal.objects.values_list("force_reference", flat=True))
    stranger = django_user_model.objects.create_user(username="stranger", password="x" * 16)
    assert _visible(stranger) == set()


def test_only_reference_data_editors_may_edit_and_only_what_they_see(demo, register):
    assert access.can_edit_nominal(demo["sup.north"], register["north"])
    assert not access.can_edit_nominal(demo["sup.north"], register["south"])
    assert access.can_edit_nominal(demo["admin"], register["south"])
    assert not access.can_edit_nominal(demo["om.north"], register["north"])
    assert not access.can_edit_nominal(demo["triage"])


def test_nominal_for_records_a_refusal_and_answers_404_for_no_nominal(demo, register):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    assert access.nominal_for(demo["om.north"], register["north"].pk, "view") == register["north"]
    with pytest.raises(PermissionDenied):
        access.nominal_for(demo["om.north"], register["south"].pk, "view")
    with pytest.raises(PermissionDenied):
        access.nominal_for(demo["om.north"], register["north"].pk, "edit")
    with pytest.raises(Http404):
        access.nominal_for(demo["om.north"], 987654321, "view")
    refusals = ModelLogEntry.objects.filter(action=access.NOMINAL_REFUSED, user=demo["om.north"])
    assert sorted(refusals.values_list("object_id", "data")) == sorted(
        [
            (str(register["south"].pk), {"action": "view"}),
            (str(register["north"].pk), {"action": "edit"}),
        ]
    )


# --- The nominal's page ------------------------------------------------------------------------


@pytest.fixture
def darren(demo, teams):
    """A nominal with several names, addresses and identifiers, and cases linked to him."""
    nominal = _nominal(
        "T-0042",
        manager=demo["om.north"],
        given_name="Darren",
        family_name="Whitlock",
        date_of_birth=date(1979, 3, 14),
        next_home_visit_due=date(2031, 5, 2),
        court_order_conditions="Must not enter the named parks in the order.",
    )
    for full_name, alias in (("Darren Whitlock", False), ("Daz Whitlock", True)):
        NominalName.objects.create(nominal=nominal, full_name=full_name, is_alias=alias)
    NominalAddress.objects.create(
        nominal=nominal,
        address="14 Alder Close, Norwich",
        postcode="NR2 4PD",
        valid_from=date(2021, 6, 1),
    )
    NominalAddress.objects.create(
        nominal=nominal,
        address="3 Mill Road, Ipswich",
        postcode="IP3 8QQ",
        valid_from=date(2015, 1, 10),
        valid_to=date(2021, 5, 31),
    )
    for kind, value in (
        (IdentifierKind.VEHICLE, "KX19 PLM"),
        (IdentifierKind.PHONE, "07700 900461"),
        (IdentifierKind.USERNAME, "dazw79"),
    ):
        NominalIdentifier.objects.create(nominal=nominal, kind=kind, value=value)
    confirmed = _case(
        "CR-CONF1",
        team=teams["north"],
        nominal=nominal,
        status=CaseStatus.CLOSED,
        outcome=Outcome.SUBSTANTIATED,
    )
    CaseMatch.objects.create(
        case=confirmed,
        nominal=nominal,
        score=90,
        status=MatchStatus.CONFIRMED,
        decided_by=demo["triage"],
        decided_at=timezone.now() - timedelta(days=3),
    )
    # A match om.north may see (assigned to them) and one they may not (South's).
    mine = _case("CR-MINE1", team=teams["north"], assigned_to=demo["om.north"])
    CaseMatch.objects.create(
        case=mine,
        nominal=nominal,
        score=55,
        status=MatchStatus.REJECTED,
        decided_by=demo["sup.north"],
        decided_at=timezone.now() - timedelta(days=1),
    )
    theirs = _case("CR-THEIRS", team=teams["south"])
    CaseMatch.objects.create(
        case=theirs,
        nominal=nominal,
        score=30,
        status=MatchStatus.REJECTED,
        decided_by=demo["sup.south"],
        decided_at=timezone.now(),
    )
    return nominal


def _page(client, user, nominal):
    client.force_login(user)
    response = client.get(f"/admin/triage/nominals/inspect/{nominal.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_nominal_page_shows_every_section(client, demo, darren):
    page = _page(client, demo["om.north"], darren)
    for text in (
        "T-0042",
        "Darren Whitlock",
        "Daz Whitlock (alias)",
        "14 March 1979",
        "(age ",
        "Registered sex offender",
        "High",
        "North management team",
        "2 May 2031",
        "Must not enter the named parks",
        "14 Alder Close, Norwich",
        "1 June 2021",
        "3 Mill Road, Ipswich",
        "10 January 2015",
        "31 May 2021",
        "Current",
        "KX19 PLM",
        "07700 900461",
        "dazw79",
    ):
        assert text in page, text
    today = timezone.localdate()
    age = today.year - 1979 - ((today.month, today.day) < (3, 14))
    assert f"14 March 1979</time> (age {age})" in page
    # Linked cases: the two om.north may see, with scheme, status and outcome in words.
    assert 'href="/admin/triage/cases/inspect/' in page
    assert "CR-CONF1" in page and "CR-MINE1" in page
    assert "Substantiated: action taken" in page and "Closed" in page
    assert "Concern report" in page
    assert "CR-THEIRS" not in page
    assert "1 other linked case exists that you may not see." in page
    # Matches confirmed or rejected, by whom and when, without the hidden case's reference.
    assert "Confirmed" in page and "Rejected" in page
    assert "Tess" in page and "Priya" in page
    assert "A case you may not see" in page


def test_an_administrator_sees_every_linked_case(client, demo, darren):
    page = _page(client, demo["admin"], darren)
    assert "CR-THEIRS" in page
    assert "No other linked cases." in page


def test_the_edit_button_is_only_for_editors(client, demo, darren):
    edit_url = f"/admin/triage/nominals/edit/{darren.pk}/"
    assert f'href="{edit_url}"' in _page(client, demo["sup.north"], darren)
    assert f'href="{edit_url}"' in _page(client, demo["admin"], darren)
    assert f'href="{edit_url}"' not in _page(client, demo["om.north"], darren)
    assert f'href="{edit_url}"' not in _page(client, demo["triage"], darren)


def test_each_look_and_each_refusal_is_logged_without_personal_data(client, demo, darren):
    _page(client, demo["om.north"], darren)
    client.force_login(demo["sup.north"])
    assert client.get(f"/admin/triage/nominals/edit/{darren.pk}/").status_code == 200
    client.force_login(demo["om.south"])
    response = client.get(f"/admin/triage/nominals/inspect/{darren.pk}/")
    assert response.status_code == 403
    assert "triage/403.html" in [t.name for t in response.templates]
    assert "Whitlock" not in response.content.decode()

    entries = ModelLogEntry.objects.filter(object_id=str(darren.pk)).order_by("timestamp", "id")
    assert [(e.action, e.user.username, e.data) for e in entries] == [
        (access.NOMINAL_VIEWED, "om.north", {"page": "inspect"}),
        (access.NOMINAL_VIEWED, "sup.north", {"page": "edit"}),
        (access.NOMINAL_REFUSED, "om.south", {"action": "view"}),
    ]
    for entry in entries:
        assert entry.label == "Nominal T-0042"

    # The nominal's History and Wagtail's site history report show them.
    client.force_login(demo["sup.north"])
    history = client.get(f"/admin/triage/nominals/history/{darren.pk}/").content.decode()
    assert "Nominal viewed" in history and "Nominal access refused (view)" in history
    client.force_login(demo["admin"])
    report = client.get("/admin/reports/site-history/").content.decode()
    assert "Nominal T-0042" in report and "Nominal viewed" in report


def test_another_areas_nominal_by_url_is_refused_on_every_page(client, demo, darren):
    client.force_login(demo["sup.south"])
    for page in ("inspect", "edit", "delete", "history", "usage"):
        response = client.get(f"/admin/triage/nominals/{page}/{darren.pk}/")
        assert response.status_code == 403, page
    # A post is refused before any change.
    response = client.post(f"/admin/triage/nominals/delete/{darren.pk}/")
    assert response.status_code == 403
    assert Nominal.objects.filter(pk=darren.pk).exists()
    refused = ModelLogEntry.objects.filter(action=access.NOMINAL_REFUSED, user=demo["sup.south"])
    assert sorted(refused.values_list("data__action", flat=True)) == sorted(
        ["view", "edit", "delete", "history", "usage", "delete"]
    )


def test_deleting_a_nominal_names_it_by_reference_in_the_log(client, demo, register):
    client.force_login(demo["admin"])
    nobody = register["nobody"]
    response = client.post(f"/admin/triage/nominals/delete/{nobody.pk}/")
    assert response.status_code == 302
    assert not Nominal.objects.filter(pk=nobody.pk).exists()
    entry = ModelLogEntry.objects.get(action="wagtail.delete", object_id=str(nobody.pk))
    assert entry.label == "Nominal T-NOBODY"


# --- The register ------------------------------------------------------------------------------


def test_the_register_lists_what_the_user_may_see_and_links_to_each_page(client, demo, register):
    client.force_login(demo["om.north"])
    page = client.get("/admin/triage/nominals/").content.decode()
    for name in ("north", "north_team"):
        assert f'href="/admin/triage/nominals/inspect/{register[name].pk}/"' in page
    for name in ("south", "moved_north", "left_north", "nobody"):
        assert f"/admin/triage/nominals/inspect/{register[name].pk}/" not in page
    assert "/admin/triage/nominals/edit/" not in page
    # The filters and the columns are as they were.
    client.force_login(demo["sup.north"])
    response = client.get("/admin/triage/nominals/?category=rso&risk_level=high")
    assert response.status_code == 200
    page = response.content.decode()
    for column in ("Force reference", "Family name", "Given name", "Offender manager"):
        assert column in page


def test_the_register_needs_the_same_queries_for_one_nominal_or_many(
    client, demo, django_assert_max_num_queries
):
    client.force_login(demo["sup.north"])
    _nominal("T-ONE", manager=demo["om.north"], postcode="NR1 1AA")
    with django_assert_max_num_queries(60) as captured:
        assert client.get("/admin/triage/nominals/").status_code == 200
    few = len(captured)
    for index in range(30):
        manager = demo["om.north"] if index % 2 else demo["om.north2"]
        _nominal(f"T-{index:03d}", manager=manager, postcode=f"NR{index % 6 + 1} 1AA")
    with django_assert_max_num_queries(few) as captured:
        page = client.get("/admin/triage/nominals/").content.decode()
    assert "T-029" in page


def test_a_case_match_opens_the_nominal_to_the_triage_officer(client, demo, nominals):
    darren = nominals
    client.force_login(demo["triage"])
    assert client.get(f"/admin/triage/nominals/inspect/{darren.pk}/").status_code == 403
    case_open_for_submission(
        submission_id=submit(
            answers=summary(names=["Darren Whitlock"], date_of_birth="1979-03-14")
        ).pk
    )
    assert client.get(f"/admin/triage/nominals/inspect/{darren.pk}/").status_code == 200


def _edit_form(nominal, **changes) -> dict:
    data = {
        "force_reference": nominal.force_reference,
        "given_name": nominal.given_name,
        "family_name": nominal.family_name,
        "date_of_birth": "",
        "category": nominal.category,
        "risk_level": nominal.risk_level,
        "next_home_visit_due": "",
        "court_order_conditions": "",
        "offender_manager": nominal.offender_manager_id or "",
    }
    for prefix in ("names", "addresses", "identifiers"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
        data.update({f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000})
    return {**data, **changes}


def test_an_editor_saves_a_nominal_they_may_see_and_others_cannot(client, demo, register):
    nominal = register["north_team"]
    client.force_login(demo["om.north"])
    response = client.post(
        f"/admin/triage/nominals/edit/{nominal.pk}/", _edit_form(nominal, risk_level="low")
    )
    assert response.status_code == 403
    client.force_login(demo["sup.north"])
    response = client.post(
        f"/admin/triage/nominals/edit/{nominal.pk}/", _edit_form(nominal, risk_level="low")
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    nominal.refresh_from_db()
    assert nominal.risk_level == RiskLevel.LOW
    edit = ModelLogEntry.objects.get(action="wagtail.edit", object_id=str(nominal.pk))
    assert (edit.user, edit.label) == (demo["sup.north"], "Nominal T-NORTH2")


def test_a_new_nominal_is_logged_by_reference(client, demo):
    client.force_login(demo["sup.north"])
    new = Nominal(
        force_reference="T-NEW",
        given_name="Nina",
        family_name="Newcombe",
        category=NominalCategory.PDP,
        risk_level=RiskLevel.MEDIUM,
        offender_manager=demo["om.north"],
    )
    response = client.post("/admin/triage/nominals/new/", _edit_form(new))
    assert response.status_code == 302
    created = Nominal.objects.get(force_reference="T-NEW")
    entry = ModelLogEntry.objects.get(action="wagtail.create", object_id=str(created.pk))
    assert entry.label == "Nominal T-NEW"

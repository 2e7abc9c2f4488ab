import pytest
from django.core.management import CommandError, call_command

from staff.models import StaffProfile
from triage.constants import Sex
from triage.imports import import_csv
from triage.models import Area, Nominal

pytestmark = pytest.mark.django_db

HEADER = (
    "force_reference,given_name,family_name,aliases,date_of_birth,category,risk_level,"
    "next_home_visit_due,court_order_conditions,offender_manager,addresses,vehicles,phones,"
    "usernames"
)
KARL = (
    "N-9001,Karl,Pike,Kaz Pike;Karl Pyke,1970-02-03,rso,high,2026-12-01,"
    'No contact with children,om.south,"3 Mill Road|IP2 8AA|2020-01-01|",AB12 CDE,'
    "07700 900999,kpike"
)
NOMINALS = f"""{HEADER}
{KARL}
N-9002,Lee,Rowe,,1960-13-01,rso,high,,,om.south,,,,
N-9003,Ann,Bell,,,gangster,low,,,nobody,,,,
"""


def test_a_dry_run_reports_every_bad_row_and_writes_nothing(demo):
    result = import_csv(kind="nominals", text=NOMINALS, dry_run=True)
    assert result.rows == 3
    assert result.errors == [
        "Row 3: date_of_birth: '1960-13-01' is not a date (YYYY-MM-DD)",
        "Row 4: offender_manager: no staff user 'nobody'",
    ]
    assert not Nominal.objects.exists()


def test_a_good_file_is_imported_with_lookup_keys(demo):
    good = "\n".join(NOMINALS.splitlines()[:2]) + "\n"
    result = import_csv(kind="nominals", text=good)
    assert result.ok and result.created == 1
    nominal = Nominal.objects.get(force_reference="N-9001")
    assert nominal.names.count() == 3
    assert nominal.addresses.get().district == "IP2"
    assert set(nominal.identifiers.values_list("normalised", flat=True)) == {
        "AB12CDE",
        "07700900999",
        "kpike",
    }
    assert import_csv(kind="nominals", text=good).updated == 1
    assert nominal.names.count() == 3


def test_teams_areas_and_staff(demo):
    assert import_csv(kind="teams", text="unit,name,kind\nPPU,West team,management\n").ok
    result = import_csv(kind="areas", text="district,team\nPE1,West team\nXX,Nowhere\n")
    assert result.errors == [
        "Row 3: district: 'XX' is not a postcode district",
    ]
    assert import_csv(kind="areas", text="district,team\npe1,West team\n").ok
    assert Area.objects.get(district="PE1").team.name == "West team"
    assert import_csv(
        kind="staff", text="username,role,team,email\nnew.om,offender_manager,West team,a@b.c\n"
    ).ok
    assert StaffProfile.objects.get(user__username="new.om").team.name == "West team"


def test_the_command_refuses_a_file_with_bad_rows(demo, tmp_path):
    path = tmp_path / "nominals.csv"
    path.write_text(NOMINALS)
    with pytest.raises(CommandError, match="2 bad rows"):
        call_command("import_reference_data", "nominals", str(path))
    assert not Nominal.objects.exists()


def test_missing_columns_are_reported():
    assert import_csv(kind="teams", text="unit,name\n").errors == ["Header: missing column(s) kind"]


def test_supervisors_import_in_the_admin_with_a_dry_run_first(client, demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    def upload(dry_run):
        data = {"kind": "nominals", "file": SimpleUploadedFile("n.csv", NOMINALS.encode())}
        return client.post("/admin/triage/import/", data | ({"dry_run": "on"} if dry_run else {}))

    client.force_login(demo["om.north"])
    assert client.get("/admin/triage/import/").status_code in (302, 403)
    client.force_login(demo["sup.north"])
    page = upload(dry_run=True).content.decode()
    assert "Dry run: nothing was written" in page
    assert "Row 3: date_of_birth" in page and "Row 4: offender_manager" in page
    assert "Nothing was written" in upload(dry_run=False).content.decode()
    assert not Nominal.objects.exists()


def test_the_sex_column_is_optional_and_a_bad_value_is_reported(demo):
    header = "force_reference,given_name,family_name,category,risk_level,sex"
    rows = [
        "N-9101,Karl,Pike,rso,high,male",
        "N-9102,Ann,Bell,pdp,low,Female",
        "N-9103,Lee,Rowe,rso,high,",
    ]
    result = import_csv(kind="nominals", text="\n".join([header, *rows, "N-9104,Jo,Cox,rso,low,m"]))
    assert result.errors == ["Row 5: sex: 'm' is not one of female, male or blank"]
    assert not Nominal.objects.exists()
    assert import_csv(kind="nominals", text="\n".join([header, *rows])).created == 3
    assert dict(Nominal.objects.values_list("force_reference", "sex")) == {
        "N-9101": Sex.MALE,
        "N-9102": Sex.FEMALE,
        "N-9103": "",
    }
    # A file without the column records no sex.
    assert import_csv(kind="nominals", text="\n".join([HEADER, KARL])).ok
    assert Nominal.objects.get(force_reference="N-9001").sex == ""

"""Every admin URL, for every role: who gets in, who is refused (403, 404, or Wagtail's
redirect to the dashboard), and that a refusal shows nothing of the case."""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern
from wagtail.models import ModelLogEntry

from staff.models import StaffProfile, Team, Unit
from tests.triage.conftest import submit, summary
from triage.access import NOMINAL_REFUSED
from triage.constants import EventKind
from triage.models import Area, Nominal, RoutingRule
from triage.services.opening import case_open_for_submission

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "editor",
    "admin",
    "triage",
    "om.north",
    "om.south",
    "sup.north",
    "sup.south",
    "disclosure",
)
TRIAGE_ROLES = {"admin", "triage", "om.north", "om.south", "sup.north", "sup.south", "disclosure"}
SUPERVISORS = {"admin", "sup.north", "sup.south"}


def _admin_urls():
    """(namespaced name, converters) for every URL under /admin/."""
    found = []

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                ns = namespace
                if entry.namespace:
                    ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry.url_patterns, route, ns)
            elif isinstance(entry, URLPattern) and route.startswith("admin/") and entry.name:
                if isinstance(entry.pattern, RoutePattern):
                    kwargs = {k: type(c).__name__ for k, c in entry.pattern.converters.items()}
                else:
                    kwargs = {k: "regex" for k in entry.pattern.regex.groupindex}
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                found.append((name, kwargs))

    walk(get_resolver().url_patterns, "", "")
    return found


@pytest.fixture
def world(nominals, demo, django_user_model):
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user(username="editor", password="x" * 16)
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    about_nominal = case_open_for_submission(
        submission_id=submit(
            answers=summary(names=["Darren Whitlock"], date_of_birth="1979-03-14")
        ).pk
    )
    south = case_open_for_submission(
        submission_id=submit(answers=summary(place_postcode="IP4 1AA")).pk
    )
    return {
        "users": {**demo, "editor": editor},
        "north_case": about_nominal,
        "south_case": south,
        # Darren Whitlock, matched to the north case; and one of South's, linked to no case.
        "north_nominal": nominals,
        "south_nominal": Nominal.objects.filter(offender_manager=demo["om.south"])
        .exclude(case_matches__isnull=False)
        .first(),
        "ids": {
            "triage_nominals": nominals.pk,
            "triage_units": Unit.objects.first().pk,
            "triage_teams": Team.objects.first().pk,
            "triage_areas": Area.objects.first().pk,
            "triage_staff": StaffProfile.objects.first().pk,
            "triage_routing_rules": RoutingRule.objects.first().pk,
        },
    }


# Open to anyone by Wagtail's design: signing in, resetting a password, icons, translations.
PUBLIC = r"^/admin/(login|password_reset|sprite|jsi18n)/"
# Signing out would end the walk's session; failwhale is Wagtail's deliberate error page.
SKIPPED = {"wagtailadmin_logout", "wagtailadmin_error_test"}


# Roles that Wagtail's own permissions treat alike (no editing rights of their own).
TEAM_ROLES = {"om.north", "sup.north", "disclosure"}
PROJECT_NAMESPACES = (
    "cases",
    "triage_",
    "staff",
    "wagtailsnippets_triage_",
    "wagtailsettings",
    # Where no role but the administrator may go: checked for every role.
    "wagtailusers",
)


def _is_the_projects(name: str) -> bool:
    return name.startswith(PROJECT_NAMESPACES) or "triage" in name or "cms" in name


def _concrete(name, kwargs, world):
    namespace = name.split(":")[0]
    values = {}
    for key, converter in kwargs.items():
        if namespace == "cases" and key == "pk":
            values[key] = str(world["north_case"].pk)
        elif namespace == "cases" and key == "match_id":
            values[key] = world["north_case"].matches.first().pk
        elif namespace in world["ids"] and key == "pk":
            values[key] = world["ids"][namespace]
        elif converter == "IntConverter":
            values[key] = 1
        elif converter == "UUIDConverter":
            values[key] = uuid.uuid4()
        elif key == "action":
            values[key] = "note"
        elif key == "decision":
            values[key] = "confirm"
        else:
            values[key] = "1"
    try:
        return reverse(name, kwargs=values)
    except Exception:
        return None


def _outcome(response) -> str:
    if response.status_code in (403, 404, 405):
        return "refused"
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith("/admin/login/"):
            return "login"
        if location in ("/admin/", "/admin/otp/verify/") or "permission" in location:
            return "refused"
        return "in"
    if response.status_code in (200, 201, 429):
        return "in"
    return f"status {response.status_code}"


def _client_for(client, world, role):
    client.logout()
    if role != "anonymous":
        client.force_login(world["users"][role])
    return client


def test_every_admin_url_for_every_role_never_fails(client, world):
    urls = [(n, k, _concrete(n, k, world)) for n, k in _admin_urls()]
    urls = [(n, u) for n, k, u in urls if u]
    assert len(urls) > 100, "the walk should cover the whole admin"
    problems = []
    # One user per kind of access (the others differ only by team, tested below). The
    # offender manager, supervisor and disclosure officer differ from the triage officer only
    # in the project's own pages: Wagtail's and wagtail-localize's are walked by the others.
    for role in ("anonymous", "editor", "admin", "triage", "om.north", "sup.north", "disclosure"):
        _client_for(client, world, role)
        for name, url in urls:
            if name in SKIPPED or "delete" in name or "unpublish" in name:
                continue
            if role in TEAM_ROLES and not _is_the_projects(name):
                continue
            response = client.get(url)
            result = _outcome(response)
            if response.status_code >= 500:
                problems.append(f"{role} {url}: {response.status_code}")
            if role == "anonymous" and result == "in" and not re.match(PUBLIC, url):
                problems.append(f"anonymous got into {url}")
            if role == "editor" and "/admin/triage/" in url and result == "in":
                problems.append(f"editor (no triage role) got into {url}")
            if (
                role not in {"admin"}
                and re.match(r"^/admin/(users|groups)/", url)
                and (result == "in")
            ):
                problems.append(f"{role} got into user management at {url}")
    assert problems == []


EXPECTED_IN = {
    # (what, url maker): roles that get in; everyone else is refused.
    "queue": ({"admin", "triage", "om.north", "om.south", "sup.north", "sup.south", "disclosure"}),
    "north_case": {"admin", "triage", "om.north", "sup.north"},
    "south_case": {"admin", "triage", "sup.south"},
    "bulk_assign": {"admin", "triage", "sup.north", "sup.south"},
    "right_to_know": {"admin", "sup.north", "sup.south", "disclosure"},
    "nominals": TRIAGE_ROLES,
    "nominal_add": SUPERVISORS,
    # Need-to-know: Darren Whitlock is North's, and the triage officer sees him through the
    # north case matched to him; the South nominal is linked to no case.
    "north_nominal": {"admin", "triage", "om.north", "sup.north"},
    "south_nominal": {"admin", "om.south", "sup.south"},
    # Editing, deleting, history and usage: reference-data editors who may see the nominal.
    "north_nominal_edit": {"admin", "sup.north"},
    "south_nominal_edit": {"admin", "sup.south"},
    "teams": SUPERVISORS,
    "areas": SUPERVISORS,
    "staff": SUPERVISORS,
    "routing_rules": SUPERVISORS,
    "import": SUPERVISORS,
}


NOMINAL_PAGES = ("edit", "delete", "history", "history-results", "usage")


def _nominal_urls(world) -> dict[str, str]:
    urls = {}
    for where in ("north", "south"):
        pk = world[f"{where}_nominal"].pk
        urls[f"{where}_nominal"] = f"/admin/triage/nominals/inspect/{pk}/"
        for page in NOMINAL_PAGES:
            urls[f"{where}_nominal_{page}"] = f"/admin/triage/nominals/{page}/{pk}/"
    return urls


def _expected_in(what: str) -> set[str]:
    for page in NOMINAL_PAGES:
        if what.endswith(f"_nominal_{page}"):
            return EXPECTED_IN[what.removesuffix(page) + "edit"]
    return EXPECTED_IN[what]


def test_who_gets_into_each_triage_url(client, world):
    north, south = world["north_case"], world["south_case"]
    south_nominal = world["south_nominal"]
    urls = {
        "queue": "/admin/triage/cases/",
        "north_case": f"/admin/triage/cases/inspect/{north.pk}/",
        "south_case": f"/admin/triage/cases/inspect/{south.pk}/",
        "bulk_assign": "/admin/triage/cases/bulk-assign/",
        "right_to_know": "/admin/triage/cases/right-to-know/",
        "nominals": "/admin/triage/nominals/",
        "nominal_add": "/admin/triage/nominals/new/",
        **_nominal_urls(world),
        "teams": "/admin/triage/teams/",
        "areas": "/admin/triage/areas/",
        "staff": "/admin/triage/staff/",
        "routing_rules": "/admin/triage/routing-rules/",
        "import": "/admin/triage/import/",
    }
    wrong = []
    for role in ROLES:
        _client_for(client, world, role)
        for what, url in urls.items():
            response = client.get(url)
            expected = "in" if role in _expected_in(what) else "refused"
            if role == "anonymous":
                expected = "login"
            got = _outcome(response)
            if got != expected:
                wrong.append(f"{role} {what}: expected {expected}, got {got}")
            if got != "in":
                body = response.content.decode(errors="replace")
                secrets = (
                    "outside the school",
                    "Whitlock",
                    south_nominal.family_name,
                    north.reference,
                    south.reference,
                )
                for secret in secrets:
                    if secret in body:
                        wrong.append(f"{role} {what}: refusal shows {secret!r}")
    assert wrong == []


def test_acting_on_a_case_follows_the_same_rules_and_refusals_are_recorded(client, world):
    north = world["north_case"]
    for role in ROLES:
        _client_for(client, world, role)
        response = client.post(
            f"/admin/triage/cases/action/{north.pk}/note/", {"text": f"A note by {role}"}
        )
        got = _outcome(response)
        expected = (
            "login"
            if role == "anonymous"
            else ("in" if role in EXPECTED_IN["north_case"] else "refused")
        )
        assert got == expected, role
    refused_by = set(
        north.events.filter(kind=EventKind.ACCESS_REFUSED).values_list("actor__username", flat=True)
    )
    assert refused_by == {"editor", "om.south", "sup.south", "disclosure"}


def test_a_case_that_does_not_exist_is_404_for_everyone(client, world):
    for role in TRIAGE_ROLES:
        _client_for(client, world, role)
        response = client.get(f"/admin/triage/cases/inspect/{uuid.uuid4()}/")
        assert response.status_code == 404, role


def test_the_nominal_register_lists_only_what_each_role_may_see(client, world):
    north, south = world["north_nominal"], world["south_nominal"]
    expected = {
        "admin": {north, south},
        "triage": {north},
        "om.north": {north},
        "om.south": {south},
        "sup.north": {north},
        "sup.south": {south},
        "disclosure": set(),
    }
    for role, should_see in expected.items():
        _client_for(client, world, role)
        body = client.get("/admin/triage/nominals/?q=&p=1").content.decode()
        for nominal in (north, south):
            listed = f"/admin/triage/nominals/inspect/{nominal.pk}/" in body
            assert listed == (nominal in should_see), (role, nominal.force_reference)


def test_a_nominal_refused_by_url_is_a_403_page_and_recorded(client, world):
    urls = _nominal_urls(world)
    for role in ROLES:
        if role == "anonymous":
            continue
        _client_for(client, world, role)
        for what, url in urls.items():
            if role in _expected_in(what):
                continue
            response = client.get(url)
            assert response.status_code == 403, (role, what)
            assert "triage/403.html" in [t.name for t in response.templates], (role, what)
    refused = ModelLogEntry.objects.filter(action=NOMINAL_REFUSED)
    by_user = set(refused.values_list("user__username", flat=True))
    assert by_user == {"editor", "triage", "om.north", "om.south", "sup.north", "sup.south"} | {
        "disclosure"
    }
    for entry in refused:
        assert set(entry.data) == {"action"}
        assert "Whitlock" not in entry.label


def test_a_nominal_that_does_not_exist_is_404_for_everyone(client, world):
    for role in TRIAGE_ROLES:
        _client_for(client, world, role)
        for page in ("inspect", *NOMINAL_PAGES):
            response = client.get(f"/admin/triage/nominals/{page}/987654321/")
            assert response.status_code == 404, (role, page)

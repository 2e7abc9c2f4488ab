"""The admin's sidebar, kept per member of staff: the same as Wagtail draws it, drawn again as
soon as something it shows changes."""

import json
import re

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.test import Client

from staff import sidebar
from staff.constants import STAFF_GROUP_BY_ROLE, Role

# Changes are committed for real, as an administrator's are; serialized_rollback, as the
# browser tests do, keeps the groups and content types the migrations made.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

_PROPS = re.compile(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>')
PAGES = ("/admin/", "/admin/triage/cases/?queue=team", "/admin/account/")


@pytest.fixture
def kept(settings):
    settings.ADMIN_SIDEBAR_CACHE_ENABLED = True
    caches["default"].delete(sidebar.GENERATION_KEY)
    sidebar._kept.clear()
    yield
    sidebar._kept.clear()


def _staff(django_user_model, username: str, role: Role, **fields):
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@example.invalid", **fields
    )
    user.groups.add(Group.objects.get(name=STAFF_GROUP_BY_ROLE[role]))
    return user


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _props(client: Client, path: str = "/admin/") -> dict:
    response = client.get(path)
    assert response.status_code == 200, path
    return json.loads(_PROPS.search(response.content.decode()).group(1))


def _menu_names(props: dict) -> set[str]:
    names = set()

    def walk(value):
        if isinstance(value, dict):
            if isinstance(value.get("name"), str) and "label" in value:
                names.add(value["name"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(props)
    return names


@pytest.mark.parametrize("role", list(Role))
def test_the_kept_sidebar_is_the_one_wagtail_draws_on_every_page(
    kept, settings, django_user_model, role
):
    user = _staff(django_user_model, f"staff.{role}", role, first_name="Ada")
    client = _signed_in(user)
    kept_on_each_page = [_props(client, path) for path in PAGES]
    settings.ADMIN_SIDEBAR_CACHE_ENABLED = False
    drawn_on_each_page = [_props(client, path) for path in PAGES]
    assert kept_on_each_page == drawn_on_each_page
    assert len(sidebar._kept) == 1


def test_each_member_of_staff_gets_their_own(kept, django_user_model):
    officer = _staff(django_user_model, "officer", Role.TRIAGE_OFFICER, first_name="Tess")
    supervisor = _staff(django_user_model, "supervisor", Role.SUPERVISOR, first_name="Sam")
    officers = json.dumps(_props(_signed_in(officer)))
    supervisors = json.dumps(_props(_signed_in(supervisor)))
    assert "Tess" in officers and "Sam" not in officers
    assert "Sam" in supervisors and "Tess" not in supervisors


def test_a_change_of_name_or_role_shows_on_the_next_page(kept, django_user_model):
    user = _staff(django_user_model, "officer", Role.TRIAGE_OFFICER, first_name="Tess")
    client = _signed_in(user)
    before = _props(client)
    assert "Tess" in json.dumps(before)
    user.first_name = "Theresa"
    user.save()
    assert "Theresa" in json.dumps(_props(client))
    user.is_superuser = True
    user.save()
    as_administrator = _menu_names(_props(client))
    assert as_administrator > _menu_names(before)
    user.is_superuser = False
    user.save()
    user.groups.set([Group.objects.get(name=STAFF_GROUP_BY_ROLE[Role.SUPERVISOR])])
    as_supervisor = _menu_names(_props(client))
    user.groups.set([Group.objects.get(name=STAFF_GROUP_BY_ROLE[Role.TRIAGE_OFFICER])])
    assert _menu_names(_props(client)) == _menu_names(before)
    assert as_supervisor != as_administrator


def test_a_change_to_a_groups_permissions_shows_on_the_next_page(kept, django_user_model):
    user = _staff(django_user_model, "officer", Role.TRIAGE_OFFICER)
    client = _signed_in(user)
    before = _menu_names(_props(client))
    group = Group.objects.get(name=STAFF_GROUP_BY_ROLE[Role.TRIAGE_OFFICER])
    removed = list(group.permissions.exclude(codename="access_admin"))
    group.permissions.remove(*removed)
    assert _menu_names(_props(client)) < before
    group.permissions.add(*removed)
    assert _menu_names(_props(client)) == before


def test_a_sign_in_alone_keeps_what_was_drawn(kept, django_user_model):
    user = _staff(django_user_model, "officer", Role.TRIAGE_OFFICER)
    _props(_signed_in(user))
    generation = caches["default"].get(sidebar.GENERATION_KEY)
    _props(_signed_in(user))  # signs in again: last_login is saved
    assert caches["default"].get(sidebar.GENERATION_KEY) == generation
    assert len(sidebar._kept) == 1


def test_without_the_shared_cache_the_sidebar_is_drawn_for_every_page(
    kept, settings, django_user_model, rf
):
    from wagtail.admin.templatetags.wagtailadmin_tags import sidebar_props

    user = _staff(django_user_model, "officer", Role.TRIAGE_OFFICER, first_name="Tess")
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "core.redis_cache.RedisCache",
            # Nothing listens on port 1: every cache call fails, quietly.
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "IGNORE_EXCEPTIONS": True},
        },
    }
    drawn = []

    def draw(context):
        drawn.append(context)
        return sidebar_props(context)

    request = rf.get("/admin/")
    request.user = user
    pages = [sidebar.sidebar_kept(draw, {"request": request}) for _ in range(2)]
    assert len(drawn) == 2 and "Tess" in pages[0] and pages[0] == pages[1]
    assert len(sidebar._kept) == 0


def test_a_notice_dismissed_shows_as_dismissed_on_the_next_page(kept, django_user_model):
    from wagtail.users.models import UserProfile

    user = _staff(django_user_model, "officer", Role.TRIAGE_OFFICER)
    client = _signed_in(user)
    before = json.dumps(_props(client))
    notice = re.search(r'"data-w-dismissible-id-value": "([^"]+)"', before)
    assert notice, "Wagtail's menu has a dismissible notice"
    assert "data-w-dismissible-dismissed-value" not in before
    profile = UserProfile.get_for_user(user)
    profile.dismissibles = {notice.group(1): True}
    profile.save()
    assert "data-w-dismissible-dismissed-value" in json.dumps(_props(client))

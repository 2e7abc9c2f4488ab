"""Reference data from CSV: teams, areas, staff and nominals.

Every row is checked and every bad row reported (row number, column, what is wrong). Nothing
is written unless every row is good, and a dry run writes nothing at all: the whole import
runs in one transaction that is rolled back.
"""

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from staff.constants import STAFF_GROUP_BY_ROLE, Role, TeamKind
from staff.models import StaffProfile, Team, Unit

from . import normalise
from .constants import IdentifierKind, NominalCategory, RiskLevel, Sex
from .models import Area, Nominal, NominalAddress, NominalIdentifier, NominalName


class RowError(Exception):
    pass


@dataclass
class ImportResult:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


class _Rollback(Exception):
    pass


def _required(row: dict[str, str], column: str) -> str:
    value = (row.get(column) or "").strip()
    if not value:
        raise RowError(f"{column}: required")
    return value


def _choice(row: dict[str, str], column: str, choices: Any) -> str:
    value = _required(row, column).lower().replace(" ", "_")
    valid = {c.value for c in choices}
    if value not in valid:
        raise RowError(f"{column}: {value!r} is not one of {', '.join(sorted(valid))}")
    return value


def _optional_choice(row: dict[str, str], column: str, choices: Any) -> str:
    """A choice that may be left blank (blank: not recorded)."""
    value = (row.get(column) or "").strip().lower().replace(" ", "_")
    valid = {c.value for c in choices}
    if value and value not in valid:
        raise RowError(f"{column}: {value!r} is not one of {', '.join(sorted(valid))} or blank")
    return value


def _date(row: dict[str, str], column: str) -> date | None:
    value = (row.get(column) or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise RowError(f"{column}: {value!r} is not a date (YYYY-MM-DD)") from error


def _list(row: dict[str, str], column: str) -> list[str]:
    return [item.strip() for item in (row.get(column) or "").split(";") if item.strip()]


def _team(name: str, column: str) -> Team:
    team = Team.objects.filter(name=name).first()
    if team is None:
        raise RowError(f"{column}: no team named {name!r}")
    return team


def _import_team(row: dict[str, str]) -> bool:
    unit, _ = Unit.objects.get_or_create(name=_required(row, "unit"))
    _, created = Team.objects.update_or_create(
        name=_required(row, "name"),
        defaults={
            "unit": unit,
            "kind": _choice(row, "kind", TeamKind),
            "email": (row.get("email") or "").strip(),
        },
    )
    return created


def _import_area(row: dict[str, str]) -> bool:
    district = normalise.district(_required(row, "district"))
    if not district:
        raise RowError(f"district: {row['district']!r} is not a postcode district")
    desk_name = (row.get("disclosure_desk") or "").strip()
    _, created = Area.objects.update_or_create(
        district=district,
        defaults={
            "name": (row.get("name") or "").strip(),
            "team": _team(_required(row, "team"), "team"),
            "disclosure_desk": _team(desk_name, "disclosure_desk") if desk_name else None,
        },
    )
    return created


def _import_staff(row: dict[str, str]) -> bool:
    from django.contrib.auth.models import Group

    role = _choice(row, "role", Role)
    team = _team(_required(row, "team"), "team")
    user, created = get_user_model().objects.get_or_create(
        username=_required(row, "username"),
        defaults={
            "email": (row.get("email") or "").strip(),
            "first_name": (row.get("first_name") or "").strip(),
            "last_name": (row.get("last_name") or "").strip(),
        },
    )
    if created:
        # New staff set their own password (and their one-time password device) on first use.
        user.set_unusable_password()
        user.save(update_fields=["password"])
    StaffProfile.objects.update_or_create(
        user=user,
        defaults={
            "role": role,
            "team": team,
            "on_duty": (row.get("on_duty") or "").strip().lower() in {"1", "yes", "true"},
        },
    )
    group, _ = Group.objects.get_or_create(name=STAFF_GROUP_BY_ROLE[role])
    user.groups.add(group)
    return created


def _import_nominal(row: dict[str, str]) -> bool:
    manager_name = (row.get("offender_manager") or "").strip()
    manager = None
    if manager_name:
        manager = get_user_model().objects.filter(username=manager_name).first()
        if manager is None:
            raise RowError(f"offender_manager: no staff user {manager_name!r}")
    addresses = []
    for item in _list(row, "addresses"):
        parts = [part.strip() for part in item.split("|")]
        if len(parts) < 2 or not normalise.postcode(parts[1]):
            raise RowError(f"addresses: {item!r} is not 'address|postcode|from|to'")
        valid = [_date({"d": p}, "addresses") if p else None for p in [*parts[2:4], "", ""][:2]]
        addresses.append((parts[0], parts[1], *valid))
    nominal, created = Nominal.objects.update_or_create(
        force_reference=_required(row, "force_reference"),
        defaults={
            "given_name": _required(row, "given_name"),
            "family_name": _required(row, "family_name"),
            "date_of_birth": _date(row, "date_of_birth"),
            "sex": _optional_choice(row, "sex", Sex),
            "category": _choice(row, "category", NominalCategory),
            "risk_level": _choice(row, "risk_level", RiskLevel),
            "next_home_visit_due": _date(row, "next_home_visit_due"),
            "court_order_conditions": (row.get("court_order_conditions") or "").strip(),
            "offender_manager": manager,
        },
    )
    # The file is the record: a re-import replaces names, addresses and identifiers.
    nominal.names.all().delete()
    nominal.addresses.all().delete()
    nominal.identifiers.all().delete()
    NominalName.objects.create(nominal=nominal, full_name=nominal.full_name)
    for alias in _list(row, "aliases"):
        NominalName.objects.create(nominal=nominal, full_name=alias, is_alias=True)
    for address, postcode, valid_from, valid_to in addresses:
        NominalAddress.objects.create(
            nominal=nominal,
            address=address,
            postcode=postcode,
            valid_from=valid_from,
            valid_to=valid_to,
        )
    for kind, column in (
        (IdentifierKind.VEHICLE, "vehicles"),
        (IdentifierKind.PHONE, "phones"),
        (IdentifierKind.USERNAME, "usernames"),
    ):
        for value in _list(row, column):
            NominalIdentifier.objects.create(nominal=nominal, kind=kind, value=value)
    return created


IMPORTERS: dict[str, tuple[Callable[[dict[str, str]], bool], tuple[str, ...]]] = {
    "teams": (_import_team, ("unit", "name", "kind")),
    "areas": (_import_area, ("district", "team")),
    "staff": (_import_staff, ("username", "role", "team")),
    "nominals": (
        _import_nominal,
        ("force_reference", "given_name", "family_name", "category", "risk_level"),
    ),
}


def import_csv(*, kind: str, text: str | Iterable[str], dry_run: bool = False) -> ImportResult:
    importer, required_columns = IMPORTERS[kind]
    result = ImportResult(kind=kind, dry_run=dry_run)
    reader = csv.DictReader(io.StringIO(text) if isinstance(text, str) else text)
    missing = [c for c in required_columns if c not in (reader.fieldnames or [])]
    if missing:
        result.errors.append(f"Header: missing column(s) {', '.join(missing)}")
        return result
    try:
        with transaction.atomic():
            for number, row in enumerate(reader, start=2):
                result.rows += 1
                try:
                    with transaction.atomic():
                        created = importer(row)
                except RowError as error:
                    result.errors.append(f"Row {number}: {error}")
                    continue
                if created:
                    result.created += 1
                else:
                    result.updated += 1
            if dry_run or result.errors:
                raise _Rollback
    except _Rollback:
        pass
    return result

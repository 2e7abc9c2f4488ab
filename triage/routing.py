"""Who a new case goes to, by the routing rules in the admin, and why.

The rules are tried in order; the first that can route the case decides. A rule that cannot
(no strong match, no team for the postcode area) is passed over and says why, so the
recorded reason tells staff every step of the decision.

The routing table (the active rules, every postcode district's area and each unit's
disclosure desk) is the same for every case until someone changes it in the admin, and
reading it cost two queries and about a fifth of the worker's time for each report
(docs/performance.md, "Worker CPU"). Each process keeps it in memory under a generation in
the shared cache, replaced when a rule, an area or a team is saved or deleted and the change
is committed, so every worker routes by the new table from its next case. A process that has
itself changed the table in a transaction not yet committed reads it afresh and keeps
nothing; so does one that cannot reach the shared cache: a stale table would send a case to
the wrong team, and a query is cheaper than that.
"""

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from core.generations import generation_bump, generation_read
from staff.constants import TeamKind
from staff.models import StaffProfile, Team

from . import normalise
from .constants import STRONG_MATCH_SCORE, RoutingCondition, RoutingTarget
from .models import Area, Nominal, RoutingRule


@dataclass
class RoutingDecision:
    team: Team | None = None
    assignee: Any = None
    rule_id: int | None = None
    reasons: list[str] = field(default_factory=list)

    def as_detail(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "team_id": self.team.pk if self.team else None,
            "assignee_id": self.assignee.pk if self.assignee else None,
            "reasons": self.reasons,
        }


def district_for(answers: dict[str, Any] | None) -> str:
    """The postcode district a submission belongs to: where it happened, else the subject's."""
    answers = answers or {}
    for part in ("place", "subject"):
        section = answers.get(part)
        postcode = section.get("postcode") if isinstance(section, dict) else None
        if isinstance(postcode, str) and (district := normalise.district(postcode)):
            return district
    return ""


GENERATION_KEY = "triage:routing-generation"
# Without a shared cache that every process sees (the in-memory cache of `make run`), a
# process's copy still goes after this long.
TABLE_SECONDS = 300


@dataclass(frozen=True)
class RoutingTable:
    rules: tuple[RoutingRule, ...]
    areas: dict[str, Area]
    # The first disclosure desk of each unit by name: for an area that names none.
    unit_desks: dict[int, Team]

    def disclosure_desk_for(self, area: Area) -> Team | None:
        if area.disclosure_desk_id:
            return area.disclosure_desk
        return self.unit_desks.get(area.team.unit_id)


class _Kept(threading.local):
    table: tuple[str, float, RoutingTable] | None = None


_kept = _Kept()


def _table_read() -> RoutingTable:
    desks: dict[int, Team] = {}
    for desk in Team.objects.filter(kind=TeamKind.DISCLOSURE_DESK).order_by("-name"):
        desks[desk.unit_id] = desk
    return RoutingTable(
        rules=tuple(RoutingRule.objects.filter(is_active=True).select_related("team")),
        areas={
            area.district: area for area in Area.objects.select_related("team", "disclosure_desk")
        },
        unit_desks=desks,
    )


def _own_change_pending() -> bool:
    """This process has changed the table in the transaction it is in. Django drops the
    transaction's on-commit callbacks when it (or the savepoint that made the change) rolls
    back, so the bump still waiting among them is the exact answer."""
    return connection.in_atomic_block and any(
        entry[1] is _generation_bump for entry in connection.run_on_commit
    )


def routing_table() -> RoutingTable:
    """The table to route by: this process's copy while it is current, else read afresh."""
    if not settings.ROUTING_CACHE_ENABLED or _own_change_pending():
        return _table_read()
    generation = generation_read(GENERATION_KEY)
    if generation is None:
        return _table_read()
    now = time.monotonic()
    if _kept.table is not None:
        kept_generation, kept_at, table = _kept.table
        if kept_generation == generation and now - kept_at < TABLE_SECONDS:
            return table
    table = _table_read()
    _kept.table = (generation, now, table)
    return table


def _generation_bump() -> None:
    _kept.table = None
    generation_bump(GENERATION_KEY)


def on_table_changed(**kwargs: Any) -> None:
    """A rule, area or team was saved or deleted: every process reads the table afresh once
    the change is committed, and this one meanwhile."""
    _kept.table = None
    if not _own_change_pending():
        transaction.on_commit(_generation_bump)


def route(
    *,
    scheme: str,
    district: str,
    nominal: Nominal | None,
    match_score: int | None,
) -> RoutingDecision:
    """Decide the team and assignee. `nominal` is a confirmed match or the best suggestion."""
    decision = RoutingDecision()
    table = routing_table()
    area = table.areas.get(district) if district else None
    strong = nominal is not None and (match_score is None or match_score >= STRONG_MATCH_SCORE)
    for rule in table.rules:
        if rule.scheme and rule.scheme != scheme:
            continue
        label = f"Rule {rule.order} ({rule.get_target_display().lower()})"
        if rule.condition == RoutingCondition.MATCHED_NOMINAL and not strong:
            decision.reasons.append(f"{label}: passed over, no confirmed or strong match")
            continue
        if rule.target == RoutingTarget.NOMINAL_MANAGER:
            manager = nominal.offender_manager if nominal else None
            if manager is None or not manager.is_active:
                decision.reasons.append(f"{label}: passed over, the nominal has no manager")
                continue
            profile = StaffProfile.objects.filter(user=manager).select_related("team").first()
            decision.assignee = manager
            decision.team = profile.team if profile else None
            how = "confirmed" if match_score is None else f"matched with score {match_score}"
            decision.reasons.append(
                f"{label}: about nominal {nominal.force_reference} ({how}), "
                f"to their offender manager {manager.get_username()}"
            )
        elif rule.target == RoutingTarget.AREA_TEAM:
            if area is None:
                decision.reasons.append(
                    f"{label}: passed over, no team covers postcode district "
                    f"{district or '(none given)'}"
                )
                continue
            decision.team = area.team
            decision.reasons.append(f"{label}: postcode district {district} is {area.team}")
        elif rule.target == RoutingTarget.AREA_DISCLOSURE_DESK:
            desk = table.disclosure_desk_for(area) if area else None
            if desk is None:
                decision.reasons.append(
                    f"{label}: passed over, no disclosure desk for postcode district "
                    f"{district or '(none given)'}"
                )
                continue
            decision.team = desk
            decision.reasons.append(f"{label}: postcode district {district} goes to {desk}")
        elif rule.target == RoutingTarget.FIXED_TEAM:
            if rule.team is None:
                decision.reasons.append(f"{label}: passed over, it names no team")
                continue
            decision.team = rule.team
            decision.reasons.append(f"{label}: to {rule.team}")
        decision.rule_id = rule.pk
        return decision
    decision.reasons.append("No rule applied: the case waits unassigned for a triage officer")
    return decision

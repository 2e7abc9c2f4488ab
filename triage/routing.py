"""Who a new case goes to, by the routing rules in the admin, and why.

The rules are tried in order; the first that can route the case decides. A rule that cannot
(no strong match, no team for the postcode area) is passed over and says why, so the
recorded reason tells staff every step of the decision.
"""

from dataclasses import dataclass, field
from typing import Any

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


def disclosure_desk_for(area: Area) -> Team | None:
    if area.disclosure_desk_id:
        return area.disclosure_desk
    return (
        Team.objects.filter(unit_id=area.team.unit_id, kind=TeamKind.DISCLOSURE_DESK)
        .order_by("name")
        .first()
    )


def route(
    *,
    scheme: str,
    district: str,
    nominal: Nominal | None,
    match_score: int | None,
) -> RoutingDecision:
    """Decide the team and assignee. `nominal` is a confirmed match or the best suggestion."""
    decision = RoutingDecision()
    area = (
        Area.objects.select_related("team", "disclosure_desk").filter(district=district).first()
        if district
        else None
    )
    strong = nominal is not None and (match_score is None or match_score >= STRONG_MATCH_SCORE)
    rules = RoutingRule.objects.filter(is_active=True).select_related("team")
    for rule in rules:
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
            desk = disclosure_desk_for(area) if area else None
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

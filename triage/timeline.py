"""A case's audit trail in words: what happened, by whom, and the detail that matters.

Events hold ids and codes (never what people wrote), so this turns them back into names and
labels for the case page, with one query per kind of thing looked up, whatever the length of
the trail.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.dateparse import parse_datetime
from django.utils.timezone import localtime

from intake.constants import EvidenceKind, Scheme
from intake.models import EvidenceFile
from staff.models import Team

from .constants import (
    CaseStatus,
    DeadlineKind,
    DecisionForum,
    DisclosureDecision,
    DisclosureMethod,
    DisclosureRecipient,
    EventKind,
    LetterChannel,
    LetterKind,
    NoDisclosureReason,
    Outcome,
    Priority,
    Undertaking,
)
from .models import CaseEvent, Nominal

# What a refused user was trying to do, by the action code that access records.
ACTION_WORDS = {
    "view": "open the case",
    "assign": "assign the case",
    "take": "take the case",
    "priority": "change the priority",
    "note": "add a note",
    "duplicate": "link a duplicate",
    "pause": "pause the clock",
    "resume": "resume the clock",
    "triage": "mark the case as triaged",
    "checks": "start checks",
    "contact": "record contact",
    "forum": "refer to a decision forum",
    "decision": "record the decision",
    "close": "close the case",
    "match_confirm": "confirm a match",
    "match_reject": "reject a match",
    "ratify": "record the forum's ratification",
    "record_disclosure": "record the disclosure",
    "record_undertaking": "record the undertaking",
    "record_safety_plan": "record the safety plan",
    "produce_letter": "produce a letter",
    "download_letter": "download a letter",
}


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    what: str
    by: str
    detail: str


def _label(choices: Any, value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value).replace("_", " ")


def _duration(seconds: int) -> str:
    delta = timedelta(seconds=max(seconds, 0))
    days, hours = delta.days, delta.seconds // 3600
    minutes = (delta.seconds % 3600) // 60
    parts = [
        f"{count} {unit}{'' if count == 1 else 's'}"
        for count, unit in ((days, "day"), (hours, "hour"), (minutes, "minute"))
        if count
    ]
    return " ".join(parts) or "less than a minute"


def _when(value: Any) -> str:
    parsed = parse_datetime(value) if isinstance(value, str) else None
    return localtime(parsed).strftime("%-d %B %Y %H:%M") if parsed else ""


def _day(value: Any) -> str:
    try:
        return date.fromisoformat(str(value)[:10]).strftime("%-d %B %Y")
    except ValueError:
        return ""


def _person(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


class _Names:
    """The people, teams and nominals a trail mentions, each fetched once."""

    def __init__(self, events: list[CaseEvent]):
        user_ids, team_ids, nominal_ids = set(), set(), set()
        for event in events:
            detail = event.detail or {}
            for side in ("from", "to"):
                part = detail.get(side)
                if isinstance(part, dict):
                    user_ids.add(part.get("assignee_id"))
                    team_ids.add(part.get("team_id"))
            user_ids.update(detail.get("user_ids") or [])
            user_ids.add(detail.get("assignee_id"))
            user_ids.add(detail.get("decided_by"))
            team_ids.add(detail.get("team_id"))
            nominal_ids.add(detail.get("nominal_id"))
            nominal_ids.update(pair[0] for pair in detail.get("matches") or [] if pair)
        self.users = {
            user.pk: user
            for user in get_user_model().objects.filter(
                pk__in=[pk for pk in user_ids if isinstance(pk, int)]
            )
        }
        self.teams = dict(
            Team.objects.filter(pk__in=[pk for pk in team_ids if isinstance(pk, int)]).values_list(
                "pk", "name"
            )
        )
        self.nominals = dict(
            Nominal.objects.filter(
                pk__in=[pk for pk in nominal_ids if isinstance(pk, int)]
            ).values_list("pk", "force_reference")
        )
        # Files sent as evidence, by their type and when they were sent (never their names,
        # which the sender chose): only looked up when the trail mentions one.
        evidence_ids = {
            (event.detail or {}).get("evidence_id")
            for event in events
            if event.kind in (EventKind.EVIDENCE_VIEWED, EventKind.EVIDENCE_DOWNLOADED)
        } - {None}
        self.evidence = (
            {
                str(pk): f"{_label(EvidenceKind, kind)} sent {localtime(sent):%-d %B %Y %H:%M}"
                for pk, kind, sent in EvidenceFile.objects.filter(
                    pk__in=list(evidence_ids)
                ).values_list("pk", "kind", "uploaded_at")
            }
            if evidence_ids
            else {}
        )

    def user(self, pk: Any) -> str:
        return _person(self.users.get(pk)) or "nobody"

    def holder(self, part: Any) -> str:
        if not isinstance(part, dict):
            return "nobody"
        who = self.user(part.get("assignee_id")) if part.get("assignee_id") else "nobody"
        team = self.teams.get(part.get("team_id"))
        return f"{who} ({team})" if team else who

    def nominal(self, pk: Any) -> str:
        return self.nominals.get(pk, "a nominal since removed")


def _detail(event: CaseEvent, names: _Names) -> str:
    detail = event.detail or {}
    kind = event.kind
    if kind == EventKind.OPENED:
        priority = _label(Priority, detail.get("priority"))
        words = [_label(Scheme, detail.get("scheme")), f"{priority} priority"]
        if detail.get("right_to_know"):
            words.insert(1, "Right to Know")
        return ", ".join(words)
    if kind == EventKind.STATUS_CHANGED:
        before, after = _label(CaseStatus, detail.get("from")), _label(CaseStatus, detail.get("to"))
        words = f"{before} to {after}"
        if detail.get("outcome"):
            timing = "on time" if detail.get("on_time") else "late"
            words += f"; outcome: {_label(Outcome, detail['outcome'])}, {timing}"
        if detail.get("forum"):
            forum = _label(DecisionForum, detail["forum"])
            words += f"; forum: {forum} {detail.get('forum_reference', '')}"
        if detail.get("decision"):
            words += f"; {_label(DisclosureDecision, detail['decision']).lower()}"
            if detail.get("reason"):
                words += f" ({_label(NoDisclosureReason, detail['reason']).lower()})"
            if detail.get("immediate_risk"):
                words += ", immediate risk: decided before the forum"
        elif "disclose" in detail:
            words += "; disclose" if detail["disclose"] else "; do not disclose"
            if detail.get("decided_by"):
                words += f", decided by {names.user(detail['decided_by'])}"
            if detail.get("in_person"):
                words += ", in person"
        if "identity_checked" in detail:
            checked = "identity checked" if detail["identity_checked"] else "identity not checked"
            method = str(detail.get("method") or "").replace("_", " ")
            words += f"; {method}, {checked}" if method else f"; {checked}"
        return words.strip()
    if kind == EventKind.ASSIGNED:
        return f"from {names.holder(detail.get('from'))} to {names.holder(detail.get('to'))}"
    if kind == EventKind.PRIORITY_CHANGED:
        words = f"{_label(Priority, detail.get('from'))} to {_label(Priority, detail.get('to'))}"
        return f"{words}: {detail['reason']}" if detail.get("reason") else words
    if kind == EventKind.ROUTED:
        team = names.teams.get(detail.get("team_id"))
        reasons = "; ".join(str(reason) for reason in detail.get("reasons") or [])
        to = f"to {team}" if team else "to nobody yet"
        return f"{to}: {reasons}" if reasons else to
    if kind in (EventKind.DEADLINE_MET, EventKind.REMINDER_SENT, EventKind.ESCALATED):
        words = _label(DeadlineKind, detail.get("deadline"))
        if kind == EventKind.DEADLINE_MET:
            words += ", on time" if detail.get("on_time") else ", late"
        if detail.get("user_ids"):
            words += " to " + ", ".join(names.user(pk) for pk in detail["user_ids"])
        return words
    if kind == EventKind.SUPERVISOR_ALERTED:
        people = ", ".join(names.user(pk) for pk in detail.get("user_ids") or [])
        return people or "no supervisor on duty"
    if kind == EventKind.CLOCK_PAUSED:
        return str(detail.get("reason", ""))
    if kind == EventKind.CLOCK_RESUMED:
        words = f"deadlines extended by {_duration(int(detail.get('extended_by_seconds') or 0))}"
        if detail.get("due_at"):
            words += f", next due {_when(detail['due_at'])}"
        return f"{words} (paused: {detail['reason']})" if detail.get("reason") else words
    if kind in (EventKind.MATCH_CONFIRMED, EventKind.MATCH_REJECTED):
        return f"{names.nominal(detail.get('nominal_id'))}, score {detail.get('score')}"
    if kind == EventKind.MATCH_SUGGESTED:
        return ", ".join(
            f"{names.nominal(pair[0])} ({pair[1]})" for pair in detail.get("matches") or []
        )
    if kind == EventKind.DUPLICATE_LINKED:
        return f"of {detail.get('duplicate_of', '')}"
    if kind == EventKind.ACCESS_REFUSED:
        action = str(detail.get("action", ""))
        return f"tried to {ACTION_WORDS.get(action, action.replace('_', ' '))}"
    if kind == EventKind.EXPORTED:
        return f"in a {str(detail.get('format', '')).upper()} export"
    if kind == EventKind.SEARCHED:
        return "listed in search results"
    if kind == EventKind.DECISION_RATIFIED:
        forum = _label(DecisionForum, detail.get("forum"))
        return (
            f"by {forum} {detail.get('forum_reference', '')} on {_day(detail.get('ratified_on'))}"
        )
    if kind == EventKind.DISCLOSURE_RECORDED:
        recipient = _label(DisclosureRecipient, detail.get("recipient")).lower()
        method = _label(DisclosureMethod, detail.get("method")).lower()
        return f"to {recipient}, {method}, on {_when(detail.get('disclosed_at'))}"
    if kind == EventKind.UNDERTAKING_RECORDED:
        undertaking = _label(Undertaking, detail.get("undertaking"))
        return f"{undertaking}, {_day(detail.get('on'))}"
    if kind == EventKind.SAFETY_PLAN_RECORDED:
        return "with referrals to support" if detail.get("referrals") else "no referral made"
    if kind == EventKind.LETTER_PRODUCED:
        letter = _label(LetterKind, detail.get("letter"))
        return f"{letter}: {_label(LetterChannel, detail.get('channel')).lower()}"
    if kind == EventKind.LETTER_DOWNLOADED:
        return _label(LetterKind, detail.get("letter"))
    if kind in (EventKind.EVIDENCE_VIEWED, EventKind.EVIDENCE_DOWNLOADED):
        return names.evidence.get(str(detail.get("evidence_id")), "a file since deleted")
    return ""


def case_timeline(events: list[CaseEvent]) -> list[TimelineEntry]:
    """The trail, oldest first, in words."""
    names = _Names(events)
    return [
        TimelineEntry(
            at=event.at,
            what=event.get_kind_display(),
            by=_person(event.actor),
            detail=_detail(event, names),
        )
        for event in events
    ]

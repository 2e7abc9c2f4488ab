"""What the database holds after the run, set against what each person saw."""

import json
import re
import statistics
import time
from collections import Counter, defaultdict
from datetime import datetime
from typing import Any

from .sender import MARKER_PREFIX, Seen

_MARKER = re.compile(rf"{MARKER_PREFIX}-[a-z0-9_]+-\d{{4}}-[0-9a-f]{{8}}")

GOALS = ("lost", "duplicated", "error_but_saved", "reference_not_saved")
COUNTS = (
    "sent",
    "shown",
    "saved",
    "cases",
    *GOALS,
    "errors_shown",
    "pressed_again",
    "saved_not_routed",
)
TWICE = ("opened", "routed")  # a case's events that must be recorded once


def backlog(since: datetime) -> dict[str, int]:
    """Submissions since `since` without a case, and routing messages still pending."""
    from intake.constants import ROUTE_SUBMISSION_TASK, OutboxStatus
    from intake.models import OutboxMessage, Submission

    return {
        "without_case": Submission.objects.filter(
            submitted_at__gte=since, case__isnull=True
        ).count(),
        "pending": OutboxMessage.objects.filter(
            created_at__gte=since,
            task_name=ROUTE_SUBMISSION_TASK,
            status=OutboxStatus.PENDING,
        ).count(),
    }


def drain_wait(since: datetime, *, timeout: float) -> float | None:
    """Wait, at most `timeout` seconds, until every submission since `since` has its case and
    the outbox holds nothing pending; the seconds waited, or None if it never drained."""
    from django.db import OperationalError, close_old_connections

    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            if not any(backlog(since).values()):
                return round(time.monotonic() - started, 1)
        except OperationalError:
            close_old_connections()
        time.sleep(1)
    return None


def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def tally(seens: list[Seen], since: datetime) -> dict[str, dict[str, Any]]:
    """Per scenario: the counts of the table, from the database and the senders' pages."""
    from django.db import connection

    from intake.models import Submission
    from triage.constants import EventKind
    from triage.models import Case, CaseEvent

    connection.close()  # a connection from before an outage may be dead
    submissions = defaultdict(list)  # marker -> [(id, reference, submitted_at)]
    unmarked = 0
    for submission in Submission.objects.filter(submitted_at__gte=since).only(
        "id", "reference", "submitted_at", "answers"
    ):
        found = set(_MARKER.findall(json.dumps(submission.answers)))
        if len(found) != 1:
            unmarked += 1
            continue
        submissions[found.pop()].append(
            (submission.pk, submission.reference, submission.submitted_at)
        )
    ids = [row[0] for rows in submissions.values() for row in rows]
    case_of = dict(Case.objects.filter(submission_id__in=ids).values_list("submission_id", "id"))
    events = Counter(
        CaseEvent.objects.filter(
            case_id__in=case_of.values(), kind__in=[EventKind.OPENED, EventKind.ROUTED]
        ).values_list("case_id", "kind")
    )
    routed_at: dict[Any, datetime] = {}
    for case_id, at in (
        CaseEvent.objects.filter(case_id__in=case_of.values(), kind=EventKind.ROUTED)
        .order_by("at")
        .values_list("case_id", "at")
    ):
        routed_at.setdefault(case_id, at)

    by_scenario: dict[str, list[Seen]] = defaultdict(list)
    for seen in seens:
        by_scenario[seen.scenario].append(seen)
    results = {}
    for scenario, group in by_scenario.items():
        row = Counter()
        delays: list[float] = []
        examples: dict[str, list[str]] = defaultdict(list)
        for seen in group:
            saved = submissions.get(seen.marker, [])
            cases = [case_of[pk] for pk, _, _ in saved if pk in case_of]
            row["sent"] += 1
            row["shown"] += bool(seen.reference)
            row["errors_shown"] += not seen.reference
            row["pressed_again"] += seen.sends > 1
            row["saved"] += len(saved)
            row["cases"] += len(cases)
            if seen.reference and seen.reference not in {ref for _, ref, _ in saved}:
                row["reference_not_saved"] += 1
                examples["reference_not_saved"].append(seen.marker)
            elif seen.reference and not cases:
                row["lost"] += 1
                examples["lost"].append(seen.reference)
            twice = any(events[(case, kind)] > 1 for case in cases for kind in TWICE)
            if len(saved) > 1 or twice:
                row["duplicated"] += 1
                examples["duplicated"].append(seen.marker)
            if not seen.reference and saved:
                row["error_but_saved"] += 1
                examples["error_but_saved"].append(f"{seen.marker}: {'; '.join(seen.steps)}")
            row["saved_not_routed"] += sum(1 for pk, _, _ in saved if pk not in case_of)
            for pk, _, submitted_at in saved:
                if pk in case_of and case_of[pk] in routed_at:
                    delays.append((routed_at[case_of[pk]] - submitted_at).total_seconds())
        errors = Counter(seen.error for seen in group if seen.error)
        results[scenario] = {
            **{key: row[key] for key in COUNTS},
            "routed_p50_s": _percentile(delays, 0.5),
            "routed_p95_s": _percentile(delays, 0.95),
            "routed_max_s": max(delays) if delays else None,
            "routed_mean_s": round(statistics.fmean(delays), 2) if delays else None,
            "errors": dict(errors.most_common()),
            "examples": {key: value[:5] for key, value in examples.items()},
        }
    results["_unmarked_submissions"] = unmarked
    return results


def goals_missed(results: dict[str, Any]) -> list[str]:
    return [
        f"{scenario}: {goal} = {figures[goal]}"
        for scenario, figures in results.items()
        if isinstance(figures, dict)
        for goal in GOALS
        if figures[goal]
    ]

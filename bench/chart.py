"""Latency against offered rate, drawn beside each report: where the send to a routed case
and the whole journey's pages bend as the load rises.

Two panels, from the results of one run: send to routed case (p50 and p95) at each rate of
`results["send_by_rate"]`, and the whole journey's page time (p50 and p95) at each rate of
`results["journey"]["by_rate"]`. Drawn with matplotlib's Agg backend (no display needed).
"""

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

SEND_GOAL_MS = 1000


def _points(rows: list[dict[str, Any]], key: str) -> tuple[list[float], list[float]]:
    found = [(row["rate"], row[key]) for row in rows if row.get(key) is not None]
    return [rate for rate, _ in found], [value for _, value in found]


def latency_chart_write(results: dict[str, Any], path: Path) -> Path | None:
    """Write the chart as a PNG at `path`; None (and nothing written) without the data."""
    sends = results.get("send_by_rate") or []
    journeys = (results.get("journey") or {}).get("by_rate") or []
    if not sends and not journeys:
        return None
    figure, (send_axes, journey_axes) = plt.subplots(1, 2, figsize=(11, 4.2))
    for key, style in (("to_case_p50_ms", "o-"), ("to_case_p95_ms", "s-")):
        rates, values = _points(sends, key)
        send_axes.plot(rates, values, style, label=key.removeprefix("to_case_").split("_")[0])
    send_axes.axhline(SEND_GOAL_MS, color="grey", linestyle="--", label="goal (p95 < 1 s)")
    send_axes.set(
        title="Send to routed case",
        xlabel="reports offered a second",
        ylabel="milliseconds from send to routed",
        yscale="log",
    )
    for key, style in (("page_p50_ms", "o-"), ("page_p95_ms", "s-")):
        rates, values = _points(journeys, key)
        journey_axes.plot(rates, values, style, label=key.removeprefix("page_").split("_")[0])
    journey_axes.set(
        title="Whole concern report: each page",
        xlabel="journeys started a second",
        ylabel="milliseconds a page",
    )
    for axes in (send_axes, journey_axes):
        axes.grid(True, which="both", alpha=0.3)
        axes.legend()
        axes.set_ylim(bottom=0 if axes is journey_axes else None)
    figure.suptitle(f"{results.get('commit', '')} {results.get('date', '')}".strip())
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return path

"""Charts drawn on the server as SVG: no script, nothing fetched from elsewhere.

Each chart is an image with a name and a description for screen readers (role="img",
<title>, <desc>), its labels and values as real text, and is always shown beside a table of
the same figures (templates/triage/dashboard_charts.html). Pure functions: figures in,
markup out.
"""

import math
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

SVG_NS = "http://www.w3.org/2000/svg"

WIDTH = 640
HEIGHT = 240
LEFT = 48  # room for the value axis
RIGHT = 12
TOP = 24  # room for a value over the tallest bar
BOTTOM = 40  # room for the labels along the bottom

# A blue that keeps a contrast of at least 3:1 on the admin's light and dark backgrounds.
BAR_COLOUR = "#2e75b6"
GRID_COLOUR = "#8a8a8a"


@dataclass(frozen=True)
class Bar:
    value: float | None  # None: nothing to show (e.g. no case closed that month)
    label: str | None = None  # along the bottom; None leaves the bar unlabelled
    text: str | None = None  # written over the bar, e.g. "83%"


def nice_ceiling(value: float) -> tuple[float, float]:
    """A round top for a value axis and the step between its lines (about four of them):
    13 gives (15, 5), 0 gives (1, 1)."""
    if value <= 0:
        return 1, 1
    raw = value / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(
        multiple * magnitude for multiple in (1, 2, 2.5, 5, 10) if multiple * magnitude >= raw
    )
    if step < 1:
        step = 1
    return step * math.ceil(value / step), step


def _number(value: float) -> str:
    return f"{value:g}"


def bar_chart_svg(
    *,
    chart_id: str,
    title: str,
    description: str,
    bars: Sequence[Bar],
    axis_max: float | None = None,
    axis_step: float | None = None,
    axis_suffix: str = "",
) -> str:
    """A bar chart as an SVG element. `chart_id` makes the title's and description's ids
    unique on the page. The value axis runs from 0 to `axis_max` (rounded up from the tallest
    bar if not given)."""
    values = [bar.value for bar in bars if bar.value is not None]
    if axis_max is None:
        axis_max, axis_step = nice_ceiling(max(values, default=0))
    axis_step = axis_step or axis_max / 4
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_height

    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {WIDTH} {HEIGHT}",
            "width": "100%",
            "role": "img",
            "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
            "class": "triage-chart",
            "font-family": "inherit",
            "font-size": "12",
        },
    )
    ET.SubElement(svg, "title", {"id": f"{chart_id}-title"}).text = title
    ET.SubElement(svg, "desc", {"id": f"{chart_id}-desc"}).text = description

    axis = ET.SubElement(svg, "g", {"aria-hidden": "true"})
    steps = round(axis_max / axis_step)
    for index in range(steps + 1):
        level = index * axis_step
        y = baseline - plot_height * level / axis_max
        ET.SubElement(
            axis,
            "line",
            {
                "x1": str(LEFT),
                "x2": str(WIDTH - RIGHT),
                "y1": f"{y:.1f}",
                "y2": f"{y:.1f}",
                "stroke": GRID_COLOUR,
                "stroke-width": "1" if index == 0 else "0.5",
                "stroke-dasharray": "" if index == 0 else "3 3",
            },
        )
        label = ET.SubElement(
            axis,
            "text",
            {
                "x": str(LEFT - 6),
                "y": f"{y + 4:.1f}",
                "text-anchor": "end",
                "fill": "currentColor",
            },
        )
        label.text = f"{_number(level)}{axis_suffix}"

    count = max(len(bars), 1)
    slot = plot_width / count
    bar_width = max(slot * 0.7, 1)
    marks = ET.SubElement(svg, "g")
    for index, bar in enumerate(bars):
        x = LEFT + slot * index + (slot - bar_width) / 2
        centre = x + bar_width / 2
        if bar.value is not None and bar.value > 0:
            height = plot_height * min(bar.value, axis_max) / axis_max
            ET.SubElement(
                marks,
                "rect",
                {
                    "x": f"{x:.1f}",
                    "y": f"{baseline - height:.1f}",
                    "width": f"{bar_width:.1f}",
                    "height": f"{height:.1f}",
                    "fill": BAR_COLOUR,
                },
            )
        else:
            height = 0
        text = bar.text
        if text:
            value_label = ET.SubElement(
                marks,
                "text",
                {
                    "x": f"{centre:.1f}",
                    "y": f"{baseline - height - 5:.1f}",
                    "text-anchor": "middle",
                    "fill": "currentColor",
                    "font-size": "11",
                },
            )
            value_label.text = text
        if bar.label:
            bottom = ET.SubElement(
                marks,
                "text",
                {
                    "x": f"{centre:.1f}",
                    "y": str(baseline + 16),
                    "text-anchor": "middle",
                    "fill": "currentColor",
                },
            )
            bottom.text = bar.label
    return ET.tostring(svg, encoding="unicode")


# --- The dashboard's two charts ---------------------------------------------------------------


def _month_short(day: date) -> str:
    return f"{day:%b}"


def _month_long(day: date) -> str:
    return f"{day:%B %Y}"


def on_time_rate(closed: int, on_time: int) -> int | None:
    return round(100 * on_time / closed) if closed else None


def weekly_received_svg(
    *, chart_id: str, scheme_label: str, weekly: Sequence[tuple[date, int]]
) -> str:
    """Cases received each week: a bar a week, the month named under its first week."""
    total = sum(count for _week, count in weekly)
    busiest = max(weekly, key=lambda item: item[1], default=None)
    bars = []
    previous_month = None
    for week, count in weekly:
        month = (week.year, week.month)
        label = _month_short(week) if previous_month and month != previous_month else None
        previous_month = month
        bars.append(Bar(value=count, label=label))
    if weekly:
        first, last = weekly[0][0], weekly[-1][0]
        span = (
            f"the {len(weekly)} weeks from {first.day} {first:%B %Y} "
            f"to the week of {last.day} {last:%B %Y}"
        )
    else:
        span = "no weeks"
    description = f"{scheme_label}: {total} cases received in {span}."
    if busiest and busiest[1]:
        description += (
            f" The busiest week began {busiest[0].day} {busiest[0]:%B %Y}, with {busiest[1]}."
        )
    return bar_chart_svg(
        chart_id=chart_id,
        title=f"{scheme_label}: cases received per week",
        description=description,
        bars=bars,
    )


def monthly_on_time_svg(
    *, chart_id: str, scheme_label: str, monthly: Sequence[tuple[date, int, int]]
) -> str:
    """The share of cases closed on time, month by month (0 to 100%)."""
    bars = []
    parts = []
    for month, closed, on_time in monthly:
        rate = on_time_rate(closed, on_time)
        bars.append(
            Bar(
                value=rate,
                label=_month_short(month),
                text="none" if rate is None else f"{rate}%",
            )
        )
        parts.append(
            f"{_month_long(month)}: "
            + ("none closed" if rate is None else f"{rate}% of {closed} on time")
        )
    closed_all = sum(closed for _m, closed, _t in monthly)
    on_time_all = sum(on_time for _m, _c, on_time in monthly)
    overall = on_time_rate(closed_all, on_time_all)
    summary = (
        f"{scheme_label}: of {closed_all} cases closed in the last {len(monthly)} months, "
        + ("none were closed." if overall is None else f"{overall}% were closed on time.")
    )
    return bar_chart_svg(
        chart_id=chart_id,
        title=f"{scheme_label}: share closed on time, month by month",
        description=summary + " " + "; ".join(parts) + ".",
        bars=bars,
        axis_max=100,
        axis_step=25,
        axis_suffix="%",
    )

"""Plan charts: the timeline (bars on a calendar, milestones as diamonds, critical path in
vermillion, today as a line) and the dependency graph drawn from core's layered layout."""

from __future__ import annotations

import datetime as dt
from typing import Any

from adapters.charts import style
from adapters.charts.series import _date_axis, _label_margin, _title
from core.reports.plan_charts import DependencyGraph, Timeline, TimelineItem

DAY = dt.timedelta(days=1)
TICK_PAD_PT = 7.0      # a tick label's distance from its axis: tick length + pad (3.5 + 3.5)


def draw_timeline(fig: Any, chart: Timeline) -> bool:
    if not chart.items:
        return False
    from matplotlib.patches import Patch

    small = len(chart.items) > 14
    labels = [style.short(i.label, 24) for i in chart.items]
    # Fixed margins (no constrained layout: it laid every label out twice, a third of the
    # render): the left one from the labels' length, the bottom one for dates and legend.
    fig.subplots_adjust(left=_label_margin(labels, 24, 8 if small else 10), right=0.97,
                        top=0.9, bottom=0.15)
    ax = fig.add_subplot()
    _bars(ax, chart)
    marks = [(row, i.start) for row, i in enumerate(chart.items) if i.milestone]
    if marks:
        ax.scatter([d for _, d in marks], [r for r, _ in marks], marker="D", s=70,
                   color=style.MILESTONE, zorder=3)
    today = dt.datetime.combine(chart.today, dt.time())
    ax.axvline(today, color=style.TODAY, linewidth=1.4, linestyle=":")
    ax.annotate("today", (today, 1.0), xycoords=("data", "axes fraction"), xytext=(3, -12),
                textcoords="offset points", fontsize=10, color=style.TODAY)
    _row_labels(ax, labels, 8 if small else 10)
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    first = min(min(i.start for i in chart.items), chart.today)
    last = max(max(i.end for i in chart.items), chart.today)
    pad = max((last - first) / 20, DAY)
    ax.set_xlim(dt.datetime.combine(first - pad, dt.time()),
                dt.datetime.combine(last + DAY + pad, dt.time()))
    _date_axis(ax)
    fig.legend(handles=[Patch(color=style.CRITICAL, label="critical path"),
                       Patch(color=style.NORMAL, label="task"),
                       Patch(facecolor="white", edgecolor=style.GREY, hatch="//",
                             label="done"),
                       ax.scatter([], [], marker="D", color=style.MILESTONE,
                                  label="milestone")],
               loc="lower center", ncols=4, fontsize=9)
    _title(ax, chart.title)
    return True


def _row_labels(ax: Any, labels: list[str], size: float) -> None:
    """The task names left of the axis where tick labels would be, as plain texts: 30 ticks
    (each two marks, two texts and a grid line) cost a fifth of the render."""
    from matplotlib.transforms import offset_copy

    ax.set_yticks([])
    at = offset_copy(ax.get_yaxis_transform(), fig=ax.figure, x=-TICK_PAD_PT, y=0,
                     units="points")
    for row, label in enumerate(labels):
        ax.text(0, row, label, transform=at, ha="right", va="center_baseline",
                fontsize=size, color=style.INK)


def _bars(ax: Any, chart: Timeline) -> None:
    """The tasks' bars, one `barh` per look (critical or not, done or not), not per task."""
    groups: dict[tuple[bool, bool], list[tuple[int, TimelineItem]]] = {}
    for row, item in enumerate(chart.items):
        if not item.milestone:
            groups.setdefault((item.critical, item.done), []).append((row, item))
    for (critical, done), members in groups.items():
        colour = style.CRITICAL if critical else style.NORMAL
        ax.barh([row for row, _ in members],
                [(i.end - i.start) + DAY for _, i in members],
                left=[dt.datetime.combine(i.start, dt.time()) for _, i in members],
                height=0.6, color=colour, alpha=0.45 if done else 0.95,
                hatch="//" if done else None, edgecolor=colour, linewidth=0.8)


LEFT, RIGHT, BOTTOM, TOP = 0.02, 0.98, 0.1, 0.9
CHAR_EM = 0.6          # DejaVu Sans: mean advance of a label character, in ems


def draw_graph(fig: Any, chart: DependencyGraph) -> bool:
    if not chart.nodes:
        return False
    from matplotlib.patches import Patch

    # The axis is off and the layout is ours: fixed margins (render.figure_for gives this
    # chart no constrained layout, which measured every label twice: half of the render).
    fig.subplots_adjust(left=LEFT, right=RIGHT, top=TOP, bottom=BOTTOM)
    ax = fig.add_subplot()
    place = {n.task_id: (float(n.column), -n.row) for n in chart.nodes}
    xs = [x for x, _ in place.values()]
    ys = [y for _, y in place.values()]
    ax.set_xlim(min(xs) - 0.6, max(xs) + 0.6)
    ax.set_ylim(min(ys) - 0.7, max(ys) + 0.7)
    big = len(chart.nodes) > 20
    size = 7 if big else 9
    labels = {}
    for n in chart.nodes:
        face = style.LIGHT if n.done else "white"
        edge = style.CRITICAL if n.critical else (style.BLOCKED if n.blocked else style.BLUE)
        labels[n.task_id] = text = style.short(n.label, 12 if big else 18)
        ax.text(*place[n.task_id], text + ("\n(blocked)" if n.blocked else ""),
                ha="center", va="center", fontsize=size,
                color=style.GREY if n.done else style.INK,
                bbox={"boxstyle": "round,pad=0.35", "facecolor": face, "edgecolor": edge,
                      "linewidth": 2.0 if (n.critical or n.blocked) else 1.2})
    _arrows(fig, ax, chart, place, labels, size)
    ax.set_axis_off()
    fig.legend(handles=[Patch(facecolor="white", edgecolor=style.CRITICAL, label="critical"),
                       Patch(facecolor="white", edgecolor=style.BLOCKED, label="blocked"),
                       Patch(facecolor=style.LIGHT, edgecolor=style.BLUE, label="done")],
               loc="lower center", ncols=3, fontsize=9)
    _title(ax, chart.title)
    return True


def _arrows(fig: Any, ax: Any, chart: DependencyGraph, place: dict[int, tuple[float, float]],
            labels: dict[int, str], size: float) -> None:
    """All edges as one quiver, from the right side of the blocker's box to the left side
    of the blocked one's. Box widths are estimated from the label length, not measured:
    clipping 30 curved arrows to measured boxes took most of a 60-node render."""
    if not chart.edges:
        return
    width_px = float(fig.get_figwidth() * fig.dpi) * (RIGHT - LEFT)
    x_lo, x_hi = ax.get_xlim()
    per_px = float(x_hi - x_lo) / width_px
    px = size * float(fig.dpi) / 72

    def half(task: int) -> float:
        return (len(labels[task]) * CHAR_EM * px / 2 + 0.5 * px + 4) * per_px

    x0 = [place[a][0] + half(a) for a, _ in chart.edges]
    y0 = [place[a][1] for a, _ in chart.edges]
    x1 = [place[b][0] - half(b) for _, b in chart.edges]
    y1 = [place[b][1] for _, b in chart.edges]
    ax.quiver(x0, y0, [b - a for a, b in zip(x0, x1, strict=True)],
              [b - a for a, b in zip(y0, y1, strict=True)], angles="xy", scale_units="xy",
              scale=1, color=style.GREY, width=0.0022, headwidth=5, headlength=6,
              headaxislength=5, zorder=1)

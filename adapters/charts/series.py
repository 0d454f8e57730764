"""Period charts: burn-up, cumulative flow, lead-time scatter, workload bars. Each draw
function returns False when there is nothing to plot (the caller shows a sentence)."""

from __future__ import annotations

from typing import Any

from adapters.charts import style
from core.reports.charts import BurnUp, CumulativeFlow, LeadTimeScatter, WorkloadBars
from core.reports.period import short_date


def _date_axis(ax: Any) -> None:
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    locator = AutoDateLocator(minticks=3, maxticks=8)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    formatter = ConciseDateFormatter(locator, show_offset=False)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(formatter)


MARGINS = {"right": 0.97, "top": 0.9, "bottom": 0.11}
"""Fixed margins for the one-axis charts: constrained layout measured every label twice
and took about half of a render; these fit the style's fonts at 800x450."""


def _axes(fig: Any, left: float = 0.085) -> Any:
    fig.subplots_adjust(left=left, **MARGINS)
    return fig.add_subplot()


def _label_margin(labels: list[str], limit: int = 18, size: float = 10) -> float:
    """Room for horizontal bar labels (cut at `limit` characters) at font `size`."""
    longest = max((min(len(label), limit) for label in labels), default=4)
    return min(0.32, 0.03 + longest * 0.0105 * (size / 10))


def _title(ax: Any, text: str) -> None:
    """The title at the top of the axes, where matplotlib would put it: given its place,
    the draw skips measuring the axes' tick labels to find one."""
    ax.set_title(style.short(text, 70), y=1.0)


def draw_burn_up(fig: Any, chart: BurnUp) -> bool:
    if not chart.days or not any(chart.scope):
        return False
    ax = _axes(fig)
    marker = "o" if len(chart.days) < 3 else None
    ax.plot(chart.days, chart.scope, color=style.SCOPE, label="scope", marker=marker,
            drawstyle="steps-post")
    ax.plot(chart.days, chart.done, color=style.DONE, label="done", marker=marker,
            drawstyle="steps-post")
    ax.fill_between(chart.days, chart.done, step="post", color=style.DONE, alpha=0.15)
    if chart.forecast:
        xs, ys = zip(*chart.forecast, strict=True)
        ax.plot(xs, ys, color=style.FORECAST, linestyle="--", label="forecast")
        ax.annotate(short_date(xs[-1]), (xs[-1], ys[-1]), textcoords="offset points",
                    xytext=(-4, 6), ha="right", color=style.FORECAST, fontsize=10)
    ax.set_ylim(bottom=0, top=max(chart.scope) * 1.15 + 1)
    ax.set_ylabel("tasks")
    _date_axis(ax)
    ax.legend(loc="upper left")
    _title(ax, chart.title)
    return True


def draw_flow(fig: Any, chart: CumulativeFlow) -> bool:
    totals = [a + b + c for a, b, c in zip(chart.open, chart.in_progress, chart.done,
                                           strict=True)]
    if not chart.days or not any(totals):
        return False
    ax = _axes(fig)
    days = chart.days if len(chart.days) > 1 else chart.days * 2
    def pad(values: list[int]) -> list[int]:
        return values if len(chart.days) > 1 else values * 2
    ax.stackplot(days, pad(chart.done), pad(chart.in_progress), pad(chart.open),
                 labels=["done", "in progress", "open"],
                 colors=[style.DONE, style.IN_PROGRESS, style.OPEN], alpha=0.9)
    ax.set_ylim(0, max(totals) * 1.1 + 1)
    ax.set_ylabel("tasks")
    ax.margins(x=0)
    _date_axis(ax)
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], labels[::-1], loc="upper left")
    _title(ax, chart.title)
    return True


def draw_lead_time(fig: Any, chart: LeadTimeScatter) -> bool:
    if not chart.points or chart.p50 is None or chart.p85 is None:
        return False
    ax = _axes(fig)
    ax.scatter([p.day for p in chart.points], [p.days for p in chart.points], s=28,
               color=style.SKY, edgecolor=style.BLUE, linewidth=0.6, label="task done",
               zorder=3)
    for value, colour, name in ((chart.p50, style.P50, "p50"), (chart.p85, style.P85, "p85")):
        ax.axhline(value, color=colour, linestyle="--", linewidth=1.6, zorder=2)
        ax.annotate(f"{name} {value:.1f} d", (1.0, value), xycoords=("axes fraction", "data"),
                    xytext=(-2, 3), textcoords="offset points", ha="right", va="bottom",
                    color=colour, fontsize=11, zorder=4,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white",
                          "edgecolor": "none", "alpha": 0.85})
    ax.set_ylim(bottom=0, top=max(max(p.days for p in chart.points), chart.p85) * 1.15 + 0.5)
    ax.set_ylabel("days, created to done")
    if len({p.day for p in chart.points}) == 1:
        import datetime as dt
        day = chart.points[0].day
        ax.set_xlim(day - dt.timedelta(days=3), day + dt.timedelta(days=3))
    _date_axis(ax)
    _title(ax, chart.title)
    return True


def draw_workload(fig: Any, chart: WorkloadBars) -> bool:
    if not chart.people:
        return False
    ax = _axes(fig, left=_label_margin(chart.people))
    rows = range(len(chart.people))
    height = 0.38
    ax.barh([r - height / 2 for r in rows], chart.open, height, color=style.OPEN,
            label="open now")
    ax.barh([r + height / 2 for r in rows], chart.done, height, color=style.DONE,
            label="done in period")
    top = max(chart.open + chart.done) or 1
    for r, hours in zip(rows, chart.hours, strict=True):
        if hours:
            value = max(chart.open[r], chart.done[r])
            ax.annotate(f"{hours:g} h logged", (value, r), xytext=(6, 0),
                        textcoords="offset points", va="center", fontsize=9,
                        color=style.INK)
    ax.set_yticks(list(rows), [style.short(p, 18) for p in chart.people])
    # top to bottom, with an empty row under the last person for the legend: inside the
    # bars' area it covered the last rows' "h logged" notes
    ax.set_ylim(len(chart.people) + 0.7, -0.6)
    ax.set_xlim(0, top * 1.3 + 0.5)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("tasks")
    ax.legend(loc="lower right", ncol=2)
    _title(ax, chart.title)
    return True

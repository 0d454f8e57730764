"""Structural checks of every chart kind: a real PNG of the agreed size, not blank, and the
labels a reader needs present in the figure's texts (read before saving)."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from typing import Any

import pytest
from PIL import Image, ImageStat

from adapters.charts.render import PNG_SIGNATURE, Chart, figure_for, render_png
from core.reports.charts import burn_up, cumulative_flow, lead_time_scatter, workload_bars
from core.reports.events import EventKind as K
from core.reports.events import HistoryEvent as E
from core.reports.facts import replay
from core.reports.period import period_between
from core.reports.plan_charts import GraphTask, TimelineItem, dependency_graph, timeline

UTC = dt.UTC
PERIOD = period_between(dt.date(2026, 3, 2), dt.date(2026, 3, 29), "Europe/Berlin")
NOW = dt.datetime(2026, 3, 25, tzinfo=UTC)
TODAY = dt.date(2026, 3, 12)


def _events() -> list[E]:
    out = []
    for i in range(1, 25):
        created = dt.datetime(2026, 3, 2, 9, tzinfo=UTC) + dt.timedelta(hours=19 * i)
        out.append(E(i, K.CREATED, created, assignee=i % 3 + 1))
        if i % 4:
            out.append(E(i, K.STARTED, created + dt.timedelta(days=1)))
        if i % 3:
            out.append(E(i, K.DONE, created + dt.timedelta(days=2 + i % 5)))
            out.append(E(i, K.LOGGED, created + dt.timedelta(days=2), actor=i % 3 + 1, hours=2))
    return out


FACTS = replay(_events())
NAMES = {1: "ana", 2: "bo", 3: "chidi"}
ITEMS = [TimelineItem(1, "#1 Write the spec", dt.date(2026, 3, 2), dt.date(2026, 3, 6),
                      critical=True, done=True),
         TimelineItem(2, "#2 Build", dt.date(2026, 3, 9), dt.date(2026, 3, 20), critical=True),
         TimelineItem(3, "#3 Docs", dt.date(2026, 3, 3), dt.date(2026, 3, 12)),
         TimelineItem(4, "Launch", dt.date(2026, 3, 23), dt.date(2026, 3, 23), milestone=True)]
GRAPH = [GraphTask(1, "#1 spec", done=True), GraphTask(2, "#2 build", critical=True),
         GraphTask(3, "#3 docs"), GraphTask(4, "#4 ship", critical=True)]

CHARTS: dict[str, tuple[Chart, list[str]]] = {
    "burnup": (burn_up(FACTS, PERIOD, NOW, "launch"), ["Burn-up: launch", "scope", "done"]),
    "flow": (cumulative_flow(FACTS, PERIOD, NOW, "launch"),
             ["Cumulative flow: launch", "open", "in progress", "done"]),
    "leadtime": (lead_time_scatter(FACTS, PERIOD, "launch"), ["Lead time: launch", "p50", "p85"]),
    "load": (workload_bars(FACTS, PERIOD, NOW, NAMES, "launch"),
             ["Workload: launch", "ana", "bo", "chidi", "open now", "h logged"]),
    "timeline": (timeline(ITEMS, TODAY, "launch"),
                 ["Timeline: launch", "today", "#2 Build", "critical path", "milestone"]),
    "graph": (dependency_graph(GRAPH, [(1, 2), (1, 3), (2, 4), (3, 4)], "launch", TODAY),
              ["Dependencies: launch", "#1 spec", "blocked", "critical"]),
}


def texts(fig: Any) -> str:
    """Every string drawn on the figure: titles, tick labels, legends, annotations."""
    from matplotlib.text import Text

    fig.canvas.draw()   # tick labels exist once the axes are laid out
    return "\n".join(t.get_text() for t in fig.findobj(Text))


def check_png(data: bytes, size: tuple[int, int] = (800, 450)) -> None:
    assert data.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(data)).convert("L")
    assert image.size == size
    assert ImageStat.Stat(image).stddev[0] > 10, "the picture is (nearly) blank"


@pytest.mark.parametrize("kind", sorted(CHARTS))
def test_each_chart_is_a_readable_png_with_its_labels(kind: str) -> None:
    chart, labels = CHARTS[kind]
    drawn = texts(figure_for(chart))
    for label in labels:
        assert label in drawn, f"{label!r} missing from the {kind} chart"
    check_png(render_png(chart))


def test_a_higher_dpi_gives_a_sharper_picture_of_the_same_shape() -> None:
    check_png(render_png(CHARTS["burnup"][0], dpi=150), size=(1200, 675))


EMPTY_PERIOD = period_between(dt.date(2026, 3, 2), dt.date(2026, 3, 8), "UTC")


@pytest.mark.parametrize("chart", [
    burn_up({}, EMPTY_PERIOD, NOW, "void"),
    cumulative_flow({}, EMPTY_PERIOD, NOW, "void"),
    lead_time_scatter({}, EMPTY_PERIOD, "void"),
    workload_bars({}, EMPTY_PERIOD, NOW, {}, "void"),
    timeline([], TODAY, "void"),
    dependency_graph([], [], "void", TODAY),
], ids=["burnup", "flow", "leadtime", "load", "timeline", "graph"])
def test_empty_inputs_become_a_sentence_not_an_axis(chart: Chart) -> None:
    fig = figure_for(chart)
    assert fig.axes == []
    drawn = texts(fig)
    assert chart.title in drawn and chart.alt.split(".")[0] in drawn.replace("\n", " ")
    check_png(render_png(chart))


def test_tiny_inputs_still_draw_an_axis() -> None:
    one = replay([E(1, K.CREATED, dt.datetime(2026, 3, 2, 9, tzinfo=UTC)),
                  E(1, K.DONE, dt.datetime(2026, 3, 2, 15, tzinfo=UTC))])
    day = period_between(dt.date(2026, 3, 2), dt.date(2026, 3, 2), "UTC")
    for chart in (burn_up(one, day, NOW, "one"), cumulative_flow(one, day, NOW, "one"),
                  lead_time_scatter(one, day, "one"),
                  timeline([ITEMS[3]], TODAY, "one"),
                  dependency_graph(GRAPH[:2], [(1, 2)], "one", TODAY)):
        fig = figure_for(chart)
        assert len(fig.axes) == 1, chart.title
        check_png(render_png(chart))


def test_importing_the_renderer_imports_no_matplotlib() -> None:
    code = ("import sys, adapters.charts.render, adapters.charts.style; "
            "print(any(m.startswith('matplotlib') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_the_workload_legend_covers_no_bar_and_no_hours_note() -> None:
    """Twelve people whose last rows' bars and "h logged" notes reach the right edge: the
    legend used to sit on top of them."""
    events = []
    for person in range(1, 13):
        for i in range(person * 100, person * 100 + 10):
            created = dt.datetime(2026, 3, 3, 9, tzinfo=UTC)
            events += [E(i, K.CREATED, created, assignee=person),
                       E(i, K.DONE, created + dt.timedelta(days=1)),
                       E(i, K.LOGGED, created, actor=person, hours=5)]
    chart = workload_bars(replay(events), PERIOD, NOW, {p: f"person{p}" for p in range(1, 13)},
                          "launch")
    fig = figure_for(chart)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # the Agg canvas
    [ax] = fig.axes
    found = ax.get_legend()
    assert found is not None
    legend = found.get_window_extent(renderer)
    notes = [t.get_window_extent(renderer) for t in ax.texts]
    bars = [p.get_window_extent(renderer) for p in ax.patches]
    assert len(notes) == 12 and len(bars) == 24
    assert not [b for b in notes + bars if b.overlaps(legend)]

"""Results of the report commands. A report is a headline and labelled figures (each
renderer lays them out natively), with the chart it offers as a button; a chart result
carries the PNG as a `FilePayload` (or only its alt text when no painter is installed)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from core.files import FilePayload
from core.results import Result


class ChartOffer(BaseModel):
    """The chart a button next to a report or a status opens."""

    model_config = ConfigDict(frozen=True)

    project: str
    kind: str
    period: str = ""

    @property
    def label(self) -> str:
        return {"burnup": "Burn-up chart", "flow": "Flow chart", "leadtime": "Lead-time chart",
                "load": "Workload chart", "timeline": "Timeline",
                "graph": "Dependency graph"}.get(self.kind, "Chart")


class ReportView(Result):
    """`/project report` and `/task stats`: `figures` are (label, value) pairs."""

    title: str
    headline: str
    figures: tuple[tuple[str, str], ...]
    notes: tuple[str, ...] = ()
    offer: ChartOffer | None = None


class ChartPosted(Result):
    """A chart as an image: `file` is the PNG; `alt` says its message in words."""

    title: str
    alt: str
    file: FilePayload | None = None

"""The "chart" button under a report or a project status: its value names the project,
the chart kind and the period; clicking it posts that chart into the channel
(adapters/slack/report_actions.py)."""

from __future__ import annotations

import json
from typing import Any

from adapters.slack.blocks import Block, actions, button
from core.results_reports import ChartOffer

CHART_ACTION = "taskbot_chart"


def chart_button(offer: ChartOffer) -> Block:
    value = json.dumps({"p": offer.project[:100], "k": offer.kind, "t": offer.period[:40]},
                       separators=(",", ":"))
    return actions([button(offer.label, CHART_ACTION, value)], block_id="taskbot_chart_offer")


def offer_of(value: str) -> ChartOffer | None:
    """The offer a button value stands for; None for anything that is not one of ours."""
    try:
        raw: Any = json.loads(value)
    except ValueError:
        return None
    if not isinstance(raw, dict) or not all(isinstance(raw.get(k), str) for k in "pkt"):
        return None
    return ChartOffer(project=raw["p"], kind=raw["k"], period=raw["t"])

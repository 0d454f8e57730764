"""Reports and charts in Block Kit: fields with a chart button whose value reads back; a
forged value is no offer; a status carries the burn-up button."""

from __future__ import annotations

from adapters.slack.chart_button import CHART_ACTION, chart_button, offer_of
from adapters.slack.render import render
from core.results_reports import ChartOffer, ChartPosted, ReportView


def test_a_report_is_fields_and_a_chart_button() -> None:
    msg = render(ReportView(title="Report: <launch>", headline="1 done & 2 open",
                            figures=tuple((f"label {i}", f"value {i}") for i in range(12)),
                            offer=ChartOffer(project="launch", kind="burnup")))
    kinds = [b["type"] for b in msg.blocks]
    assert kinds == ["header", "section", "section", "section", "actions"]
    assert len(msg.blocks[2]["fields"]) == 10 and len(msg.blocks[3]["fields"]) == 2
    assert "1 done &amp; 2 open" in msg.blocks[1]["text"]["text"]
    [button] = msg.blocks[-1]["elements"]
    assert button["action_id"] == CHART_ACTION
    assert offer_of(button["value"]) == ChartOffer(project="launch", kind="burnup")


def test_button_values_that_are_not_ours_are_no_offer() -> None:
    for value in ("", "nope", "[1]", '{"p": 1, "k": "burnup", "t": ""}', '{"p": "x"}'):
        assert offer_of(value) is None
    block = chart_button(ChartOffer(project="p" * 300, kind="flow", period="month"))
    assert offer_of(block["elements"][0]["value"]) == ChartOffer(project="p" * 100,
                                                                 kind="flow", period="month")


def test_a_chart_result_says_its_title_and_alt_text() -> None:
    msg = render(ChartPosted(title="Burn-up: launch", alt="Scope <went> up.",
                             ephemeral=False))
    text = msg.blocks[0]["text"]["text"]
    assert "*Burn-up: launch*" in text and "Scope &lt;went&gt; up." in text
    assert "not drawn on this server" in text and not msg.ephemeral

"""The chart button under a report or a project status: ack, build the chart as the
clicker (the core checks the project exists), post the image into the channel; a refusal
goes to the clicker only."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.chart_button import CHART_ACTION, offer_of
from adapters.slack.render import render
from adapters.slack.runtime import SlackRuntime, answer, log, reply, team_of
from core.bus import ErrorReply
from core.commands_reports import CHART_KINDS, ProjectChart

BAD_CHART = "That button does not name a chart I can draw; try /project chart <name> burnup."


def register(app: AsyncApp, runtime: SlackRuntime) -> None:
    @app.action(CHART_ACTION)
    async def on_chart(ack: Any, body: dict[str, Any], action: dict[str, Any],
                       client: AsyncWebClient, respond: Any, context: Any) -> None:
        await ack()
        team, user = team_of(body, context), str(body["user"]["id"])
        channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get(
            "channel_id")
        offer = offer_of(str(action.get("value", "")))
        if offer is None or offer.kind not in CHART_KINDS or not offer.project.strip():
            log.warning("unreadable chart button from %s in %s", user, team)
            msg = render(ErrorReply(reason=BAD_CHART))
            await reply(respond if body.get("response_url") else None, client, msg, channel,
                        user)
            return
        ctx = await runtime.context(client, team, user, channel)
        result = await runtime.execute(ctx, ProjectChart(name=offer.project,
                                                         kind=offer.kind,  # type: ignore[arg-type]
                                                         period=offer.period))
        await answer(respond if body.get("response_url") else None, client, result, channel,
                     user)

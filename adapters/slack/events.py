"""Events API: de-duplication by `event_id`, the App Home tab, and uninstall/revocation.

Slack retries an event it thinks we missed (`X-Slack-Retry-Num`), with the same
`event_id`; bolt does not de-duplicate, so a global middleware answers a repeat with 200
and runs nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.inbox_slot import REPLAYED
from adapters.slack.runtime import SlackRuntime, log, team_of

FirstTime = Callable[[str, str | None], Awaitable[bool]]


def register(app: AsyncApp, runtime: SlackRuntime, first_time: FirstTime,
             revocation: bool) -> None:
    @app.middleware
    async def dedupe_events(body: dict[str, Any], context: Any,
                            next: Callable[[], Awaitable[None]]) -> BoltResponse | None:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if context.get(REPLAYED):  # from the request inbox: checked when it was recorded
            event_id = None
        if event_id and not await first_time(str(event_id), body.get("team_id")):
            log.info("event %s already handled; ignoring the retry", event_id)
            return BoltResponse(status=200, body="")
        await next()
        return None

    @app.event("app_home_opened")
    async def home_opened(event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient,
                          context: Any) -> None:
        if event.get("tab", "home") != "home":
            return
        await runtime.refresh_home(client, team_of(body, context), str(event["user"]))

    if revocation:
        # bolt's own listeners delete the workspace's bot and user tokens from the
        # installation store (app_uninstalled: all of them; tokens_revoked: those listed).
        app.enable_token_revocation_listeners()

        @app.middleware
        async def forget_people(body: dict[str, Any], next: Callable[[], Awaitable[None]]
                                ) -> None:
            if (body.get("event") or {}).get("type") == "app_uninstalled":
                runtime.people.forget_team(team_of(body))
            await next()

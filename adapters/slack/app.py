"""Put every taskbot listener on a bolt `AsyncApp` that the composition root built."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from adapters.slack import (
    actions,
    bulk,
    events,
    modal_flow,
    reminders,
    report_actions,
    slash,
    standup,
)
from adapters.slack.events import FirstTime
from adapters.slack.runtime import SlackRuntime


def register_all(app: AsyncApp, runtime: SlackRuntime, first_time: FirstTime,
                 revocation: bool = False) -> None:
    """`first_time(event_id, team_id)`: the event de-duplication ledger.
    `revocation`: handle app_uninstalled / tokens_revoked (multi-workspace installs)."""
    events.register(app, runtime, first_time, revocation)
    slash.register(app, runtime)
    actions.register(app, runtime)
    reminders.register(app, runtime)
    modal_flow.register(app, runtime)
    bulk.register(app, runtime)
    standup.register(app, runtime)
    report_actions.register(app, runtime)

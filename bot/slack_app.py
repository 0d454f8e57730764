"""Wiring for Slack: builds the bolt AsyncApp, the Web API clients (SLACK_API_URL aware),
the OAuth stores on our database, the notifier, and runs Socket Mode or HTTP mode.

For `taskbot run`:
    service = build_slack(settings, bus, engine)
    worker = container.delivery_worker({"slack": service.notifier, ...})
    await service.run(stop_event)          # until stop_event is set
or simply `await run_slack(settings, bus, session_factory, stop_event)` (no delivery)."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientSession, web
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from adapters.slack.app import register_all
from adapters.slack.durable import Durable, DurableApp
from adapters.slack.gate import Gate, InstalledTeam
from adapters.slack.http import EVENTS_PATH, build_web_app
from adapters.slack.inbox_slot import answer_trace
from adapters.slack.notifier import SlackNotifier
from adapters.slack.replay import RequestLedger
from adapters.slack.runtime import Bus, SlackRuntime, team_of
from adapters.slack.stores import ThreadedInstallationStore, ThreadedStateStore
from adapters.storage.answer_notes import answer_notes_for
from adapters.storage.engine import make_engine, make_session_factory
from adapters.storage.inbox import SqlInbox
from adapters.storage.slack_events import EventLedger
from bot.health import HealthProbe, process_gone
from bot.metrics import PrometheusMetrics, ack_timer, fresh_log_context, metrics_route
from bot.settings import Settings
from core.notifications import Notification
from core.observe import bind_log_context

log = logging.getLogger(__name__)

BOT_SCOPES = ["commands", "chat:write", "chat:write.public", "im:write", "users:read",
              "files:write"]
"""The same list as deploy/slack/manifest.yml (tests/unit/slack/test_manifest.py checks)."""
DEFAULT_API_URL = "https://slack.com/api/"


def _api_url(settings: Settings) -> str:
    url = settings.slack_api_url or DEFAULT_API_URL
    return url if url.endswith("/") else url + "/"


@dataclass
class SlackService:
    settings: Settings
    app: DurableApp
    runtime: SlackRuntime
    notifier: SlackNotifier
    engine: Engine
    oauth: bool
    durable: Durable
    probe: HealthProbe
    _clients: dict[str, AsyncWebClient] = field(default_factory=dict)
    inbox_engine: Engine | None = None
    http_session: ClientSession | None = None
    gate: Gate | None = None
    metrics: PrometheusMetrics | None = None

    @property
    def socket_mode(self) -> bool:
        return bool(self.settings.slack_app_token) and not self.oauth

    def web_app(self) -> web.Application:
        web_app = build_web_app(self.app, oauth=self.oauth, health=self.probe.healthy,
                                gate=self.gate, accepting=lambda: self.durable.open)
        web_app.middlewares.append(fresh_log_context)
        if self.metrics is not None:  # /metrics on the same port, acks timed
            web_app.middlewares.append(ack_timer(self.metrics, EVENTS_PATH, "slack"))
            web_app.router.add_get("/metrics", metrics_route(self.metrics, self.engine))
        return web_app

    async def _start_inbox(self, stop_event: asyncio.Event) -> asyncio.Task[None]:
        """Replay what a previous run acked but did not finish (before serving anything
        new), then keep looking for requests orphaned by other replicas."""
        try:
            await self.durable.recover_once(first=True)
        except Exception as err:
            log.warning("request inbox: pending requests not replayed yet (%s: %s)",
                        type(err).__name__, str(err)[:200])
        return asyncio.create_task(self.durable.run(stop_event))

    async def _drain(self, sweeper: asyncio.Task[None]) -> None:
        """Stop taking work (healthz 503), finish what is in flight within
        TASKBOT_DRAIN_SECONDS, hand the rest back to the inbox."""
        self.probe.draining = True
        self.durable.close()
        sweeper.cancel()
        started = asyncio.get_running_loop().time()
        finished = await self.durable.drain(self.settings.drain_seconds)
        log.info("Slack: drained in %.1f s%s", asyncio.get_running_loop().time() - started,
                 "" if finished else " (time limit; the rest stays in the inbox)")

    async def run(self, stop_event: asyncio.Event) -> None:
        """Serve Slack until `stop_event` is set: Socket Mode when SLACK_APP_TOKEN is set
        (single workspace), else HTTP on TASKBOT_HTTP_PORT. Then drain."""
        sweeper = await self._start_inbox(stop_event)
        if self.socket_mode:
            from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

            handler = AsyncSocketModeHandler(self.app, self.settings.slack_app_token)
            await handler.connect_async()  # type: ignore[no-untyped-call]
            log.info("Slack: connected in Socket Mode")
            try:
                await stop_event.wait()
            finally:
                await handler.close_async()  # type: ignore[no-untyped-call]
                await self._drain(sweeper)
                await self.aclose()
            return
        runner = web.AppRunner(self.web_app())
        await runner.setup()
        site = web.TCPSite(runner, host="0.0.0.0", port=self.settings.http_port)
        try:
            await site.start()
        except OSError:  # the port is taken: explained by the caller, nothing left open
            sweeper.cancel()
            await runner.cleanup()
            await self.aclose()
            raise
        log.info("Slack: HTTP mode on port %s (/slack/events, /healthz)",
                 self.settings.http_port)
        try:
            await stop_event.wait()
        finally:
            await self._drain(sweeper)  # healthz answers 503 meanwhile
            await runner.cleanup()
            await self.aclose()

    async def aclose(self) -> None:
        """Release what `build_slack` opened (call once, after serving)."""
        self.close()
        if self.http_session is not None:
            await self.http_session.close()

    def close(self) -> None:
        self.runtime.executor.shutdown(wait=False)
        self.probe.close()
        if self.inbox_engine is not None:
            self.inbox_engine.dispose()
        if isinstance(self.durable.inbox, SqlInbox) and self.durable.inbox.notes is not None:
            self.durable.inbox.notes.close()


def check_settings(settings: Settings) -> None:
    """Fail at start-up, naming the variable, rather than 401 every request later."""
    oauth = bool(settings.slack_client_id)
    if oauth and not settings.slack_client_secret:
        raise ValueError("SLACK_CLIENT_ID is set: SLACK_CLIENT_SECRET is needed too (OAuth)")
    if not oauth and not settings.slack_bot_token:
        raise ValueError("Slack needs SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID "
                         "and SLACK_CLIENT_SECRET (OAuth, many workspaces)")
    socket = bool(settings.slack_app_token) and not oauth
    if not socket and not settings.slack_signing_secret:
        raise ValueError("Slack HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN "
                         "for Socket Mode)")


def inbox_engine(engine: Engine) -> Engine:
    """The request inbox's own connection pool: recording a request before its ack, and
    marking it done right after its answer, never queue for a connection behind the
    core's 32 worker threads (the shorter that wait, the fewer answers a crash can repeat).
    An in-memory SQLite database has to share the one engine."""
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return engine
    return make_engine(url.render_as_string(hide_password=False))


def worker_id(settings: Settings) -> str:
    """This replica's name in claims (the same as the outbox worker's)."""
    return settings.worker_id or f"{socket.gethostname()}:{os.getpid()}"


def build_slack(settings: Settings, bus: Bus, engine: Engine,
                metrics: PrometheusMetrics | None = None) -> SlackService:
    """Everything Slack needs, built but not started. Multi-workspace (OAuth) when
    SLACK_CLIENT_ID is set, else single-workspace with SLACK_BOT_TOKEN. With `metrics`,
    the HTTP server also serves `/metrics` and times every acknowledgement."""
    check_settings(settings)
    base_url = _api_url(settings)
    runtime = SlackRuntime(bus=bus)
    ledger = EventLedger(engine)
    oauth = bool(settings.slack_client_id)
    # one session for every Web API client (bolt's per-request ones share it): its trace
    # notes when an answer has left, so a replay after a crash does not post it twice
    session = ClientSession(trace_configs=[answer_trace()])
    installs: ThreadedInstallationStore | None = None
    kwargs: dict[str, Any] = {}
    if oauth:
        installs = ThreadedInstallationStore(str(settings.slack_client_id), engine)
        kwargs["oauth_settings"] = AsyncOAuthSettings(
            client_id=settings.slack_client_id, client_secret=settings.slack_client_secret,
            scopes=BOT_SCOPES, installation_store=installs,
            state_store=ThreadedStateStore(engine))
        client = AsyncWebClient(base_url=base_url, session=session)
    else:
        client = AsyncWebClient(token=settings.slack_bot_token, base_url=base_url,
                                session=session)
    app = DurableApp(client=client, signing_secret=settings.slack_signing_secret or "",
                     request_verification_enabled=not (settings.slack_app_token and not oauth),
                     **kwargs)
    own = inbox_engine(engine)
    inbox = SqlInbox(make_session_factory(own), "slack", notes=answer_notes_for(own))
    durable = Durable(inbox, worker_id(settings), process_gone, team_of)
    if settings.slack_app_token and not oauth:  # HTTP bodies pass the gate's check
        from adapters.slack.socket_gate import SocketShapeGate

        app.use(SocketShapeGate())
    durable.install(app)  # before listeners: requests are recorded before any ack
    app.use(log_scope_middleware)
    register_all(app, runtime, ledger.async_first_time, revocation=oauth)
    clients: dict[str, AsyncWebClient] = {}

    async def client_for(team_id: str) -> AsyncWebClient | None:
        if installs is None:
            return client
        bot = await installs.async_find_bot(enterprise_id=None, team_id=team_id)
        if bot is None:  # an org-wide (Enterprise Grid) install: the tenant is the org
            bot = await installs.async_find_bot(enterprise_id=team_id, team_id=None,
                                                is_enterprise_install=True)
        if bot is None:
            return None
        if bot.bot_token not in clients:
            clients[bot.bot_token] = AsyncWebClient(token=bot.bot_token, base_url=base_url,
                                                    session=session)
        return clients[bot.bot_token]

    async def after_send(note: Notification) -> None:
        target = await client_for(note.workspace_id)
        if target is not None and note.user_id:
            await runtime.refresh_home_if_seen(target, note.workspace_id, note.user_id)

    notifier = SlackNotifier(client_for, after_send)
    gate = None
    if settings.slack_signing_secret:
        gate = Gate(settings.slack_signing_secret.encode(),
                    RequestLedger(engine).async_first_time,
                    served=None if oauth else InstalledTeam(client))
    return SlackService(settings, app, runtime, notifier, engine, oauth, durable,
                        HealthProbe(engine), clients, own if own is not engine else None,
                        session, gate, metrics)


async def log_scope_middleware(body: dict[str, Any], context: Any,
                               next: Callable[[], Awaitable[Any]]) -> Any:
    """Every log line written while bolt handles a (verified) request carries its tenant
    and kind; listener tasks started inside inherit them (they copy the context)."""
    try:
        tenant, kind = f"slack:{team_of(body, context)}", slack_kind(body)
    except Exception:  # a malformed body is the listeners' to refuse, not the log's
        tenant, kind = "slack:?", "malformed"
    # bolt runs its middleware one after the other, not nested, and the listeners after
    # them: bound for the rest of this request (its aiohttp task, see `fresh_log_context`)
    bind_log_context(tenant=tenant, kind=kind)
    return await next()


def slack_kind(body: dict[str, Any]) -> str:
    """`/task` for a slash command, `block_actions`, `view_submission`, `event:<type>`."""
    if isinstance(body.get("command"), str):
        return str(body["command"])[:40]
    kind = str(body.get("type") or "request")[:40]
    event = body.get("event")
    if kind == "event_callback" and isinstance(event, dict):
        return f"event:{str(event.get('type'))[:40]}"
    return kind


async def run_slack(settings: Settings, bus: Bus, session_factory: sessionmaker[Session],
                    stop_event: asyncio.Event) -> None:
    """Build and serve Slack on the engine behind `session_factory` until `stop_event`."""
    engine = session_factory.kw["bind"]
    await build_slack(settings, bus, engine).run(stop_event)

"""Operators' view of a real `taskbot run` (Slack HTTP mode, a local fake Slack Web API):
`GET /metrics` on the HTTP port after signed slash commands, a rate-limited then refused
DM and a few scheduler ticks, read with prometheus-client's own text parser; and
`TASKBOT_LOG_FORMAT=json` writes one JSON object per line carrying the request's tenant
and kind, and never the bot token or the signing secret (even at DEBUG, where the Slack
SDK logs every request it sends)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.fakes.slack_api import FakeSlackApi
from tests.e2e.slack import payloads
from tests.e2e.slack.test_taskbot_run import _free_port

TASKBOT = Path(sys.executable).with_name("taskbot")
TOKEN = "xoxb-1234-5678-metricsTokenValue"
SECRET = "metrics-signing-secret-4242"
Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def scrape(base: str) -> Samples:
    with urllib.request.urlopen(f"{base}/metrics", timeout=10) as resp:
        assert resp.headers["Content-Type"].startswith("text/plain")
        text = resp.read().decode()
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


class Bot:
    def __init__(self, fake: FakeSlackApi, base: str) -> None:
        self.fake = fake
        self.base = base
        self._lines: list[str] = []
        self._reader: threading.Thread | None = None

    def read_log(self, proc: subprocess.Popen[str]) -> None:
        """Read the bot's stderr as it comes: its DEBUG log fills a pipe's 64 KiB in a few
        seconds of a slow run, and a bot blocked writing to a full pipe answers nothing."""
        assert proc.stderr is not None
        stream = proc.stderr
        self._reader = threading.Thread(target=lambda: self._lines.extend(stream),
                                        daemon=True)
        self._reader.start()

    def log(self) -> str:
        """Everything logged, once the bot has exited."""
        if self._reader is not None:
            self._reader.join(timeout=10)
        return "".join(self._lines)

    def slash(self, text: str, user: str = "U0ANA", secret: str = SECRET) -> int:
        body = payloads.slash("/task", text, user, "C0OPS", self.fake.response_url())
        request = urllib.request.Request(
            f"{self.base}/slack/events", data=body.encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded",
                     **payloads.sign(secret, body)})
        try:
            with urllib.request.urlopen(request, timeout=10) as resp:
                return int(resp.status)
        except urllib.error.HTTPError as err:
            return int(err.code)

    def until(self, check: str, predicate: object, timeout: float = 30) -> Samples:
        deadline = time.monotonic() + timeout
        while True:
            samples = scrape(self.base)
            if predicate(samples):  # type: ignore[operator]
                return samples
            assert time.monotonic() < deadline, f"{check}: {samples}"
            time.sleep(0.2)


@pytest.fixture
def running(tmp_path: Path) -> Iterator[tuple[Bot, subprocess.Popen[str]]]:
    fake = FakeSlackApi().start()
    fake.add_user("U0ANA", "ana")
    fake.add_user("U0BO", "bo")
    port = _free_port()
    env = {**os.environ, "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET,
           "SLACK_API_URL": fake.base_url, "TASKBOT_HTTP_PORT": str(port),
           "TASKBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'ops.db'}",
           "TASKBOT_LOG_FORMAT": "json", "TASKBOT_LOG_LEVEL": "DEBUG",
           "TASKBOT_TICK_SECONDS": "0.5",
           "TASKBOT_NOTIFY_BURST_SECONDS": "1"}  # DMs wait out a short burst window
    env.pop("SLACK_APP_TOKEN", None)
    proc = subprocess.Popen([str(TASKBOT), "run"], env=env, cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    bot = Bot(fake, f"http://127.0.0.1:{port}")
    bot.read_log(proc)
    base = bot.base
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2).close()
                break
            except OSError:
                assert proc.poll() is None, bot.log()
                assert time.monotonic() < deadline, "taskbot run did not come up"
                time.sleep(0.1)
        yield bot, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
        bot.log()
        fake.stop()


def test_metrics_and_json_logs_of_a_running_bot(
        running: tuple[Bot, subprocess.Popen[str]]) -> None:
    bot, proc = running
    assert bot.slash("add Write the spec <@U0BO|bo>") == 200  # card + a DM to bo
    # the ack comes before the command runs: #1 must exist before #2 is asked for, or the
    # two could swap numbers (and "comment #1" below would find nobody to tell)
    bot.fake.wait_for("chat.postMessage", 1, timeout=15)
    assert bot.slash("add Review it") == 200
    assert bot.slash("show #99") == 200                        # refused: no such task
    assert bot.slash("add nothing", secret="wrong") == 401     # never acknowledged
    bot.fake.wait_for("chat.postMessage", 3, timeout=15)      # two cards, one DM

    sent = bot.until("the DM was counted and recorded", lambda s: value(
        s, "taskbot_deliveries_total", platform="slack", result="sent") == 1
        and value(s, "taskbot_outbox_pending") == 0)
    assert value(sent, "taskbot_commands_total", kind="AddTask", outcome="ok") == 2
    assert value(sent, "taskbot_commands_total", kind="ShowTask", outcome="refused") == 1
    assert value(sent, "taskbot_command_duration_seconds_count") == 3
    assert value(sent, "taskbot_ack_latency_seconds_count", platform="slack") == 3
    assert 0 < value(sent, "taskbot_ack_latency_seconds_sum", platform="slack") < 9
    assert value(sent, "taskbot_ack_latency_seconds_bucket", platform="slack",
                 le="3.0") == 3  # all three inside Slack's 3 s
    assert value(sent, "taskbot_outbox_up") == 1
    assert value(sent, "taskbot_outbox_pending") == 0
    assert value(sent, "taskbot_outbox_dead") == 0

    # The next DM meets a 429, then a refusal: one rate limit, one failure, a dead letter.
    bot.fake.rate_limit("chat.postMessage", times=1, retry_after=1)
    bot.fake.fail("chat.postMessage", "invalid_blocks")
    assert bot.slash("comment #1 Ready for review?") == 200
    dead = bot.until("the dead letter was counted and recorded", lambda s: value(
        s, "taskbot_dead_letters_total", platform="slack") == 1
        and value(s, "taskbot_outbox_dead") == 1)
    assert value(dead, "taskbot_deliveries_total", platform="slack",
                 result="rate_limited") == 1
    assert value(dead, "taskbot_deliveries_total", platform="slack", result="failed") == 1
    assert value(dead, "taskbot_outbox_dead") == 1
    assert value(dead, "taskbot_outbox_pending") == 0
    assert value(dead, "taskbot_commands_total", kind="CommentTask", outcome="ok") == 1

    ticked = bot.until("ticks saw the new tasks", lambda s: value(
        s, "taskbot_tick_items_total", item="changed_tasks") >= 2)
    assert value(ticked, "taskbot_tick_duration_seconds_count") >= 1
    assert value(ticked, "process_resident_memory_bytes") > 0  # this process's own registry

    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    stderr = bot.log()
    assert proc.returncode == 0, stderr[-2000:]
    lines = [json.loads(line) for line in stderr.splitlines() if line.strip()]  # all JSON
    assert lines and all({"ts", "level", "logger", "msg"} <= set(line) for line in lines)
    commands = [line for line in lines if line["logger"] == "core.bus"]
    assert {(line["tenant"], line["kind"]) for line in commands} >= {
        ("slack:T0TEAM001", "AddTask"), ("slack:T0TEAM001", "ShowTask"),
        ("slack:T0TEAM001", "CommentTask")}
    listener = [line for line in lines if line["msg"].startswith("Running listener")]
    assert listener and all(line.get("kind") == "/task" and line.get("tenant")
                            == "slack:T0TEAM001" for line in listener)
    assert any(line["level"] == "WARNING" and "dead letter" in line["msg"]
               for line in lines)
    assert TOKEN not in stderr and SECRET not in stderr
    assert "metricsTokenValue" not in stderr

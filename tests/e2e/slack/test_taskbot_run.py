"""`taskbot run` with Slack settings, as a real process: HTTP mode on TASKBOT_HTTP_PORT
answers /healthz and signed /slack/events; its own delivery worker DMs the assignee; it
stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.e2e.fakes.slack_api import FakeSlackApi
from tests.e2e.slack import payloads

TASKBOT = Path(sys.executable).with_name("taskbot")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, body: str | None = None, headers: dict[str, str] | None = None) -> int:
    request = urllib.request.Request(url, data=body.encode() if body else None,
                                     headers=headers or {})
    with urllib.request.urlopen(request, timeout=5) as resp:
        return int(resp.status)


def test_taskbot_run_serves_slack_over_http(tmp_path: Path) -> None:
    fake = FakeSlackApi().start()
    fake.add_user("U0ANA", "ana")
    fake.add_user("U0BO", "bo")
    port = _free_port()
    env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-run", "SLACK_SIGNING_SECRET": "run-secret",
           "SLACK_API_URL": fake.base_url, "TASKBOT_HTTP_PORT": str(port),
           "TASKBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'run.db'}",
           "TASKBOT_LOG_LEVEL": "WARNING",
           # the assignment DM waits out a (short) burst window and a scheduler tick
           "TASKBOT_NOTIFY_BURST_SECONDS": "1", "TASKBOT_TICK_SECONDS": "0.5"}
    env.pop("SLACK_APP_TOKEN", None)
    proc = subprocess.Popen([str(TASKBOT), "run"], env=env, cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                assert _get(f"{base}/healthz") == 200
                break
            except OSError:
                assert proc.poll() is None, proc.communicate()[0]
                assert time.monotonic() < deadline, "taskbot run did not come up"
                time.sleep(0.1)
        body = payloads.slash("/task", "add Run it <@U0BO|bo>", "U0ANA", "C0RUN",
                              fake.response_url())
        headers = {"Content-Type": "application/x-www-form-urlencoded",
                   **payloads.sign("run-secret", body)}
        assert _get(f"{base}/slack/events", body, headers) == 200
        posts = fake.wait_for("chat.postMessage", 2, timeout=15)
        assert [c.params["channel"] for c in posts] == ["C0RUN", "U0BO"]  # card, then DM
    finally:
        proc.send_signal(signal.SIGTERM)
        output = proc.communicate(timeout=20)[0]
        fake.stop()
    assert proc.returncode == 0, output

"""`taskbot run` in Slack HTTP mode as a real process, on SQLite or PostgreSQL, against the
fake Slack Web API: start it, fire signed `/task add` commands at it concurrently, stop it
(SIGTERM) or kill it (SIGKILL), and count what reached the database and the fake.

Used by tests/e2e/slack/test_durable_run.py and by tests/bench/durable_restart.py (the
figures in the README)."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.e2e.fakes.slack_api import FakeSlackApi
from tests.e2e.slack import payloads
from tests.migrated import migrated_pg, migrated_sqlite

TASKBOT = Path(sys.executable).with_name("taskbot")
SECRET = "durable-secret"
CHANNEL = "C0DURABLE"
PG_ENV = "TASKBOT_TEST_DATABASE_URL"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def http(url: str, body: str | None = None, headers: dict[str, str] | None = None,
         timeout: float = 10) -> int:
    """The status of a GET (or a POST with `body`); the status of an HTTP error too."""
    request = urllib.request.Request(url, data=body.encode() if body else None,
                                     headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as err:
        return int(err.code)


@contextmanager
def database(kind: str, tmp_path: Path) -> Iterator[str]:
    """A migrated database: a SQLite file, or a fresh PostgreSQL database (dropped after)
    on the server named by TASKBOT_TEST_DATABASE_URL."""
    if kind == "sqlite":
        yield migrated_sqlite(tmp_path / "durable.db")
        return
    with migrated_pg(os.environ[PG_ENV]) as url:
        yield url


def title(k: int) -> str:
    return f"Durable {k:03d}"


@dataclass
class Bot:
    """One `taskbot run` process (restartable on the same database and port)."""

    url: str
    fake: FakeSlackApi
    cwd: Path
    port: int = field(default_factory=free_port)
    extra_env: dict[str, str] = field(default_factory=dict)
    proc: subprocess.Popen[str] | None = None
    logs: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> Bot:
        env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-durable",
               "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": self.fake.base_url,
               "TASKBOT_HTTP_PORT": str(self.port), "TASKBOT_DATABASE_URL": self.url,
               "TASKBOT_LOG_LEVEL": "INFO", **self.extra_env}
        env.pop("SLACK_APP_TOKEN", None)
        log = open(self.cwd / f"taskbot-{len(self.logs)}.log", "w")  # noqa: SIM115
        self.logs.append(log.name)
        self.proc = subprocess.Popen([str(TASKBOT), "run"], env=env, cwd=self.cwd,
                                     stdout=log, stderr=subprocess.STDOUT, text=True)
        log.close()
        deadline = time.monotonic() + timeout
        while True:
            try:
                if http(f"{self.base}/healthz", timeout=2) == 200:
                    return self
            except OSError:
                pass
            if self.proc.poll() is not None:
                raise AssertionError(f"taskbot run exited: {self.output()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"taskbot run did not come up: {self.output()}")
            time.sleep(0.1)

    def output(self) -> str:
        return "\n".join(Path(name).read_text() for name in self.logs)

    def send_adds(self, n: int) -> list[int]:
        """`n` signed `/task add Durable k` at once; their HTTP statuses."""
        def one(k: int) -> int:
            body = payloads.slash("/task", f"add {title(k)}", "U0ANA", CHANNEL,
                                  self.fake.response_url(f"r{k}"))
            headers = {"Content-Type": "application/x-www-form-urlencoded",
                       **payloads.sign(SECRET, body)}
            return http(f"{self.base}/slack/events", body, headers)

        with ThreadPoolExecutor(max_workers=n) as pool:
            return list(pool.map(one, range(n)))

    def stop(self, sig: signal.Signals = signal.SIGTERM, timeout: float = 40) -> tuple[int,
                                                                                      float]:
        """Signal the process; (exit code, seconds until it exited). Until it exits,
        /healthz is asked every 50 ms (statuses in `while_stopping`)."""
        assert self.proc is not None
        started = time.monotonic()
        self.proc.send_signal(sig)
        self.while_stopping: list[int] = []
        while self.proc.poll() is None and time.monotonic() - started < timeout:
            with suppress(OSError):
                self.while_stopping.append(http(f"{self.base}/healthz", timeout=1))
            time.sleep(0.05)
        code = self.proc.wait(timeout)
        return code, time.monotonic() - started


def answers(fake: FakeSlackApi, n: int) -> Counter[int]:
    """How many answers (a card in the channel, a response_url reply, an ephemeral) each
    of the `n` commands got."""
    seen: Counter[int] = Counter()
    for call in fake.calls():
        if call.method not in ("chat.postMessage", "response_url", "chat.postEphemeral"):
            continue
        dumped = call.dumped()
        for k in range(n):
            if title(k) in dumped:
                seen[k] += 1
    return seen


def wait_answered(fake: FakeSlackApi, n: int, timeout: float) -> Counter[int]:
    deadline = time.monotonic() + timeout
    while True:
        seen = answers(fake, n)
        if len(seen) >= n or time.monotonic() > deadline:
            return seen
        time.sleep(0.1)


def task_titles(url: str) -> Counter[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return Counter(str(t) for t in conn.execute(text("SELECT title FROM tasks"))
                           .scalars())
    finally:
        engine.dispose()


def inbox_states(url: str) -> Counter[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return Counter({str(s): int(n) for s, n in conn.execute(text(
                "SELECT state, count(*) FROM request_inbox GROUP BY state"))})
    finally:
        engine.dispose()


@dataclass
class Figures:
    db: str
    signal: str
    acked: int
    tasks: int
    duplicate_tasks: int
    answered: int
    duplicate_answers: int
    exit_code: int
    shutdown_s: float
    inbox_done: int
    healthz_while_stopping: tuple[int, ...] = ()  # SIGTERM: /healthz during the drain
    recovered_s: float | None = None  # SIGKILL: restart to every command answered
    replayed: int = 0  # SIGKILL: requests the restarted process replayed from the inbox

    def line(self) -> str:
        return (f"{self.db:8} {self.signal:8} acked {self.acked:3}  tasks {self.tasks:3} "
                f"(twice: {self.duplicate_tasks})  answered {self.answered:3} (twice: "
                f"{self.duplicate_answers})  inbox done {self.inbox_done:3}  exit "
                f"{self.exit_code}  shutdown {self.shutdown_s:.2f} s"
                + (f"  replayed {self.replayed}, restart to all answered "
                   f"{self.recovered_s:.2f} s" if self.recovered_s is not None else ""))


def scenario(kind: str, sig: signal.Signals, tmp_path: Path, n: int = 50,
             answer_delay: float = 0.3) -> Figures:
    """Start, send `n` commands, wait for their acks, then SIGTERM (and wait for the
    exit), or SIGKILL and start again until every command is answered (then SIGTERM).
    Slack takes `answer_delay` seconds per answer (chat.postMessage), so that work is
    still in flight when the signal comes."""
    fake = FakeSlackApi().start()
    fake.add_user("U0ANA", "ana")
    try:
        with database(kind, tmp_path) as url:
            bot = Bot(url, fake, tmp_path).start()
            try:
                fake.slow("chat.postMessage", answer_delay)  # work still in flight
                statuses = bot.send_adds(n)
                code, took = bot.stop(sig)
                stopping = tuple(bot.while_stopping)
                recovered = None
                if sig == signal.SIGKILL:
                    restarted = time.monotonic()
                    bot.start()
                    wait_answered(fake, n, timeout=30)
                    recovered = time.monotonic() - restarted
                    code, took = bot.stop(signal.SIGTERM)
            finally:
                if bot.proc is not None and bot.proc.poll() is None:
                    bot.proc.kill()
            titles = task_titles(url)
            seen = answers(fake, n)
            return Figures(
                db=kind, signal=sig.name, acked=statuses.count(200),
                tasks=sum(1 for k in range(n) if titles[title(k)] >= 1),
                duplicate_tasks=sum(1 for c in titles.values() if c > 1),
                answered=len(seen), duplicate_answers=sum(1 for c in seen.values() if c > 1),
                exit_code=code, shutdown_s=took, inbox_done=inbox_states(url)["done"],
                healthz_while_stopping=stopping, recovered_s=recovered, replayed=sum(
                    int(m) for m in re.findall(r"replaying (\d+) pending", bot.output())))
    finally:
        fake.stop()


def post_event(bot: Bot, user: str, timeout: float = 10) -> int:
    """A signed Events API `app_home_opened` from `user`; the HTTP status."""
    body = payloads.event(payloads.home_opened(user))
    headers = {"Content-Type": "application/json", **payloads.sign(SECRET, body)}
    return http(f"{bot.base}/slack/events", body, headers, timeout=timeout)


def healthz(bot: Bot, within: float = 1.0) -> int:
    """/healthz's status; raises (a timeout) if it takes longer than `within` seconds."""
    return http(f"{bot.base}/healthz", timeout=within)

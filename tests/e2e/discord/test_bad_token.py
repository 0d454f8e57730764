"""`taskbot run` with a token Discord rejects: the gateway closes with 4004 and the process
exits non-zero with one clear line naming DISCORD_TOKEN, no traceback (a real subprocess
against the fake gateway)."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from pathlib import Path

from tests.e2e.fakes.discord_payloads import FakeGuild, snowflake
from tests.e2e.fakes.discord_server import FakeDiscord

TASKBOT = Path(sys.executable).with_name("taskbot")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_close_code_4004_exits_with_one_line_naming_discord_token(tmp_path: Path) -> None:
    async def main() -> tuple[int, str, int]:
        fake = FakeDiscord(guilds=[FakeGuild(snowflake(), "guild", [snowflake()])],
                           reject_token=True)
        await fake.start()
        env = {**os.environ, "DISCORD_TOKEN": "bad.bot.token",
               "DISCORD_API_URL": fake.base_url, "DISCORD_GATEWAY_URL": fake.gateway_url,
               "TASKBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'run.db'}",
               "TASKBOT_HTTP_PORT": str(_free_port()), "TASKBOT_LOG_LEVEL": "WARNING"}
        for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
            env.pop(name, None)
        try:
            proc = await asyncio.create_subprocess_exec(
                str(TASKBOT), "run", env=env, cwd=tmp_path,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
            out, err = await asyncio.wait_for(proc.communicate(), 60)
            assert proc.returncode is not None
            return proc.returncode, (out + err).decode(), len(fake.identifies)
        finally:
            await fake.stop()

    code, output, identifies = asyncio.run(main())
    assert identifies == 1  # it tried once, and did not retry a rejected token
    assert code != 0, output
    assert "Traceback" not in output, output
    mentions = [line for line in output.splitlines() if "DISCORD_TOKEN" in line]
    assert len(mentions) == 1, output
    assert "4004" in mentions[0]

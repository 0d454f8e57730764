"""Recurring tasks on Discord: `/task` has no free slot, so `/repeat set|off` carry the
text grammar's `/task every #N <rule>|off`, with typed options. The card shows the rule;
dropping an occurrence drops that one only; `/repeat off` ends the series."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from core.ports import FixedClock
from tests.e2e.discord.harness import Harness, run

MONDAY = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)



def _fields(data: dict[str, Any]) -> dict[str, str]:
    return {f["name"]: f["value"] for e in data.get("embeds", []) for f in e.get("fields", [])}


def test_repeat_set_drop_one_then_off(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        _, made = await h.slash("ana", "task", "add",
                                text="Water the plants every:weekdays")
        card = made.json["data"]
        assert _fields(card)["Repeats"] == "weekdays"
        assert "Due" in _fields(card)  # the first occurrence is due at once, not "—"

        _, changed = await h.slash("ana", "repeat", "set", ints={"task": 1},
                                   rule="mon,thu")
        assert changed.json["data"]["content"].startswith("#1 repeats mon,thu.")
        assert _fields(changed.json["data"])["Repeats"] == "mon,thu"

        _, dropped = await h.slash("ana", "task", "drop", ints={"number": 1})
        assert "the next one still comes" in dropped.json["data"]["content"]
        await h.tick(MONDAY + dt.timedelta(minutes=5))
        _, listed = await h.slash("ana", "task", "list", scope="all")
        assert "#2" in str(listed.json["data"])  # Thursday's occurrence came

        _, off = await h.slash("ana", "repeat", "off", ints={"task": 2})
        assert off.json["data"]["content"].startswith("#2 no longer repeats")
        await h.slash("ana", "task", "done", ints={"number": 2})
        for days in (1, 4, 8):
            await h.tick(MONDAY + dt.timedelta(days=days))
        _, later = await h.slash("ana", "task", "list", scope="all")
        assert "#3" not in str(later.json["data"])

    run(tmp_path, scenario, clock=FixedClock(MONDAY))

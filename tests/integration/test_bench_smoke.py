"""The benchmark script on a tiny tenant, so it cannot rot. Not a speed test: the targets
are for `make bench` on the full 100k-task tenant; here every command must simply run."""

from __future__ import annotations

import re

import pytest

from tests.bench import run_bench
from tests.bench.bench_report import TARGETS_MS


def test_bench_runs_every_command_on_a_small_tenant(capsys: pytest.CaptureFixture[str]) -> None:
    status = run_bench.main(["--tasks", "1000", "--runs", "10", "--done-extra", "300",
                             "--no-pg"])

    out = capsys.readouterr().out
    assert status in (0, 2), out  # 1 would mean a command failed
    assert "ERR" not in out
    assert "Do the figures grow with the number of done tasks?" in out
    assert "1,000 tasks" in out and "+300 done" in out
    for command in TARGETS_MS:  # in both tables and in the comparison
        assert len(re.findall(rf"^{re.escape(command)}  ", out, re.MULTILINE)) == 3, command
    assert "max RSS of the measuring (bot) process" in out

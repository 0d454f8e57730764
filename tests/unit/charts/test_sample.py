"""The README's chart comes from `python -m adapters.charts.sample`, not by hand."""

from __future__ import annotations

import struct
from pathlib import Path

from adapters.charts.sample import main

ROOT = Path(__file__).resolve().parents[3]


def test_the_sample_script_draws_each_chart(tmp_path: Path) -> None:
    for kind in ("burnup", "flow", "leadtime", "load"):
        out = tmp_path / f"{kind}.png"
        assert main([str(out), kind]) == 0
        data = out.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        assert struct.unpack(">II", data[16:24]) == (800, 450)
    assert main([str(tmp_path / "x.png"), "pie"]) == 2


def test_the_readme_shows_the_committed_sample() -> None:
    assert (ROOT / "docs" / "burnup.png").read_bytes().startswith(b"\x89PNG")
    assert "](docs/burnup.png)" in (ROOT / "README.md").read_text()

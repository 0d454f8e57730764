"""Tables for the benchmark: one phase, or two phases side by side (100k vs 1M done)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

TARGETS_MS: dict[str, float] = {
    "add": 10, "done": 10, "assign": 10, "show": 10,
    "list mine": 25, "project status": 25, "project status (history)": 25,
    # not in the list of targets: ours, by analogy with `list mine`
    "list blocked": 25, "list all blocked": 25, "add (run_text)": 10,
}
RSS_TARGET_MB = 250


@dataclass
class Phase:
    """One measurement: what the database held and the measuring process's figures."""

    label: str
    tasks: int
    done: int
    edges: int
    timings: list[dict[str, Any]]
    max_rss_mb: float
    notes: list[str] = field(default_factory=list)


def verdict(name: str, *p99s: float) -> str:
    target = TARGETS_MS.get(name)
    if target is None:
        return "-"
    return "pass" if all(p < target for p in p99s) else "FAIL"


def _target(name: str) -> str:
    target = TARGETS_MS.get(name)
    return f"< {target:g}" if target is not None else "-"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    line = "  ".join("-" * w for w in widths)

    def fmt(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True)))

    return "\n".join([fmt(header), line, *(fmt(r) for r in rows)])


def _ms(value: float) -> str:
    return f"{value:.2f}"


def phase_table(phase: Phase) -> str:
    rows = [[t["command"], str(t["runs"]), _ms(t["p50_ms"]), _ms(t["p99_ms"]),
             _ms(t["mean_ms"]), _ms(t["cpu_p50_ms"]), _ms(t["cpu_p99_ms"]),
             _target(t["command"]),
             verdict(t["command"], t["p99_ms"]) if not t["errors"] else f"{t['errors']} ERR"]
            for t in phase.timings]
    header = ["command", "runs", "p50 ms", "p99 ms", "mean ms", "cpu p50", "cpu p99",
              "p99 target", "pass/fail"]
    return "\n".join([f"{phase.label}: {phase.tasks:,} tasks, {phase.done:,} done, "
                      f"{phase.edges:,} dependency edges", _table(header, rows),
                      rss_line(phase), *phase.notes])


def side_by_side(a: Phase, b: Phase) -> str:
    """Both phases in one table, to show the figures do not grow with done tasks."""
    by_name = {t["command"]: t for t in b.timings}
    rows = []
    for t in a.timings:
        u = by_name.get(t["command"])
        if u is None:
            continue
        errors = t["errors"] + u["errors"]
        rows.append([t["command"], str(t["runs"]),
                     _ms(t["p50_ms"]), _ms(t["p99_ms"]), _ms(t["mean_ms"]),
                     _ms(t["cpu_p99_ms"]),
                     _ms(u["p50_ms"]), _ms(u["p99_ms"]), _ms(u["mean_ms"]),
                     _ms(u["cpu_p99_ms"]),
                     _target(t["command"]),
                     verdict(t["command"], t["p99_ms"], u["p99_ms"]) if not errors
                     else f"{errors} ERR"])
    header = ["command", "runs", "A p50", "A p99", "A mean", "A cpu99", "B p50", "B p99",
              "B mean", "B cpu99", "p99 target", "pass/fail"]
    return "\n".join([
        f"A = {a.label}: {a.tasks:,} tasks, {a.done:,} done",
        f"B = {b.label}: {b.tasks:,} tasks, {b.done:,} done   (all times in ms)",
        _table(header, rows), f"A: {rss_line(a)}", f"B: {rss_line(b)}"])


def rss_line(phase: Phase) -> str:
    ok = "pass" if phase.max_rss_mb < RSS_TARGET_MB else "FAIL"
    return (f"max RSS of the measuring (bot) process: {phase.max_rss_mb:.0f} MB "
            f"(target < {RSS_TARGET_MB} MB): {ok}")


def failures(phases: Sequence[Phase]) -> list[str]:
    """Commands that errored or missed a target, and memory over target."""
    out = []
    for phase in phases:
        for t in phase.timings:
            if t["errors"]:
                out.append(f"{phase.label}: {t['command']} had {t['errors']} errors")
            elif verdict(t["command"], t["p99_ms"]) == "FAIL":
                out.append(f"{phase.label}: {t['command']} p99 {t['p99_ms']:.2f} ms")
        if phase.max_rss_mb >= RSS_TARGET_MB:
            out.append(f"{phase.label}: max RSS {phase.max_rss_mb:.0f} MB")
    return out

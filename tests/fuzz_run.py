"""`make fuzz`: explore the property-based tests (the grammar fuzzers and round trips) with the
"fuzz" Hypothesis profile for a set time, round after round, each round with new random
examples. Not part of `make test` (which, in CI, runs a fixed seed).

    python -m tests.fuzz_run --minutes 10

Stops at the first failure (exit 1, with the falsifying example and its reproduction blob
as pytest prints them) or when the time is up (exit 0). A round still running at the end is
stopped and does not count as a failure.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time


def _round(remaining: float, extra: list[str]) -> int | None:
    """One pytest run over the Hypothesis tests; its exit code, or None if time ran out."""
    env = dict(os.environ, HYPOTHESIS_PROFILE="fuzz")
    env.pop("CI", None)
    cmd = [sys.executable, "-m", "pytest", "-m", "hypothesis", "-q", "-x", "-p", "no:cacheprovider",
           "-o", "addopts=", "tests/unit", *extra]
    proc = subprocess.Popen(cmd, env=env, start_new_session=True)
    try:
        return proc.wait(timeout=max(remaining, 1.0))
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("pytest_args", nargs="*", help="extra pytest arguments")
    args = parser.parse_args(argv)
    deadline = time.monotonic() + args.minutes * 60
    rounds, cut = 0, False
    while (remaining := deadline - time.monotonic()) > 0:
        code = _round(remaining, args.pytest_args)
        if code is None:
            cut = True
            break
        rounds += 1
        if code != 0:
            print(f"fuzz: FAILED in round {rounds} (see the falsifying example above)")
            return 1
    stopped = ", plus one stopped at the time limit" if cut else ""
    print(f"fuzz: no failure in {args.minutes:g} minutes ({rounds} complete rounds{stopped})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Receipts: how a request that may run twice (replayed after a crash) changes things once.

An adapter that recorded a request before acknowledging it (the Slack request inbox) hands
the bus a `Receipt` for each core call the request makes. The bus settles the receipt in
the command's own unit of work, just before the commit, so the change and the record that
it was made commit together: a replay finds the receipt and reuses its results instead of
running the command again. The results are kept as JSON (`dump_results` / `load_results`),
so a replay can still answer the user with what the first run produced."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Protocol

from core.ports import UnitOfWork
from core.results import Result


class Receipt(Protocol):
    def settle(self, uow: UnitOfWork, results: Sequence[Result]) -> None:
        """Record, in `uow`'s transaction, that this call's changes are made."""
        ...


def _result_types() -> dict[str, type[Result]]:
    """Every `Result` subclass defined so far, by its qualified name."""
    found: dict[str, type[Result]] = {}
    stack: list[type[Result]] = [Result]
    while stack:
        cls = stack.pop()
        found[f"{cls.__module__}.{cls.__qualname__}"] = cls
        stack.extend(cls.__subclasses__())
    return found


def dump_results(results: Sequence[Result]) -> str:
    return json.dumps([{"type": f"{type(r).__module__}.{type(r).__qualname__}",
                        "data": r.model_dump(mode="json")} for r in results])


def load_results(raw: str) -> list[Result]:
    """The results `dump_results` wrote. Raises ValueError for a type this release lacks."""
    types = _result_types()
    items: list[dict[str, Any]] = json.loads(raw)
    out: list[Result] = []
    for item in items:
        cls = types.get(str(item.get("type")))
        if cls is None:
            raise ValueError(f"unknown result type {item.get('type')!r}")
        out.append(cls.model_validate(item["data"]))
    return out

"""Counted nouns for report and chart texts ("1 task", "3 tasks", "1 person")."""

from __future__ import annotations


def count(n: int, noun: str, plural: str | None = None) -> str:
    """`n` and the noun, singular for exactly one (`plural`: when it is not noun + "s")."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"

"""Reading a summary DM's items back (adapters render them): each `extra["items"]` entry
as typed values, whatever was stored, so a malformed payload renders as text, not a crash."""

from __future__ import annotations

from dataclasses import dataclass

from core.notifications import Kind, Notification


@dataclass(frozen=True)
class SummaryItem:
    kind: Kind | None
    text: str
    number: int | None
    title: str | None


def summary_items(note: Notification) -> list[SummaryItem]:
    raw = note.extra.get("items")
    out: list[SummaryItem] = []
    for entry in raw if isinstance(raw, list) else []:
        if not isinstance(entry, dict):
            continue
        kind = entry.get("kind")
        number = entry.get("number")
        title = entry.get("title")
        out.append(SummaryItem(
            kind=Kind(kind) if isinstance(kind, str) and kind in Kind._value2member_map_
            else None,
            text=str(entry.get("text") or ""),
            number=number if isinstance(number, int) and not isinstance(number, bool) else None,
            title=title if isinstance(title, str) else None))
    return out


def summary_count(note: Notification) -> int:
    count = note.extra.get("count")
    items = len(summary_items(note))
    return count if isinstance(count, int) and not isinstance(count, bool) and \
        count >= items else items


def summary_headline(note: Notification) -> str:
    headline = note.extra.get("headline")
    return headline if isinstance(headline, str) and headline else note.text.split("\n")[0]

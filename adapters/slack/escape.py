"""Slack mrkdwn escaping and formatting of dates and people.

Slack treats only `&`, `<` and `>` as control characters: escaping them turns
`<!channel>`, `<@U123>` and `<https://x|y>` in user text into plain, inert text. Every
user-supplied string that goes into a `mrkdwn` or `plain_text` object passes through `esc`.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from core.results import MemberView


def esc(text: str | None) -> str:
    """Escape user text for Slack (mrkdwn and plain_text alike)."""
    if not text:
        return ""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def truncate(text: str, limit: int, ellipsis: str = "…") -> str:
    """Cut `text` to at most `limit` characters, never inside an `&amp;`-style entity."""
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - len(ellipsis))]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut + ellipsis


def person(member: MemberView | None, nobody: str = "unassigned") -> str:
    """A member by display name (escaped): shown, never pinged."""
    if member is None:
        return f"_{nobody}_"
    return esc(member.display_name or member.user_id)


def fallback_time(when: dt.datetime, tz: str) -> str:
    """Plain text of an instant in `tz`, for clients that cannot render `<!date>`."""
    try:
        zone = ZoneInfo(tz)
    except Exception:
        zone = ZoneInfo("UTC")
    local = when.astimezone(zone)
    return local.strftime("%a %d %b %Y %H:%M ") + (local.tzname() or tz)


def slack_date(when: dt.datetime, tz: str = "UTC") -> str:
    """`<!date^epoch^{date_short_pretty} at {time}|fallback>`: each reader sees their own
    time zone; the fallback is in the viewer's zone."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    epoch = int(when.timestamp())
    return f"<!date^{epoch}^{{date_short_pretty}} at {{time}}|{esc(fallback_time(when, tz))}>"

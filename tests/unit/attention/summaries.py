"""Summary DMs for the renderers' tests: many notes, hostile titles."""

from __future__ import annotations

from core.attention.summary import summary_of
from core.notifications import Kind, Notification

NASTY = "<!channel> <@U0ANA> @everyone **bold** `tick` & <https://x.io|click>"


def summary(count: int, title: str = "Task", batch: bool = True) -> Notification:
    notes = [Notification(kind=Kind.ASSIGNED if i % 2 else Kind.CHANGED, platform="slack",
                          workspace_id="T1", user_id="U0BO", actor_name="ana",
                          actor_user_id="U0ANA", text=f"ana assigned you #{i} {title} {i}")
             for i in range(1, count + 1)]
    return summary_of(notes, batch=batch, key="k")

"""Check-in results beyond plain `Info` lines."""

from __future__ import annotations

from core.results import Info


class StandupFormView(Info):
    """The form of your latest check-in: its questions and the answers to start from
    (`message` says which day). A surface opening an answer form asks for it."""

    channel_id: str
    questions: tuple[str, ...]
    prefill: tuple[str, ...]

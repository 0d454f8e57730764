"""Discord's message limits, and packing that keeps every message inside them by paging
(splitting into more embeds or more messages), never by letting the API answer 400."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import discord

from core.scheduling.digest_render import split_text

CONTENT_MAX = 2000
EMBED_TITLE_MAX = 256
EMBED_DESCRIPTION_MAX = 4096
EMBED_TOTAL_MAX = 6000
EMBEDS_PER_MESSAGE = 10
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
CHOICES_MAX = 25
CHOICE_NAME_MAX = 100

ELLIPSIS = "…"


def clip(text: str, limit: int) -> str:
    """Cut `text` to at most `limit` characters, marking the cut with an ellipsis."""
    return text if len(text) <= limit else text[: max(0, limit - 1)] + ELLIPSIS


def pack_lines(lines: Iterable[str], limit: int) -> list[str]:
    """Join lines into as few chunks as possible, each at most `limit` characters (a line
    longer than the limit continues in the next chunk)."""
    return split_text("\n".join(lines), limit)


def embed_size(embed: discord.Embed) -> int:
    """Characters counted against the 6000 total: title, description, field names and
    values, footer text and author name."""
    return len(embed)


def pack_embeds(embeds: Sequence[discord.Embed]) -> list[list[discord.Embed]]:
    """Group embeds into messages of at most 10 embeds and 6000 characters in all."""
    messages: list[list[discord.Embed]] = []
    current: list[discord.Embed] = []
    total = 0
    for embed in embeds:
        size = embed_size(embed)
        if current and (len(current) >= EMBEDS_PER_MESSAGE or total + size > EMBED_TOTAL_MAX):
            messages.append(current)
            current, total = [], 0
        current.append(embed)
        total += size
    if current:
        messages.append(current)
    return messages


class EmbedBuilder:
    """Builds a series of embeds from a title, description lines and named sections of
    lines; starts a new embed ("… (continued)") whenever one would break a limit."""

    def __init__(self, title: str, colour: discord.Colour | int | None = None,
                 url: str | None = None) -> None:
        self.title = clip(title, EMBED_TITLE_MAX)
        self.colour = colour
        self.url = url
        self.embeds: list[discord.Embed] = []
        self._new()

    def _new(self) -> None:
        title = self.title if not self.embeds else clip(f"{self.title} (continued)",
                                                         EMBED_TITLE_MAX)
        embed = discord.Embed(title=title, colour=self.colour,
                              url=self.url if not self.embeds else None)
        self.embeds.append(embed)

    @property
    def _current(self) -> discord.Embed:
        return self.embeds[-1]

    def _room(self) -> int:
        return EMBED_TOTAL_MAX - embed_size(self._current) - 64

    def describe(self, lines: Sequence[str]) -> EmbedBuilder:
        for chunk in pack_lines(lines, EMBED_DESCRIPTION_MAX):
            if not chunk:
                continue
            if self._current.description or len(chunk) > self._room():
                self._new()
            self._current.description = chunk
        return self

    def field(self, name: str, value: str, inline: bool = False) -> EmbedBuilder:
        name = clip(name or "\u200b", FIELD_NAME_MAX)
        value = clip(value or "\u200b", FIELD_VALUE_MAX)
        if (len(self._current.fields) >= FIELDS_MAX
                or len(name) + len(value) > self._room()):
            self._new()
        self._current.add_field(name=name, value=value, inline=inline)
        return self

    def section(self, name: str, lines: Sequence[str]) -> EmbedBuilder:
        """A field per 1024-character chunk of `lines` ("name", "name (2)", ...)."""
        for i, chunk in enumerate(pack_lines(lines, FIELD_VALUE_MAX)):
            self.field(name if i == 0 else f"{name} ({i + 1})", chunk)
        return self

    def footer(self, text: str) -> EmbedBuilder:
        last = self._current
        if embed_size(last) + min(len(text), FOOTER_MAX) > EMBED_TOTAL_MAX:
            self._new()
        self._current.set_footer(text=clip(text, FOOTER_MAX))
        return self

    def build(self) -> list[discord.Embed]:
        return self.embeds

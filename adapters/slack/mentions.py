"""Slack sends a mention picked with the @-picker as a bare `<@U123>`. The core names a
member it has never seen from the mention's label (`<@U123|ana>`), so before slash text
goes to the core, bare mentions get the display name from `users.info` (cached) as their
label. Quoted text is literal for the grammar and is left exactly as typed."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import BaseModel

from core.commands import UserRef
from core.errors import UserError
from core.grammar import parse
from core.grammar.tokens import tokenize

_BARE = re.compile(r"<@([UW][A-Z0-9]{1,30})>")
_UNSAFE = re.compile(r"[<>|\x00-\x1f\x7f]+")
LABEL_MAX = 80
MENTION_LOOKUPS = 20  # users.info calls one command may cause for its mentions, at most


def bare_mentions(text: str) -> list[str]:
    """User ids of the unlabelled mentions outside quotes, first seen first."""
    ids: dict[str, None] = {}
    for token in tokenize(text):
        if not token.quoted:
            ids.update(dict.fromkeys(_BARE.findall(token.raw)))
    return list(ids)


def label(name: str) -> str:
    """A display name fit for a mention label: no `<`, `>`, `|` or control characters
    (they would end the mention early), one line, bounded."""
    return " ".join(_UNSAFE.sub(" ", name).split())[:LABEL_MAX].strip()


def with_labels(text: str, names: Mapping[str, str]) -> str:
    """`text` with each bare mention outside quotes of a user in `names` labelled."""
    def sub(m: re.Match[str]) -> str:
        name = label(names.get(m.group(1)) or "")
        return f"<@{m.group(1)}|{name}>" if name else m.group(0)

    parts: list[str] = []
    pos = 0
    for token in tokenize(text):
        if token.quoted or "<@" not in token.raw:
            continue
        parts.append(text[pos:token.start])
        parts.append(_BARE.sub(sub, token.raw))
        pos = token.end
    parts.append(text[pos:])
    return "".join(parts)


def kept_mentions(command_name: str, text: str, limit: int = MENTION_LOOKUPS) -> list[str]:
    """The bare mentions worth a `users.info` call: those the grammar keeps in the command
    (an assignee, a list filter, an owner), at most `limit`. Text the grammar refuses (300
    mentions in `/task add`) needs none: its answer is the refusal."""
    bare = set(bare_mentions(text))
    if not bare:
        return []
    try:
        command = parse(command_name, text)
    except UserError:
        return []
    kept = [ref.user_id for ref in _refs(command) if ref.user_id in bare]
    return list(dict.fromkeys(kept))[:limit]


def _refs(value: Any) -> Iterator[UserRef]:
    if isinstance(value, UserRef):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _refs(getattr(value, name))
    elif isinstance(value, tuple | list | frozenset | set):
        for item in value:
            yield from _refs(item)

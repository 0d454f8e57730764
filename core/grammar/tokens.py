"""Splitting slash-command text into tokens, and reading one token as a task number,
a list of task numbers or a person.

A token is a run of non-space text; a quoted part ("...", also the curly “...” that Slack and
macOS produce) may contain spaces and is always literal: `"Email @ana about #12"` is text, not
a mention or a reference. An unclosed quote runs to the end of the text. Slack/Discord mention
escapes (`<@U123|ana>`) are one token even when the label has spaces. Slack's `&amp;`, `&lt;`,
`&gt;` are decoded in token text (so adapters pass Slack's text through as it comes).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from core.commands import UserRef
from core.errors import UserError
from core.text import DB_INT_MAX, ascii_int

QUOTES = "\"“”„"
"""The quote marks the grammar reads (phones type curly ones); the filter language too."""
_TOKEN = re.compile(r'(?:<[@#!][^<>]*>|["“”„][^"“”„]*["“”„]?|[^\s"“”„<]+|<)+')
_HAS_QUOTE = re.compile(r'["“”„]')
_QUOTED_PART = re.compile(r'["“”„]([^"“”„]*)["“”„]?')
_KEY = re.compile(r"^([A-Za-z][A-Za-z_]*):")
_NAME_MENTION = re.compile(r"^@([\w][\w.\-']*)$")
_ID_MENTION = re.compile(r"^<@!?([A-Za-z0-9]+)(?:\|([^<>]*))?>$")
_REF = re.compile(r"^#?(\d+)$", re.ASCII)
_REF_LIST = re.compile(r"^#?\d+(?:\s*,\s*#?\d+)*,?$", re.ASCII)
MAX_TASK_NUMBER = DB_INT_MAX  # fits a 32-bit INTEGER column


class Token(NamedTuple):
    raw: str
    start: int
    end: int
    text: str  # raw with quote characters removed
    quoted: bool
    key: str | None = None  # lower-cased `key` of an unquoted `key:value`
    value: str = ""  # the value after `key:` (quotes removed)
    value_quoted: bool = False

    @property
    def plain(self) -> bool:
        """An unquoted token with no `key:` prefix."""
        return not self.quoted and self.key is None


def unquote(raw: str) -> str:
    return _QUOTED_PART.sub(r"\1", raw)


def tokenize(text: str) -> list[Token]:
    tokens = []
    for m in _TOKEN.finditer(text):
        tokens.append(make_token(m.group(0), m.start(), m.end()))
    return tokens


def first_token(text: str) -> Token | None:
    m = _TOKEN.search(text)
    return make_token(m.group(0), m.start(), m.end()) if m else None


def make_token(raw: str, start: int, end: int) -> Token:
    quoted = _HAS_QUOTE.search(raw) is not None
    text = decode(_QUOTED_PART.sub(r"\1", raw) if quoted else raw)
    key_match = _KEY.match(raw)
    if key_match is None:
        return Token(raw, start, end, text, quoted)
    rest = raw[key_match.end():]
    rest_quoted = quoted and _HAS_QUOTE.search(rest) is not None
    return Token(raw, start, end, text, quoted, key_match.group(1).lower(),
                 decode(_QUOTED_PART.sub(r"\1", rest) if rest_quoted else rest), rest_quoted)


def decode(text: str) -> str:
    """Undo Slack's escaping of &, < and > in typed text (mentions are read from the raw
    token, before this). Renderers escape again on the way out."""
    if "&" not in text:
        return text
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def shown(text: str, limit: int = 40) -> str:
    """User text fit for a one-line error: whitespace collapsed, shortened."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def task_number(text: str) -> int:
    """`#12` or `12` -> 12."""
    m = _REF.match(text.strip().rstrip(",."))
    if not m:
        raise UserError(f"'{shown(text)}' is not a task number; write it like #12.")
    return _checked(m.group(1))


def _checked(digits: str) -> int:
    number = ascii_int(digits, 1, MAX_TASK_NUMBER)
    if number is None:
        raise UserError(f"#{shown(digits, 12)} is not a task number; they start at #1.")
    return number


def is_ref(token: Token) -> bool:
    return not token.quoted and token.key is None and bool(_REF.match(token.raw.rstrip(",")))


def is_ref_list(text: str) -> bool:
    return bool(_REF_LIST.match(text.strip()))


def task_numbers(text: str) -> tuple[int, ...]:
    """`#12,#13` / `12, 13` -> (12, 13), duplicates dropped, order kept."""
    if not is_ref_list(text):
        raise UserError(f"'{shown(text)}' is not a list of tasks; write it like #12,#13.")
    parts = [p.strip().lstrip("#") for p in text.split(",") if p.strip()]
    return tuple(dict.fromkeys(_checked(p) for p in parts))


def mention(token: Token) -> UserRef | None:
    """`@ana`, `<@U123>`, `<@U123|ana>`, `<@123>`, `<@!123>` -> UserRef; else None."""
    if token.quoted or token.key is not None:
        return None
    return mention_text(token.raw)


def mention_text(text: str) -> UserRef | None:
    text = text.strip()
    m = _ID_MENTION.match(text)
    if m:  # Slack's `<@U123|ana>` carries the display name: keep it for new members
        label = (m.group(2) or "").strip()
        return UserRef(user_id=m.group(1), name=label or None)
    m = _NAME_MENTION.match(text.rstrip(",.;:!?"))
    if m:
        return UserRef(name=m.group(1))
    return None

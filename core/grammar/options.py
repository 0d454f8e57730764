"""`key:value` options, and how far an unquoted value reaches.

A quoted value (`due:"next fri 5pm"`, `title:"A: b"`) is always exactly what is inside the
quotes. `key: value` (a space after the colon) works too. An unquoted value is one word,
except:
- `due:` keeps taking the following date words (`next monday 5pm`, `in 3 days`) as long as
  the whole phrase still reads as one date, so `due:next fri 5pm Write spec` is due
  "next fri 5pm" with the rest as title words;
- `after:`/`blocks:` continue past a trailing comma (`after:#12, #13`);
- `every:` likewise keeps taking words while the phrase is still one repeat rule
  (`every:every 2 weeks`, `every:0 9 * * 1-5`), as the scheduler's `parse_rule` reads it;
- in `/task edit`, a value runs up to the next `key:` (there is no other free text there).
Keys are case-insensitive; a `word:` that is not a key of the subcommand is ordinary text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from core.dates import is_when
from core.errors import UserError
from core.grammar.tokens import Token, is_ref_list, shown
from core.scheduling.recurrence import read_rule

Reach = Literal["word", "when", "refs", "rule", "phrase"]

_MAX_DATE_WORDS = 6
_MAX_RULE_WORDS = 6
_DATE_WORD = re.compile(
    r"^(?:\d[\d:./\-]*(?:am|pm|a|p|h|st|nd|rd|th)?|am|pm|a\.m\.|p\.m\.|at|on|in|of|next|this"
    r"|coming|from|now|noon|midnight|morning|afternoon|evening|night|tonight|today|tomorrow"
    r"|tmrw|eod|end|day|days|week|weeks|month|months|year|years|hour|hours|hr|hrs|min|mins"
    r"|minute|minutes|mon|monday|tue|tues|tuesday|wed|wednesday|thu|thur|thurs|thursday|fri"
    r"|friday|sat|saturday|sun|sunday|jan|january|feb|february|mar|march|apr|april|may|jun|june"
    r"|jul|july|aug|august|sep|sept|september|oct|october|nov|november|dec|december)[,.]?$",
    re.ASCII,
)
_RULE_WORD = re.compile(
    r"^(?:[\d*/,\-?]+|\d{1,2}(?::\d{2})?(?:am|pm)?|every|other|on|at|and|day|days|daily|week"
    r"|weeks|weekly|weekday|weekdays|month|months|monthly|year|yearly|mon|monday|tue|tues"
    r"|tuesday|wed|wednesday|thu|thur|thurs|thursday|fri|friday|sat|saturday|sun|sunday"
    r"|(?:mon|tue|wed|thu|fri|sat|sun)(?:,(?:mon|tue|wed|thu|fri|sat|sun))+)$",
    re.ASCII,
)


@dataclass(frozen=True)
class Option:
    """One `key:value` a subcommand accepts. `example` is shown when the value is missing."""

    name: str
    example: str
    reach: Reach = "word"
    aliases: tuple[str, ...] = ()


def take_options(tokens: Sequence[Token], options: Sequence[Option]
                 ) -> tuple[dict[str, str], list[Token]]:
    """Pull the subcommand's options out of `tokens`; return their raw values by canonical
    name, and the other tokens in order."""
    by_key = {key: opt for opt in options for key in (opt.name, *opt.aliases)}
    found: dict[str, str] = {}
    rest: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        opt = by_key.get(tok.key) if tok.key else None
        if opt is None:
            rest.append(tok)
            i += 1
            continue
        if opt.name in found:
            raise UserError(f"{opt.name}: is given twice; give it once, like {opt.example}.")
        i += 1
        first, quoted = tok.value, tok.value_quoted
        if not first and not quoted and i < len(tokens) and not _is_option(tokens[i], by_key):
            first, quoted = tokens[i].text, tokens[i].quoted
            i += 1
        words = [first]
        if not quoted:
            extra = _reach(opt, first, tokens[i:], by_key)
            words += [t.text for t in tokens[i:i + extra]]
            i += extra
        value = " ".join(" ".join(words).split())
        if not value:
            raise UserError(f"{opt.name}: needs a value, like {opt.example}.")
        found[opt.name] = value
    return found, rest


def _is_option(tok: Token, by_key: dict[str, Option]) -> bool:
    return tok.key is not None and tok.key in by_key


def _reach(opt: Option, first: str, following: Sequence[Token],
           by_key: dict[str, Option]) -> int:
    """How many of the following tokens belong to this unquoted value."""
    if opt.reach == "phrase":
        n = 0
        while n < len(following) and not _is_option(following[n], by_key):
            n += 1
        return n
    if opt.reach == "refs":
        n, text = 0, first
        while (n < len(following) and text.rstrip().endswith(",") and following[n].plain
               and is_ref_list(following[n].raw)):
            text += following[n].raw
            n += 1
        return n
    if opt.reach == "rule":
        return _longest(first, following, _RULE_WORD, _MAX_RULE_WORDS, is_rule)
    if opt.reach == "when":
        return _longest(first, following, _DATE_WORD, _MAX_DATE_WORDS, is_when)
    return 0


def _longest(first: str, following: Sequence[Token], vocabulary: re.Pattern[str], most: int,
             reads: Callable[[str], bool]) -> int:
    """The most following words (all from `vocabulary`) that still make `first ...` read as
    one value; 0 when no longer phrase reads."""
    words: list[str] = []
    for tok in following[:most]:
        if not (tok.plain and vocabulary.match(tok.raw.lower())):
            break
        words.append(tok.raw)
    for n in range(len(words), 0, -1):
        if reads(" ".join([first, *words[:n]])):
            return n
    return 0


@functools.lru_cache(maxsize=512)
def is_rule(text: str) -> bool:
    """Whether `text` is a repeat rule the scheduler reads (`every 2 weeks`, `0 9 * * 1-5`)."""
    try:
        read_rule(text)  # a too-frequent rule is refused later, by name
    except UserError:
        return False
    return True


def words_of(tokens: Sequence[Token]) -> str:
    """The tokens as text: quotes removed, single spaces."""
    return " ".join(t.text for t in tokens).strip()


def reject_leftovers(tokens: Sequence[Token], hint: str) -> None:
    """Refuse text a subcommand has no place for."""
    if tokens:
        extra = " ".join(t.raw for t in tokens)
        raise UserError(f"I didn't understand '{shown(extra)}'; {hint}.")

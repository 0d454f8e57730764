"""Reading filter text into a `Query`:

```
mine | @user[,@user] | all | unassigned
project:<name>[,<name>]   milestone:<name>[,<name>]
status:open,in-progress,blocked,overdue,done,dropped    +blocked -blocked +overdue +waiting
priority:high[,urgent]   priority>=high   (also <, <=, >, =)
due<fri  due<=2026-12-24  due>today  due:none  due:this-week    (see core.filters.windows)
created>2026-11-01  done>"last monday"  updated<"2 weeks ago"
words or "a phrase"   (full text: title, description, comments)
sort:urgency|due|priority|created|updated[-]   page:N
```
Terms combine with AND; a comma inside a value means OR. Tokens and quoting are the
command grammar's (`core.grammar.tokens`), numbers are ASCII digits only (`core.text`).
A term that cannot be read is a one-line UserError naming it and, when one is close, the
nearest valid term: `I didn't understand 'prority:high' — did you mean 'priority:high'?`.
A token that looks like a term (`key:value`, `key<value`, `+flag`, `@name`) is read as one;
quote it to search for it as text.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Sequence

from core.errors import UserError
from core.filters import fold
from core.filters.query import (
    DATE_FIELDS,
    FLAG_NAMES,
    SORT_KEYS,
    STATUS_WORDS,
    DateField,
    DateTerm,
    FlagTerm,
    MilestoneTerm,
    Op,
    Person,
    PriorityTerm,
    ProjectTerm,
    Query,
    Sort,
    SortKey,
    StatusTerm,
    StatusWord,
    Term,
    TextTerm,
    Who,
    WhoKind,
)
from core.filters.windows import PERIODS, period_name, window
from core.grammar import values
from core.grammar.tokens import QUOTES, Token, decode, mention_text, shown, tokenize, unquote
from core.model import Priority

_KEY_OP = re.compile(r"([A-Za-z][A-Za-z_-]*)(<=|>=|=|<|>|:)(.*)", re.DOTALL)
_KEYS = ("project", "milestone", "status", "priority", *DATE_FIELDS, "sort", "page")
_KEY_ALIASES = {"proj": "project", "prio": "priority", "pri": "priority", "state": "status",
                "ms": "milestone", "modified": "updated", "closed": "done", "end": "done",
                "entry": "created"}
_WHO_WORDS: dict[str, WhoKind] = {
    "mine": "mine", "me": "mine", "my": "mine", "@me": "mine", "all": "all", "everyone": "all",
    "team": "all", "unassigned": "unassigned", "nobody": "unassigned", "@nobody": "unassigned"}
_STATUS_ALIASES: dict[str, StatusWord] = {
    **{s: s for s in STATUS_WORDS}, "in_progress": "in-progress", "inprogress": "in-progress",
    "started": "in-progress", "doing": "in-progress", "active": "in-progress",
    "closed": "done", "completed": "done", "finished": "done", "late": "overdue",
    "cancelled": "dropped", "canceled": "dropped", "deleted": "dropped",
}
_NONE_WORDS = ("none", "never")
_ORDER_OPS = ("<", "<=", ">", ">=")
_FLAG_TERMS = {f"{sign}{name}": FlagTerm(name, sign == "+") for name in FLAG_NAMES
               for sign in "+-"}
_FLAGS = tuple(_FLAG_TERMS)
_WHO_HINT = "mine, all, unassigned or @user[,@user]"
_TERM_HINT = ("try project:<name>, status:open, priority>=high, due<fri, +blocked, @user, "
              "sort:due, page:2, or quote it to search for the text")


class _Parsed:
    """What has been read so far."""

    def __init__(self) -> None:
        self.who: Who | None = None
        self.terms: list[Term] = []
        self.sort: Sort | None = None
        self.page: int | None = None


def parse_filter(text: str, now: dt.datetime, tz: str = "UTC") -> Query:
    """Read `text` (dates relative to `now`, in zone `tz`); raise UserError on the first term
    it cannot read. Empty text is the default query (mine, open)."""
    got = _Parsed()
    for token in tokenize(text):
        _read_token(token, got, now, tz)
    return Query(who=got.who, terms=tuple(got.terms), sort=got.sort, page=got.page or 1)


def _not_understood(raw: str, suggestion: str | None, hint: str = _TERM_HINT) -> UserError:
    if suggestion is not None:
        return UserError(f"I didn't understand '{shown(raw)}' — did you mean '{suggestion}'?")
    return UserError(f"I didn't understand '{shown(raw)}' — {hint}.")


def _nearest(word: str, choices: Sequence[str]) -> str | None:
    close = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def _read_token(token: Token, got: _Parsed, now: dt.datetime, tz: str) -> None:
    raw = decode(token.raw)
    if raw[:1] in QUOTES:
        _add_text(token, got)
        return
    keyed = _KEY_OP.fullmatch(raw)
    if keyed is not None:
        _read_keyed(raw, keyed.group(1).lower(), keyed.group(2), keyed.group(3), got, now, tz)
        return
    if raw[:1] in "+-" and len(raw) > 1:
        _read_flag(raw, got)
        return
    word = raw.lower()
    if word in _WHO_WORDS:
        _set_who(raw, Who(_WHO_WORDS[word]), got)
        return
    if raw.startswith(("@", "<@")):
        _set_who(raw, Who("people", _people(raw)), got)
        return
    _add_text(token, got)


def _add_text(token: Token, got: _Parsed) -> None:
    text = " ".join(token.text.split())
    found = fold.words(text)
    if not found:
        raise UserError(f"'{shown(token.raw)}' has no letters or digits to search for.")
    got.terms.append(TextTerm(text, found))


def _set_who(raw: str, who: Who, got: _Parsed) -> None:
    if got.who is not None:
        raise UserError(f"'{shown(raw)}': name whose tasks once, one of {_WHO_HINT} "
                        "(a comma means or: @ana,@bob).")
    got.who = who


def _people(raw: str) -> tuple[Person, ...]:
    people: list[Person] = []
    for part in (p.strip() for p in raw.split(",")):
        if not part:
            continue
        ref = mention_text(part)
        if ref is None or ref.name == "nobody":
            raise _not_understood(raw, None, "name people like @ana or @ana,@bob")
        people.append(Person(ref.user_id, None if ref.user_id else ref.name))
    return tuple(dict.fromkeys(people))


def _read_flag(raw: str, got: _Parsed) -> None:
    word = raw.lower()
    if word not in _FLAGS:
        raise _not_understood(raw, _nearest(word, _FLAGS), "flags are " + " ".join(_FLAGS))
    got.terms.append(_FLAG_TERMS[word])


def _split_values(rest: str) -> list[str]:
    """`a,"b, c",d` -> [a, "b, c", d]: commas inside quotes do not split."""
    parts, current, inside = [], "", False
    for char in rest:
        if char in QUOTES:
            inside = not inside
        if char == "," and not inside:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [" ".join(unquote(p).split()) for p in parts if unquote(p).strip()]


def _read_keyed(raw: str, key: str, op_typed: str, rest: str, got: _Parsed,
                now: dt.datetime, tz: str) -> None:
    key = _KEY_ALIASES.get(key, key)
    if key not in _KEYS:
        near = _nearest(key, _KEYS)
        raise _not_understood(raw, f"{near}{op_typed}{rest}" if near else None)
    op: Op = ":" if op_typed == "=" else op_typed  # type: ignore[assignment]
    if op in _ORDER_OPS and key not in ("priority", *DATE_FIELDS):
        raise _not_understood(raw, f"{key}:{rest}")
    items = _split_values(rest)
    if not items:
        raise UserError(f"'{shown(raw)}' needs a value, like {_EXAMPLES[key]}.")
    if key == "project":
        got.terms.append(ProjectTerm(tuple(dict.fromkeys(values.project_name(v)
                                                         for v in items))))
    elif key == "milestone":
        got.terms.append(MilestoneTerm(tuple(dict.fromkeys(values.project_name(v)
                                                           for v in items))))
    elif key == "status":
        got.terms.append(StatusTerm(_states(raw, op, items)))
    elif key == "priority":
        got.terms.append(_priority(raw, op, items))
    elif key in DATE_FIELDS:
        got.terms.append(_date(raw, key, op, items, now, tz))
    elif key == "sort":
        _set_sort(raw, items, got)
    else:
        if got.page is not None or len(items) > 1:
            raise UserError(f"'{shown(raw)}': give one page, like page:2.")
        got.page = values.page(items[0])


_EXAMPLES = {"project": "project:launch", "milestone": "milestone:beta",
             "status": "status:open", "priority": "priority:high", "due": "due<fri",
             "created": "created>2026-11-01", "updated": 'updated<"2 weeks ago"',
             "done": 'done>"last monday"', "sort": "sort:due", "page": "page:2"}


def _replaced(items: list[str], bad: str, good: str) -> str:
    return ",".join(good if item == bad else item for item in items)


def _states(raw: str, op: Op, items: list[str]) -> tuple[StatusWord, ...]:
    picked: list[StatusWord] = []
    for item in items:
        found = _STATUS_ALIASES.get(item.lower())
        if found is None:
            near = _nearest(item, list(_STATUS_ALIASES))
            better = _replaced(items, item, _STATUS_ALIASES[near]) if near else None
            raise _not_understood(raw, f"status{op}{better}" if better else None,
                                  "a status is one of " + ", ".join(STATUS_WORDS))
        picked.append(found)
    return tuple(dict.fromkeys(picked))


def _priority(raw: str, op: Op, items: list[str]) -> PriorityTerm:
    levels: list[Priority] = []
    for item in items:
        found = values.PRIORITY_ALIASES.get(item.lower().lstrip("!"))
        if found is None:
            near = _nearest(item, list(values.PRIORITY_ALIASES))
            raise _not_understood(raw, f"priority{op}{_replaced(items, item, near)}" if near
                                  else None, "a priority is low, normal, high or urgent")
        levels.append(found)
    if op != ":" and len(levels) > 1:
        raise UserError(f"'{shown(raw)}': compare with one priority, like priority>=high.")
    return PriorityTerm(op, tuple(dict.fromkeys(levels)))


def _date(raw: str, key: DateField, op: Op, items: list[str], now: dt.datetime,
          tz: str) -> DateTerm:
    if len(items) > 1:
        raise UserError(f"'{shown(raw)}': one date a term, like {key}>=2026-12-01 "
                        f"{key}<2026-12-08.")
    text = items[0]
    if text.lower() in _NONE_WORDS:
        if op != ":":
            raise _not_understood(raw, f"{key}:none")
        return DateTerm(key, op, "none", None)
    try:
        found = window(text, now, tz)
    except UserError as err:
        near = _nearest(period_name(text), PERIODS)
        if near is not None:
            raise _not_understood(raw, f"{key}{op}{near}") from err
        if "between" in err.reason:
            raise UserError(f"'{shown(raw)}': {err.reason}") from err
        raise _not_understood(raw, None, f"try {key}<fri, {key}<=2026-12-24, {key}:this-week"
                              f" or {key}:none") from err
    shown_text = period_name(text) if period_name(text) in PERIODS else text
    return DateTerm(key, op, shown_text, found)


def _set_sort(raw: str, items: list[str], got: _Parsed) -> None:
    if got.sort is not None or len(items) > 1:
        raise UserError(f"'{shown(raw)}': sort by one key, like sort:due.")
    item = items[0].lower()
    reverse = item.endswith("-")
    key = item.strip("+-")
    if key not in SORT_KEYS:
        near = _nearest(key, SORT_KEYS)
        raise _not_understood(raw, f"sort:{near}{'-' if reverse else ''}" if near else None,
                              "sort by " + ", ".join(SORT_KEYS) + " (add - to reverse)")
    sort_key: SortKey = key
    got.sort = Sort(sort_key, reverse)

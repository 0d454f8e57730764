"""A parsed query's dates read again for another moment and zone.

The text grammar reads a filter when the message arrives, without the asker's zone or the
bus's clock (which tests and `:clock` set); the handler knows both. Each date term keeps
its text (`DateTerm.text`), so the handler re-reads just the dates here, with the same
rules as the parser (`core.filters.windows`), and gets the query `parse_filter(text, now,
tz)` would have given. This module reads nothing of the text grammar, so handlers may use
it."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from core.filters.query import DateTerm, Query, Term
from core.filters.windows import window


def _term(term: Term, now: dt.datetime, tz: str) -> Term:
    if not isinstance(term, DateTerm) or term.window is None:
        return term
    return replace(term, window=window(term.text, now, tz))


def rebase(query: Query, now: dt.datetime, tz: str) -> Query:
    return replace(query, terms=tuple(_term(t, now, tz) for t in query.terms))

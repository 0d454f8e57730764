"""Full-text questions over `task_text` (see `search_tables.py`), one dialect each.

A phrase is a tuple of folded words (`core.filters.fold.words`): its words must follow each
other in one text (the title, the description or one comment), each a whole word but the
last, which may be the start of one (`spec` finds `specification`), as
`core.filters.fold.contains` decides.

- SQLite FTS5: `"w1 w2 w3" *` (a phrase whose last token is a prefix); `bm25` ranks.
- PostgreSQL: the tsquery `'w1' <-> 'w2' <-> 'w3':*` (a literal, not a parsed text), GIN
  on `tsv`; `ts_rank` ranks.
Every question is scoped to one tenant.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float, Integer, column, exists, func, literal, literal_column, select, table
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.orm import Session

from adapters.storage._sql import dialect_name
from adapters.storage.search_tables import FTS_TABLE, MAX_WORD, TASK_TEXT

_FTS = table(FTS_TABLE, column("rowid", Integer), column(FTS_TABLE))
T = TASK_TEXT.c


def fts5_phrase(words: tuple[str, ...]) -> str:
    return '"' + " ".join(w[:MAX_WORD] for w in words) + '" *'


def tsquery_phrase(words: tuple[str, ...]) -> str:
    cut = [w[:MAX_WORD] for w in words]
    return " <-> ".join([f"'{w}'" for w in cut[:-1]] + [f"'{cut[-1]}':*"])


def _matches(session: Session, tenant_id: int, words: tuple[str, ...],
             scored: bool = True) -> Any:
    """The matching texts of the tenant: (task_id, score), larger scores better (`scored`
    False: score 0, which saves SQLite the `bm25` of every hit).

    SQLite answers `bm25` only in the FTS5 table's own query, so the hits are read first,
    as a materialized CTE, then joined to `task_text` for the tenant and the task."""
    if dialect_name(session) == "sqlite":
        match = literal_column(FTS_TABLE).op("MATCH")(fts5_phrase(words))
        rank = -func.bm25(literal_column(FTS_TABLE), type_=Float) if scored else literal(0.0)
        hits = (select(_FTS.c.rowid.label("text_id"), rank.label("score")).where(match)
                .cte().prefix_with("MATERIALIZED"))
        return (select(T.task_id, hits.c.score)
                .select_from(hits.join(TASK_TEXT, T.id == hits.c.text_id))
                .where(T.tenant_id == tenant_id))
    query = sql_cast(tsquery_phrase(words), TSQUERY)
    score = func.ts_rank(T.tsv, query, type_=Float) if scored else literal(0.0)
    return (select(T.task_id, score.label("score"))
            .where(T.tenant_id == tenant_id, T.tsv.op("@@")(query)))


def phrase_task_ids(session: Session, tenant_id: int, words: tuple[str, ...]) -> Any:
    """A subquery of the ids of the tenant's tasks holding the phrase (through the index:
    for a query that may match many of the tenant's tasks)."""
    return select(_matches(session, tenant_id, words, scored=False).subquery().c.task_id)


def like_pattern(words: tuple[str, ...]) -> str:
    """`% w1 w2 w3%` over `' ' || folded`: the words consecutive, each starting a word, all
    whole but the last (folded text is words joined by single spaces, letters and digits
    only, so no LIKE wildcard needs escaping)."""
    return "% " + " ".join(w[:MAX_WORD] for w in words) + "%"


def phrase_in_task(task_id: Any, words: tuple[str, ...]) -> Any:
    """The phrase is in one of this task's texts, checked row by row (`task_text` by
    task): for queries whose other terms already narrow the tasks to a few hundred."""
    return exists().where(T.task_id == task_id,
                          (literal(" ") + T.folded).like(like_pattern(words)))


def text_hits(session: Session, words: tuple[str, ...]) -> int:
    """How many texts (of every tenant) hold the phrase: a cheap count from the index that
    tells whether ranking every hit is affordable."""
    if dialect_name(session) == "sqlite":
        match = literal_column(FTS_TABLE).op("MATCH")(fts5_phrase(words))
        stmt = select(func.count()).select_from(_FTS).where(match)
    else:
        query = sql_cast(tsquery_phrase(words), TSQUERY)
        stmt = select(func.count()).select_from(TASK_TEXT).where(T.tsv.op("@@")(query))
    return int(session.execute(stmt).scalar_one())


def phrase_scores(session: Session, tenant_id: int, words: tuple[str, ...],
                  scored: bool = True) -> Any:
    """A subquery (task_id, score): each task's best-matching text (larger is better)."""
    sub = _matches(session, tenant_id, words, scored).subquery()
    return (select(sub.c.task_id, func.max(sub.c.score).label("score"))
            .group_by(sub.c.task_id).subquery())

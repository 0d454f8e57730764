"""Filling the filters' columns for tasks written before them (migration 0016_find9) or by
a bulk loader that bypasses the repositories (the benchmark's synthetic tenant):
`tasks.updated_at` from the history, and the full-text rows of every title, description,
comment and project decision naming the task. Plain SQL over a connection, in batches."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from adapters.storage.search_tables import folded_words, tsvector_literal

BATCH = 5000

_TEXTS = (
    "SELECT id, tenant_id, 'title', title FROM tasks{where} UNION ALL "
    "SELECT id, tenant_id, 'description', description FROM tasks "
    "WHERE description IS NOT NULL{and_where} UNION ALL "
    "SELECT t.id, t.tenant_id, 'comment', h.text FROM task_history h "
    "JOIN tasks t ON t.id = h.task_id WHERE h.kind = 'comment'{and_where_t} UNION ALL "
    "SELECT t.id, t.tenant_id, 'decision', d.text FROM plan_decision_tasks dt "
    "JOIN plan_decisions d ON d.id = dt.decision_id "
    "JOIN tasks t ON t.id = dt.task_id WHERE 1 = 1{and_where_t} ORDER BY 1")


def fill_updated_at(bind: sa.Connection) -> None:
    bind.execute(sa.text(
        "UPDATE tasks SET updated_at = COALESCE((SELECT max(h.at) FROM task_history h "
        "WHERE h.task_id = tasks.id), created_at) WHERE updated_at IS NULL"))


def fill_search(bind: sa.Connection, only_missing: bool = False) -> int:
    """Index every task's texts (`only_missing`: tasks with no row yet). Returns the rows
    written."""
    pg = bind.dialect.name == "postgresql"
    missing = "NOT EXISTS (SELECT 1 FROM task_text x WHERE x.task_id = {col})"
    where = f" WHERE {missing.format(col='tasks.id')}" if only_missing else ""
    and_where = f" AND {missing.format(col='tasks.id')}" if only_missing else ""
    and_where_t = f" AND {missing.format(col='t.id')}" if only_missing else ""
    texts = bind.execute(sa.text(_TEXTS.format(where=where, and_where=and_where,
                                               and_where_t=and_where_t)))
    tsv = "CAST(:tsv AS tsvector)" if pg else ":tsv"
    insert = sa.text("INSERT INTO task_text (tenant_id, task_id, kind, folded, tsv) "
                     f"VALUES (:tenant, :task, :kind, :folded, {tsv})")
    rows: list[dict[str, Any]] = []
    written = 0
    for task_id, tenant_id, kind, body in texts.all():
        words = folded_words(body)
        if words:
            rows.append({"tenant": tenant_id, "task": task_id, "kind": kind,
                         "folded": " ".join(words),
                         "tsv": tsvector_literal(words) if pg else None})
        if len(rows) >= BATCH:
            bind.execute(insert, rows)
            written += len(rows)
            rows = []
    if rows:
        bind.execute(insert, rows)
        written += len(rows)
    return written

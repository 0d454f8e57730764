"""The in-memory template repository for unit tests (tests.fakes carries it as
`uow.templates`), keyed by (tenant, folded name) as the SQL one is."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from core.templates.document import TemplateDocument
from core.templates.ports import StoredTemplate, TemplateRepository


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


class FakeTemplates:
    def __init__(self, db: Any) -> None:
        self.rows: dict[tuple[int, str], StoredTemplate] = db.templates

    def get(self, tenant_id: int, name: str) -> StoredTemplate | None:
        return self.rows.get((tenant_id, _key(name)))

    def list(self, tenant_id: int, limit: int) -> list[StoredTemplate]:
        found = sorted((k[1], t) for k, t in self.rows.items() if k[0] == tenant_id)
        return [t for _, t in found[:limit]]

    def save(self, tenant_id: int, document: TemplateDocument, now: dt.datetime,
             member_id: int | None) -> bool:
        key = (tenant_id, _key(document.name))
        replaced = key in self.rows
        self.rows[key] = StoredTemplate(document.name, document, now, member_id)
        return replaced

    def delete(self, tenant_id: int, name: str) -> bool:
        return self.rows.pop((tenant_id, _key(name)), None) is not None


if TYPE_CHECKING:
    def _conforms(db: Any) -> TemplateRepository:
        return FakeTemplates(db)

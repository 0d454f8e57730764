"""The SQL template repository (`core.templates.ports.TemplateRepository`), on the unit of
work's session: a template saved commits with the command that saved it."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.orm import Session

from adapters.storage.repositories import name_key
from adapters.storage.template_tables import TemplateRow
from core.templates.document import TemplateDocument
from core.templates.ports import StoredTemplate
from core.templates.yaml_io import to_json

TEMPLATES = cast(Table, TemplateRow.__table__)


def _stored(row: Any) -> StoredTemplate:
    return StoredTemplate(name=row.name, document=TemplateDocument.model_validate(row.document),
                          updated_at=row.updated_at, updated_by=row.updated_by)


class SqlTemplateRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, tenant_id: int, name: str) -> StoredTemplate | None:
        row = self.session.execute(select(TEMPLATES).where(
            TEMPLATES.c.tenant_id == tenant_id,
            TEMPLATES.c.name_key == name_key(name))).first()
        return None if row is None else _stored(row)

    def list(self, tenant_id: int, limit: int) -> list[StoredTemplate]:
        rows = self.session.execute(select(TEMPLATES).where(
            TEMPLATES.c.tenant_id == tenant_id).order_by(TEMPLATES.c.name_key).limit(limit))
        return [_stored(r) for r in rows]

    def save(self, tenant_id: int, document: TemplateDocument, now: dt.datetime,
             member_id: int | None) -> bool:
        key = name_key(document.name)
        values = {"name": document.name, "document": to_json(document), "updated_at": now,
                  "updated_by": member_id}
        changed = self.session.execute(update(TEMPLATES).where(
            TEMPLATES.c.tenant_id == tenant_id, TEMPLATES.c.name_key == key).values(**values))
        if getattr(changed, "rowcount", 0):
            return True
        self.session.execute(insert(TEMPLATES).values(tenant_id=tenant_id, name_key=key,
                                                      **values))
        return False

    def delete(self, tenant_id: int, name: str) -> bool:
        done = self.session.execute(delete(TEMPLATES).where(
            TEMPLATES.c.tenant_id == tenant_id, TEMPLATES.c.name_key == name_key(name)))
        return bool(getattr(done, "rowcount", 0))

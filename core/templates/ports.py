"""What templates need from storage: one row per (tenant, name), holding the validated
document. The SQL repository is `adapters.storage.templates`; the unit of work carries it
as `uow.templates`, so a template saved or applied commits with the rest of the command."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol, cast

from core.ports import UnitOfWork
from core.templates.document import TemplateDocument


@dataclass(frozen=True)
class StoredTemplate:
    name: str
    document: TemplateDocument
    updated_at: dt.datetime
    updated_by: int | None = None


class TemplateRepository(Protocol):
    def get(self, tenant_id: int, name: str) -> StoredTemplate | None:
        """By name, ignoring case."""
        ...

    def list(self, tenant_id: int, limit: int) -> list[StoredTemplate]:
        """By name."""
        ...

    def save(self, tenant_id: int, document: TemplateDocument, now: dt.datetime,
             member_id: int | None) -> bool:
        """Insert or replace the template called `document.name` (ignoring case); True
        when it replaced one."""
        ...

    def delete(self, tenant_id: int, name: str) -> bool: ...


class TemplateUnitOfWork(UnitOfWork, Protocol):
    templates: TemplateRepository


def templates_of(uow: UnitOfWork) -> TemplateRepository:
    """The template repository of the unit of work a command runs in (the SQL unit of work
    and the tests' fake both carry one)."""
    found = getattr(uow, "templates", None)
    if found is None:
        raise TypeError(f"{type(uow).__name__} carries no template repository")
    return cast(TemplateUnitOfWork, uow).templates

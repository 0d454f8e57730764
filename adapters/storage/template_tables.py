"""Project templates (issue 11): one row per (tenant, name), the validated document as JSON.

The document is the whole template (roles, milestones, tasks with their offsets and
dependency keys): it is read and written as one value, never queried inside, so a JSON
column keeps it as `core.templates.document` defines it, on SQLite and PostgreSQL alike.
`name_key` is the name folded for case-insensitive lookups (as projects have)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from adapters.storage.orm import Base


class TemplateRow(Base):
    __tablename__ = "project_templates"
    __table_args__ = (UniqueConstraint("tenant_id", "name_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    name: Mapped[str] = mapped_column(String(80))
    name_key: Mapped[str] = mapped_column(String(80))
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime]
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))

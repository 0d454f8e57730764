"""Templates in and out of a workspace without a chat command: `taskbot template import`
and `export` call these, on the same repository as `/project template ...`."""

from __future__ import annotations

import datetime as dt

from core.model import TenantKey
from core.ports import UnitOfWork
from core.templates.document import TemplateDocument
from core.templates.ports import templates_of


def parse_workspace(text: str) -> TenantKey:
    """`slack:T0123`, `discord:81234`, `console:local` (the form log lines name a tenant
    by) -> the tenant's key; a ValueError says how to write it."""
    platform, _, workspace = text.strip().partition(":")
    if platform not in ("slack", "discord", "console") or not workspace.strip():
        raise ValueError(f"{text!r} is not a workspace: write platform:id, like "
                         "slack:T0123, discord:81234 or console:local")
    return TenantKey(platform, workspace.strip())


def import_template(uow: UnitOfWork, key: TenantKey, doc: TemplateDocument,
                    now: dt.datetime, default_tz: str = "UTC") -> bool:
    """Save `doc` in the workspace (replacing a template of the same name); commits. True
    when it replaced one."""
    tenant = uow.tenants.get_or_create(key, True, default_tz)
    replaced = templates_of(uow).save(tenant.id, doc, now, None)
    uow.commit()
    return replaced


def export_template(uow: UnitOfWork, key: TenantKey, name: str) -> TemplateDocument | None:
    tenant = uow.tenants.get_or_create(key, False)
    found = templates_of(uow).get(tenant.id, name)
    return None if found is None else found.document

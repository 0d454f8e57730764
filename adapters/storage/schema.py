"""The whole schema: `Base.metadata` once every module that declares tables is imported.

Other modules of this package add tables to `orm.Base` (the scheduler's `schedule_*.py`
and so on); Alembic's env and the schema tests need all of them, so this imports every
plain module of the package before handing out the metadata."""

from __future__ import annotations

import importlib
import pkgutil

from sqlalchemy import MetaData

import adapters.storage as package
from adapters.storage.orm import Base

_SKIP = {"migrate", "schema"}


def target_metadata() -> MetaData:
    for info in pkgutil.iter_modules(package.__path__):
        if not info.ispkg and info.name not in _SKIP:
            importlib.import_module(f"{package.__name__}.{info.name}")
    return Base.metadata

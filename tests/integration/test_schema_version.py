"""Start-up reads the schema version without Alembic (adapters/storage/schema_version.py):
both sides must agree with what Alembic itself reads, or a release would migrate forever
or refuse a database that is current."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.runtime.migration import MigrationContext

from adapters.storage import migrate, schema_version
from adapters.storage.engine import make_engine


def test_the_packaged_heads_are_alembics() -> None:
    assert schema_version.packaged_heads() == migrate.heads()


def _migration(folder: Path, revision: str, down: str) -> None:
    (folder / f"{revision}.py").write_text(
        f'"""{revision}."""\n\nfrom collections.abc import Sequence\n\n'
        f'revision: str = "{revision}"\n'
        f"down_revision: str | Sequence[str] | None = {down}\n"
        "branch_labels = None\n\n\ndef upgrade() -> None:\n"
        '    revision = "not the header"  # indented: not read\n')


def test_heads_are_the_revisions_nothing_follows(tmp_path: Path) -> None:
    _migration(tmp_path, "0001_a", "None")
    _migration(tmp_path, "0002_b", '"0001_a"')
    _migration(tmp_path, "0003_c", '"0001_a"')
    assert schema_version.packaged_heads(tmp_path) == {"0002_b", "0003_c"}
    merged = tmp_path / "merged"
    merged.mkdir()
    for path in tmp_path.glob("*.py"):
        (merged / path.name).write_text(path.read_text())
    _migration(merged, "0004_merge", '("0002_b", "0003_c")')
    assert schema_version.packaged_heads(merged) == {"0004_merge"}


def test_a_header_it_cannot_read_is_an_error_naming_the_file(tmp_path: Path) -> None:
    _migration(tmp_path, "0001_a", "None")
    (tmp_path / "0002_b.py").write_text(
        'revision = "0002_b"\ndown_revision = (\n    "0001_a",\n)\n')
    with pytest.raises(ValueError, match=r"0002_b\.py: write `down_revision` as a literal"):
        schema_version.packaged_heads(tmp_path)


def _alembic_reads(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return set(MigrationContext.configure(connection).get_current_heads())
    finally:
        engine.dispose()


def test_the_database_heads_are_what_alembic_reads(db_url: str) -> None:
    assert schema_version.current_heads(db_url) == _alembic_reads(db_url) == set()
    migrate.upgrade(db_url, "0001_initial")
    assert schema_version.current_heads(db_url) == _alembic_reads(db_url) == {"0001_initial"}
    migrate.upgrade(db_url)
    assert schema_version.current_heads(db_url) == _alembic_reads(db_url) \
        == schema_version.packaged_heads()

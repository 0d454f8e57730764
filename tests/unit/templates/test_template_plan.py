"""A stored estimate written into a template reads back as the same estimate, and a
store without the project layer (the in-memory fakes) says what it did not apply."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core import commands as c
from core.grammar import parse
from core.handlers.template_plan import estimate_text
from core.model import TenantKey
from core.planning.durations import Duration, parse_duration
from core.templates.document import validate_document
from core.templates.results import TemplateApplied
from core.templates.store import import_template
from tests.unit.core.helpers import START, World


@pytest.mark.parametrize(("typed", "kept"), [
    ("30m", "30m"), ("4h", "4h"), ("1.5h", "1h30m"), ("1.5d", "1.5d"), ("2w", "10d"),
    ("1d4h30m", "1d4h30m"), ("0.25d", "0.25d"), ("1.05d", "1.05d"),
])
def test_estimates_are_written_as_typed_or_in_plain_units(typed: str, kept: str) -> None:
    assert estimate_text(parse_duration(typed)) == kept


@given(minutes=st.integers(0, 24 * 60 * 50), days=st.integers(0, 100 * 100))
def test_every_estimate_reads_back_the_same(minutes: int, days: int) -> None:
    est = Duration(minutes, days)
    if est.is_zero:
        return
    assert parse_duration(estimate_text(est)) == est


def test_a_store_without_the_project_layer_says_what_it_did_not_apply() -> None:
    w = World()
    w.run(c.Help())
    with w.uow() as uow:
        import_template(uow, TenantKey("console", "acme"), validate_document({
            "name": "rel", "milestones": [{"name": "beta", "offset": 3}],
            "tasks": [{"key": "a", "title": "A", "estimate": "2d", "milestone": "beta"},
                      {"key": "b", "title": "B", "depends_on": ["a"]}]}), START)
    applied = w.run(parse("project", "new p from:rel start:mon"))
    assert isinstance(applied, TemplateApplied) and applied.created == 2
    assert ("Its 1 milestone and 1 estimate were not applied: this store has no project "
            "planning.") in applied.message
    history = [h.text for h in w.uow.db.history]
    assert "created #1 A from template rel" in history
    assert "created #2 B from template rel; depends on #1" in history

"""The largest template renders inside each platform's limits, with user text inert:
Slack Block Kit (50 blocks, section text), Discord embeds (fields, sizes), plain text."""

from __future__ import annotations

import datetime as dt

from adapters.discord.render import render as discord_render
from adapters.slack import blocks as bk
from adapters.slack.render import render as slack_render
from core.render_text import render as text_render
from core.templates.document import MAX_TASKS, validate_document
from core.templates.results import TemplateDetails, TemplateList, TemplateSummary
from tests.unit.discord.test_render import within_limits
from tests.unit.slack.test_render import _assert_inert, _assert_within_limits

NASTY = "<!channel> *bold* <@U123>"


def _details() -> TemplateDetails:
    doc = validate_document({
        "name": "big", "description": NASTY, "roles": [{"name": "dev", "description": NASTY}],
        "milestones": [{"name": f"m{i} {NASTY}", "offset": i} for i in range(30)],
        "tasks": [{"key": f"t{i}", "title": f"{NASTY} {'x' * 150}", "role": "dev",
                   "due_offset": i, "estimate": "2h", "milestone": "m1 " + NASTY,
                   "depends_on": [f"t{j}" for j in range(max(0, i - 3), i)]}
                  for i in range(MAX_TASKS)]})
    return TemplateDetails(document=doc, updated_at=dt.datetime(2026, 11, 30, tzinfo=dt.UTC))


def test_slack_within_limits_and_inert() -> None:
    msg = slack_render(_details())
    _assert_within_limits(msg.blocks, bk.MESSAGE_BLOCKS)
    _assert_inert(msg.blocks)
    listed = slack_render(TemplateList(templates=tuple(
        TemplateSummary(name=f"{NASTY}{i}", tasks=3, description=NASTY) for i in range(300))))
    _assert_within_limits(listed.blocks, bk.MESSAGE_BLOCKS)
    _assert_inert(listed.blocks)


def test_discord_within_limits() -> None:
    replies = discord_render(_details())
    within_limits(replies)
    text = "".join(f.value or "" for r in replies for e in r.embeds for f in e.fields)
    assert "\\*bold\\*" in text and "and 140 more" in text


def test_plain_text_names_what_was_left_out() -> None:
    lines = text_render(_details())
    assert lines[0] == "Template big (saved Mon 2026-11-30 00:00)"
    assert lines[-1].strip() == ("and 140 more (taskbot template export shows them all)")
    assert text_render(TemplateList(templates=()))[0].startswith("No templates yet.")

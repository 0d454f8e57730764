"""A file on Discord: attached within the server's limit with its alt text as the
description; over the limit it is left out and the message says so."""

from __future__ import annotations

from typing import Any

import discord

from adapters.discord.files import attach, limit_for
from adapters.discord.render import Reply, render
from adapters.discord.report_views import chart_id, chart_view, with_charts
from core.files import FilePayload
from core.results_reports import ChartOffer, ChartPosted, ReportView


def _file(size: int) -> FilePayload:
    return FilePayload.of(b"\x89PNG" + b"0" * (size - 4), "burnup-launch.png", "image/png",
                          "Burn-up: launch", "Scope went from 3 to 5 tasks.")


def test_a_file_within_the_limit_is_attached_with_its_alt_text() -> None:
    kwargs: dict[str, Any] = {"content": "hello"}
    attach(kwargs, [_file(1000)], limit=10_000)
    [f] = kwargs["files"]
    assert isinstance(f, discord.File) and f.filename == "burnup-launch.png"
    assert f.description == "Scope went from 3 to 5 tasks."
    assert kwargs["content"] == "hello"


def test_a_file_over_the_limit_is_left_out_and_named() -> None:
    kwargs: dict[str, Any] = {"content": None}
    attach(kwargs, [_file(3_000_000)], limit=1_048_576)
    assert "files" not in kwargs
    assert kwargs["content"].startswith("(Not attached: burnup-launch.png (2.9 MB)")
    assert "up to 1 MB" in kwargs["content"]


def test_the_default_limit_without_a_cached_guild() -> None:
    assert limit_for(None, "123") == discord.utils.DEFAULT_FILE_SIZE_LIMIT_BYTES


def test_chart_results_render_as_an_embed_of_the_attachment_and_a_button() -> None:
    [reply] = render(ChartPosted(title="Burn-up: launch", alt="Scope went up.",
                                 file=_file(100), ephemeral=False))
    assert reply.files and reply.embeds[0].image.url == "attachment://burnup-launch.png"
    assert not reply.ephemeral
    [no_painter] = render(ChartPosted(title="Burn-up: launch", alt="Scope went up."))
    assert not no_painter.files
    report = render(ReportView(title="Report: launch", headline="1 done",
                               figures=(("Created / done / dropped", "1 / 1 / 0"),),
                               offer=ChartOffer(project="launch", kind="burnup")))
    assert report[-1].chart == ChartOffer(project="launch", kind="burnup")


def test_the_chart_button_id_fits_discords_limit_or_there_is_no_button() -> None:
    assert chart_id("burnup", "1" * 20, "launch") == f"taskbot:chart:burnup:{'1' * 20}:launch"
    assert chart_id("burnup", "1" * 20, "x" * 80) is None
    assert chart_id("pie", "1", "launch") is None
    assert chart_view(ChartOffer(project="x" * 80, kind="burnup"), "1" * 20) is None
    factory = with_charts(None)
    assert factory(Reply(content="plain"), "123") is None

"""`/project report`, `/project chart`, `/task stats`: names with spaces, periods read from
the end, and a friendly one-line refusal for everything else."""

from __future__ import annotations

import datetime as dt

import pytest

from core.commands import UserRef
from core.commands_reports import (
    ProjectChart,
    ProjectReport,
    ProjectReportEvery,
    ProjectReportOff,
    TaskStats,
)
from core.errors import UserError
from core.grammar import parse


@pytest.mark.parametrize(("text", "expected"), [
    ("report launch", ProjectReport(name="launch", period="week")),
    ("report Q4 plan month", ProjectReport(name="Q4 plan", period="month")),
    ('report "week" quarter', ProjectReport(name="week", period="quarter")),
    ("report launch from:2026-03-01 to:2026-03-31",
     ProjectReport(name="launch", period="from:2026-03-01 to:2026-03-31")),
    ("report launch every Monday 9:30", ProjectReportEvery(name="launch", weekday=0,
                                                           at=dt.time(9, 30))),
    ("report big launch every fri 17:00 Europe/Lisbon",
     ProjectReportEvery(name="big launch", weekday=4, at=dt.time(17), tz="Europe/Lisbon")),
    ("report launch off", ProjectReportOff(name="launch")),
    ("chart launch burnup", ProjectChart(name="launch", kind="burnup")),
    ("chart Q4 plan leadtime month", ProjectChart(name="Q4 plan", kind="leadtime",
                                                  period="month")),
    ("chart launch GRAPH", ProjectChart(name="launch", kind="graph")),
    ("report launch last month", ProjectReport(name="launch", period="last month")),
    ("report Q4 plan Previous Quarter", ProjectReport(name="Q4 plan", period="previous quarter")),
    ("report last week", ProjectReport(name="last", period="week")),   # a project named "last"
    ("report launch this week", ProjectReport(name="launch", period="this week")),
    ("chart launch burnup last quarter", ProjectChart(name="launch", kind="burnup",
                                                      period="last quarter")),
])
def test_project_report_and_chart(text: str, expected: object) -> None:
    assert parse("project", text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("stats", TaskStats()),
    ("stats month", TaskStats(period="month")),
    ("stats last week", TaskStats(period="last week")),
    ("stats @ana quarter", TaskStats(person=UserRef(name="ana"), period="quarter")),
    ("stats <@U123|ana> from:2026-01-01 to:2026-01-31",
     TaskStats(person=UserRef(user_id="U123", name="ana"),
               period="from:2026-01-01 to:2026-01-31")),
])
def test_task_stats(text: str, expected: object) -> None:
    assert parse("task", text) == expected


@pytest.mark.parametrize(("group", "text", "says"), [
    ("project", "report", "Which project?"),
    ("project", "report month", "Which project?"),
    ("project", "report launch from:2026-03-01", "needs both ends: from:2026-03-01 to:"),
    ("project", "report launch every someday 09:00", "not a day of the week"),
    ("project", "report launch every mon 25:00", "not a time of day"),
    ("project", "report launch every mon", "Say when"),
    ("project", "report launch every mon 09:00 Mars/Olympus", "time zone"),
    ("project", "chart launch", "Which chart?"),
    ("project", "chart launch pie", "Which chart?"),
    ("project", "chart burnup", "Which project?"),
    ("project", "chart launch burnup fortnight", "After the chart kind comes a period"),
    ("task", "stats @ana whenever", "I don't know what 'whenever' means here"),
])
def test_bad_input_is_a_one_line_refusal_with_the_usage(group: str, text: str,
                                                         says: str) -> None:
    with pytest.raises(UserError) as err:
        parse(group, text)
    assert says.lower() in err.value.reason.lower()
    assert "\n" not in err.value.reason
    assert err.value.usage and err.value.usage.startswith(f"/{group} ")


def test_status_keeps_show_as_its_alias_and_report_is_its_own_command() -> None:
    from core.commands import ProjectStatus
    assert parse("project", "show launch") == ProjectStatus(name="launch")
    assert isinstance(parse("project", "report launch"), ProjectReport)

"""Generated well-formed `/task add` lines: options in any order, around any title, come back
as exactly the fields that were written."""

from hypothesis import given, settings
from hypothesis import strategies as st

from core import commands as c
from core.grammar import parse
from core.model import Priority

WORD = st.from_regex(r"[A-Za-z][a-z0-9']{0,7}", fullmatch=True)
WHEN = st.sampled_from(["tomorrow", "fri", "next monday 5pm", "in 3 days", "2026-12-01",
                        "2026-12-01 14:30", "eod", "dec 3"])


@settings(deadline=None)
@given(
    title=st.lists(WORD, min_size=1, max_size=6),
    assignee=st.none() | st.from_regex(r"[a-z](?:[a-z0-9._-]{0,9}[a-z0-9])?", fullmatch=True),
    due=st.none() | WHEN,
    priority=st.none() | st.sampled_from(list(Priority)),
    after=st.lists(st.integers(1, 10_000), max_size=3, unique=True),
    project=st.none() | WORD,
    quote=st.booleans(),
    order=st.randoms(use_true_random=False),
)
def test_add_fields_round_trip(title: list[str], assignee: str | None, due: str | None,
                               priority: Priority | None, after: list[int],
                               project: str | None, quote: bool, order: object) -> None:
    parts = []
    if assignee:
        parts.append(f"@{assignee}")
    if due:
        parts.append(f'due:"{due}"' if quote else f"due:{due}")
    if priority:
        parts.append(f"priority:{priority.value}")
    if after:
        parts.append("after:" + ",".join(f"#{n}" for n in after))
    if project:
        parts.append(f"project:{project}")
    order.shuffle(parts)  # type: ignore[attr-defined]
    text = " ".join([*title, *parts])
    assert parse("task", "add " + text) == c.AddTask(
        title=" ".join(title),
        assignee=c.UserRef(name=assignee) if assignee else None,
        due=due,
        priority=priority or Priority.NORMAL,
        after=tuple(after),
        project=project,
    )

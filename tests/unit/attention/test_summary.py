"""Held notes become one DM: a single burst note goes out as it was, several (or any
batch) as a summary that lists them."""

from __future__ import annotations

from core.attention.items import summary_count, summary_items
from core.attention.model import RELEASED, is_holdable
from core.attention.summary import ITEMS_MAX, summary_of
from core.notifications import Kind, Notification


def note(i: int, kind: Kind = Kind.ASSIGNED, actor: str = "bob") -> Notification:
    return Notification(kind=kind, platform="console", workspace_id="w", user_id="ana",
                        text=f"{actor} assigned you #{i} Task {i}", actor_name=actor,
                        actor_user_id=actor, fallback_channel_id="general")


def test_one_burst_note_goes_out_as_it_was() -> None:
    out = summary_of([note(1)], batch=False, key="k")
    assert out.kind is Kind.ASSIGNED
    assert out.text == "bob assigned you #1 Task 1"
    assert out.dedupe_key == "k"
    assert not is_holdable(out)  # released: never held again


def test_a_burst_is_one_summary_from_its_actor() -> None:
    out = summary_of([note(i) for i in range(1, 11)], batch=False, key="k")
    assert out.kind is Kind.SUMMARY
    assert out.text.startswith("10 updates from bob:")
    assert out.user_id == "ana" and out.fallback_channel_id == "general"
    assert summary_items(out)[0].text == "bob assigned you #1 Task 1"
    assert out.extra[RELEASED] is True


def test_a_batch_is_a_summary_even_of_one() -> None:
    out = summary_of([note(1)], batch=True, key="k")
    assert out.kind is Kind.SUMMARY
    assert out.text.startswith("1 update on your tasks:")


def test_long_batches_list_the_first_and_count_the_rest() -> None:
    out = summary_of([note(i, actor=f"p{i % 3}") for i in range(60)], batch=True, key="k")
    assert len(summary_items(out)) == ITEMS_MAX
    assert summary_count(out) == 60
    assert out.text.endswith(f"... and {60 - ITEMS_MAX} more")


def test_urgent_kinds_and_channel_posts_are_never_held() -> None:
    assert is_holdable(note(1))
    assert is_holdable(note(1, Kind.CHANGED))
    for kind in (Kind.UNBLOCKED, Kind.REMINDER, Kind.ESCALATION, Kind.OVERDUE,
                 Kind.DUE_SOON, Kind.REPLY):
        assert not is_holdable(note(1, kind))
    post = Notification(kind=Kind.ASSIGNED, platform="console", workspace_id="w",
                        channel_id="general", text="x")
    assert not is_holdable(post)


def test_malformed_items_render_as_what_can_be_read() -> None:
    out = summary_of([note(1), note(2)], batch=True, key="k")
    bad = out.model_copy(update={"extra": {**out.extra, "items": [
        "junk", {"kind": "nonsense", "text": 5, "number": True}], "count": "x"}})
    items = summary_items(bad)
    assert len(items) == 1 and items[0].kind is None and items[0].number is None
    assert summary_count(bad) == 1

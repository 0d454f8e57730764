"""Labelling bare Slack mentions in slash text (pure)."""

from __future__ import annotations

from adapters.slack.mentions import bare_mentions, label, with_labels
from core.grammar.tokens import mention_text


def test_bare_mentions_outside_quotes_get_labels() -> None:
    text = 'add "Ask <@U0CAROL>" <@U0BO> owner:<@U0ANA> <@U0DAN|dan> <@U0BO>'
    assert bare_mentions(text) == ["U0BO", "U0ANA"]
    names = {"U0BO": "bo", "U0ANA": "Ana Lima", "U0CAROL": "carol"}
    assert with_labels(text, names) == \
        'add "Ask <@U0CAROL>" <@U0BO|bo> owner:<@U0ANA|Ana Lima> <@U0DAN|dan> <@U0BO|bo>'


def test_unknown_people_and_unsafe_names() -> None:
    assert with_labels("add x <@U0ZED>", {}) == "add x <@U0ZED>"
    assert label("a<b>|c\n d") == "a b c d"
    labelled = with_labels("add x <@U0EVE>", {"U0EVE": "<!channel> eve|x"})
    assert labelled == "add x <@U0EVE|!channel eve x>"
    ref = mention_text(labelled.removeprefix("add x "))
    assert ref is not None and (ref.user_id, ref.name) == ("U0EVE", "!channel eve x")
    assert with_labels("add x <@U0EVE>", {"U0EVE": " <> "}) == "add x <@U0EVE>"

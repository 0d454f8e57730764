"""Block Kit primitives and limits. Builders take text that is ALREADY escaped (see
`escape.esc`); they enforce Slack's size limits so nothing we send is `invalid_blocks`."""

from __future__ import annotations

from typing import Any

from adapters.slack.escape import truncate

Block = dict[str, Any]

MESSAGE_BLOCKS = 50
SURFACE_BLOCKS = 100  # modals and the Home tab
SECTION_TEXT = 3000
HEADER_TEXT = 150
FIELD_TEXT = 2000
CONTEXT_ELEMENTS = 10
BUTTON_TEXT = 75
OPTION_TEXT = 75
MESSAGE_TEXT = 3000  # the notification fallback `text`; Slack truncates at 40k


def mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}


def plain(text: str, limit: int = SECTION_TEXT) -> dict[str, Any]:
    return {"type": "plain_text", "text": truncate(text, limit) or " ", "emoji": True}


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text, HEADER_TEXT)}


def section(text: str, *, accessory: dict[str, Any] | None = None,
            block_id: str | None = None) -> Block:
    block: Block = {"type": "section", "text": mrkdwn(truncate(text, SECTION_TEXT))}
    if accessory:
        block["accessory"] = accessory
    if block_id:
        block["block_id"] = block_id
    return block


def fields(items: list[str]) -> Block:
    """A section of up to 10 two-column fields."""
    return {"type": "section",
            "fields": [mrkdwn(truncate(t, FIELD_TEXT)) for t in items[:10]]}


def context(*texts: str) -> Block:
    return {"type": "context",
            "elements": [mrkdwn(truncate(t, SECTION_TEXT)) for t in texts[:CONTEXT_ELEMENTS]]}


def divider() -> Block:
    return {"type": "divider"}


def button(text: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "button", "text": plain(text, BUTTON_TEXT),
                               "action_id": action_id, "value": value}
    if style:
        element["style"] = style
    return element


def option(text: str, value: str) -> dict[str, Any]:
    return {"text": plain(text, OPTION_TEXT), "value": value}


def actions(elements: list[dict[str, Any]], block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": elements[:25]}
    if block_id:
        block["block_id"] = block_id
    return block


def split_sections(lines: list[str], limit: int = SECTION_TEXT) -> list[Block]:
    """Pack lines into as few sections as fit in `limit` characters each; a single line
    longer than the limit is truncated rather than split mid-entity."""
    out: list[Block] = []
    chunk: list[str] = []
    size = 0
    for line in lines:
        line = truncate(line, limit)
        if chunk and size + 1 + len(line) > limit:
            out.append(section("\n".join(chunk)))
            chunk, size = [], 0
        chunk.append(line)
        size += len(line) + (1 if size else 0)
    if chunk:
        out.append(section("\n".join(chunk)))
    return out


def cap(blocks: list[Block], limit: int, more: str) -> list[Block]:
    """Keep at most `limit` blocks; when cut, the last one says what was left out."""
    if len(blocks) <= limit:
        return blocks
    return [*blocks[: limit - 1], context(more)]

"""JSON read with the position of every value, so a validation error names its line.

`load(text)` returns the value and a map from each path (`("tasks", 3, "due_at")`) to the
offset where that value starts; `line_of(path)` turns the deepest known part of a path into
a 1-based line number. Primitives are read by the standard decoder; only objects and arrays
are walked here."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

Path = tuple[int | str, ...]
_DECODER = json.JSONDecoder()
_SPACE = " \t\n\r"


class JsonError(ValueError):
    """Not JSON: `line` is where reading stopped."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


class Located:
    def __init__(self, text: str) -> None:
        self.text = text
        self.offsets: dict[Path, int] = {}

    def line_at(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1

    def line_of(self, path: Sequence[int | str]) -> int:
        """The line of the value at `path`, or of its nearest known ancestor."""
        parts = tuple(path)
        while parts and parts not in self.offsets:
            parts = parts[:-1]
        return self.line_at(self.offsets.get(parts, 0))

    def _skip(self, i: int) -> int:
        while i < len(self.text) and self.text[i] in _SPACE:
            i += 1
        return i

    def _fail(self, what: str, i: int) -> JsonError:
        return JsonError(f"not valid JSON: {what}", self.line_at(i))

    def value(self, i: int, path: Path) -> tuple[Any, int]:
        i = self._skip(i)
        self.offsets[path] = i
        char = self.text[i:i + 1]
        if char == "{":
            return self._object(i + 1, path)
        if char == "[":
            return self._array(i + 1, path)
        try:
            return _DECODER.raw_decode(self.text, i)
        except json.JSONDecodeError as err:
            raise self._fail(err.msg.lower(), err.pos) from None

    def _object(self, i: int, path: Path) -> tuple[dict[str, Any], int]:
        found: dict[str, Any] = {}
        i = self._skip(i)
        if self.text[i:i + 1] == "}":
            return found, i + 1
        while True:
            i = self._skip(i)
            if self.text[i:i + 1] != '"':
                raise self._fail("expected a quoted key", i)
            key, i = _DECODER.raw_decode(self.text, i)
            i = self._skip(i)
            if self.text[i:i + 1] != ":":
                raise self._fail("expected ':' after a key", i)
            found[key], i = self.value(i + 1, (*path, key))
            i = self._skip(i)
            char = self.text[i:i + 1]
            if char == "}":
                return found, i + 1
            if char != ",":
                raise self._fail("expected ',' or '}'", i)
            i += 1

    def _array(self, i: int, path: Path) -> tuple[list[Any], int]:
        items: list[Any] = []
        i = self._skip(i)
        if self.text[i:i + 1] == "]":
            return items, i + 1
        while True:
            item, i = self.value(i, (*path, len(items)))
            items.append(item)
            i = self._skip(i)
            char = self.text[i:i + 1]
            if char == "]":
                return items, i + 1
            if char != ",":
                raise self._fail("expected ',' or ']'", i)
            i += 1


def load(text: str) -> tuple[Any, Located]:
    """The JSON value of `text` and where each part of it is."""
    located = Located(text)
    value, end = located.value(0, ())
    end = located._skip(end)
    if end != len(text):
        raise located._fail("extra data after the end", end)
    return value, located


def load_lines(text: str) -> tuple[list[Any], Located]:
    """JSON Lines (one value per line, as old `task export` writes): a list, located."""
    located = Located(text)
    items: list[Any] = []
    i = located._skip(0)
    while i < len(text):
        item, i = located.value(i, (len(items),))
        items.append(item)
        i = located._skip(i)
        if text[i:i + 1] == ",":  # tolerate `task export`'s comma-separated lines
            i = located._skip(i + 1)
    return items, located

"""Templates as YAML: read with the line of every value kept (PyYAML's composed nodes), so
a problem names its line and field; written in the document's own field order.

Plain PyYAML: `yaml.compose` builds the node tree (each node knows its start line); the
data is constructed from that same tree, and `lines` maps each value's path
(`("tasks", 2, "depends_on", 0)`) to its line. A key given twice in one mapping is a
problem too (PyYAML would silently keep the last)."""

from __future__ import annotations

from typing import Any

import yaml

from core.templates.document import (
    Path,
    Problem,
    TemplateDocument,
    TemplateError,
    validate_document,
)

MAX_BYTES = 1_000_000


def load_yaml(text: str, source: str | None = None) -> TemplateDocument:
    """A validated template from YAML text, or a `TemplateError` whose problems carry lines."""
    if len(text.encode("utf-8", "replace")) > MAX_BYTES:
        raise TemplateError([Problem((), f"the file is larger than {MAX_BYTES:,} bytes")],
                            source)
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise TemplateError([Problem((), "the file is empty")], source)
        lines: dict[Path, int] = {}
        duplicates: list[Problem] = []
        _walk(node, (), lines, duplicates)
        if duplicates:
            raise TemplateError(duplicates, source)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else None
        raise TemplateError([Problem((), f"not valid YAML: {err.problem or err}", line)],
                            source) from None
    except yaml.YAMLError as err:
        raise TemplateError([Problem((), f"not valid YAML: {err}")], source) from None
    finally:
        loader.dispose()
    return validate_document(data, source, lambda path: line_of(lines, path))


def _walk(node: yaml.Node, path: Path, lines: dict[Path, int],
          duplicates: list[Problem]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                duplicates.append(Problem((*path, key), "is given twice in this mapping",
                                          key_node.start_mark.line + 1))
            seen.add(key)
            _walk(value_node, (*path, key), lines, duplicates)
            lines[(*path, key)] = key_node.start_mark.line + 1  # `tasks:`, not its first item
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), lines, duplicates)


def line_of(lines: dict[Path, int], path: Path) -> int | None:
    """The line of `path`, else of its nearest enclosing value (a missing field: the line
    of the mapping that lacks it)."""
    for end in range(len(path), -1, -1):
        found = lines.get(path[:end])
        if found is not None:
            return found
    return None


def dump_yaml(doc: TemplateDocument) -> str:
    """The document as YAML, fields in the model's order, empty and default ones left out."""
    data = doc.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    return str(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100))


def to_json(doc: TemplateDocument) -> dict[str, Any]:
    """The document as stored (a JSON column): every field, in the model's order."""
    return doc.model_dump(mode="json")

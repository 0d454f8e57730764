"""Count import cycles among core, adapters and bot: strongly connected groups of modules in
grimp's graph, which includes imports inside functions (the ones that hide a cycle).

    .venv/bin/python -m tests.bench.import_cycles
"""

from __future__ import annotations

import grimp


def cycles() -> list[list[str]]:
    """Each group of modules that import each other, directly or through others."""
    graph = grimp.build_graph("core", "adapters", "bot", include_external_packages=False)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group: list[str] = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return groups


if __name__ == "__main__":
    found = cycles()
    print(f"{len(found)} import cycles")
    for group in found:
        print("  " + " <-> ".join(group))

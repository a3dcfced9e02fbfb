"""Print every import cycle in qls, between modules and between the apps' packages.

Run from the repository root with the project's Python:
``PYTHONPATH=src python scripts/import_cycles.py``. Exits 1 when there is a
cycle, so it can guard a build, and 0 when the graph has none.

It uses grimp, the graph library under import-linter, so it sees what
``lint-imports`` sees: every import statement in the source, including those
inside functions (a function-level import is how a cycle is usually hidden,
not removed) and, unless ``--runtime-only`` is given, those under
``if TYPE_CHECKING``.

Cycles are found per strongly connected component (Tarjan), then each
component's elementary cycles are listed, each once, starting from its
alphabetically first module. A tangle of many modules can hold very many
cycles, so at most ``--limit`` are printed per component; the component's
members are always printed in full.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet

Graph = Mapping[str, AbstractSet[str]]


def components(graph: Graph) -> list[list[str]]:
    """Strongly connected components with more than one member, each sorted.

    Iterative Tarjan, so a deep import chain cannot hit the recursion limit.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                members = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                if len(members) > 1:
                    found.append(sorted(members))
    return sorted(found)


def cycles(graph: Graph, members: list[str]) -> Iterator[list[str]]:
    """Each elementary cycle among members once, rooted at its smallest module.

    >>> list(cycles({"a": {"b"}, "b": {"a", "c"}, "c": {"a"}}, ["a", "b", "c"]))
    [['a', 'b'], ['a', 'b', 'c']]
    """
    inside = set(members)
    for start in members:
        allowed = {m for m in inside if m >= start}
        path = [start]
        work = [iter(sorted(graph[start] & allowed))]
        while work:
            step = next(work[-1], None)
            if step is None:
                work.pop()
                path.pop()
            elif step == start:
                yield list(path)
            elif step not in path:
                path.append(step)
                work.append(iter(sorted(graph[step] & allowed)))


def app_of(module: str, depth: int = 2) -> str:
    return ".".join(module.split(".")[:depth])


def package_graph(graph: Graph) -> dict[str, set[str]]:
    """The graph between top-level packages (qls.core, qls.accounts, ...), imports within one left out."""
    packages: dict[str, set[str]] = {}
    for importer, imported in graph.items():
        source = app_of(importer)
        packages.setdefault(source, set())
        for target in imported:
            if app_of(target) != source:
                packages[source].add(app_of(target))
    return packages


def build(package: str, runtime_only: bool) -> tuple[dict[str, set[str]], object]:
    import grimp

    import_graph = grimp.build_graph(
        package, exclude_type_checking_imports=runtime_only, cache_dir=None
    )
    graph = {
        module: set(import_graph.find_modules_directly_imported_by(module))
        for module in import_graph.modules
    }
    return graph, import_graph


def witnesses(import_graph, graph: Graph, source: str, target: str, limit: int = 3) -> list[str]:
    """A few module imports (with line numbers) that make the package source import the package target."""
    found = []
    for importer in sorted(m for m in graph if app_of(m) == source):
        for imported in sorted(m for m in graph[importer] if app_of(m) == target):
            details = import_graph.get_import_details(importer=importer, imported=imported)
            line = details[0]["line_number"] if details else "?"
            found.append(f"{importer}:{line} -> {imported}")
    shown = found[:limit]
    if len(found) > limit:
        shown.append(f"... and {len(found) - limit} more")
    return shown


def report(graph: Graph, import_graph, limit: int) -> tuple[str, int]:
    lines: list[str] = []
    total = 0
    for title, level, show_witnesses in (
        ("modules", graph, False),
        ("top-level packages", package_graph(graph), True),
    ):
        tangles = components(level)
        lines.append(f"== cycles between {title}: {len(tangles)} tangle(s)")
        for members in tangles:
            lines.append(f"-- {len(members)} in a tangle: {', '.join(members)}")
            for n, cycle in enumerate(cycles(level, members)):
                if n == limit:
                    lines.append(f"   ... more than {limit} cycles; showing the first {limit}")
                    break
                total += 1
                lines.append("   " + " -> ".join([*cycle, cycle[0]]))
                if show_witnesses:
                    for source, target in zip(cycle, [*cycle[1:], cycle[0]], strict=True):
                        for witness in witnesses(import_graph, graph, source, target):
                            lines.append(f"       {witness}")
        lines.append("")
    return "\n".join(lines), total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", default="qls")
    parser.add_argument(
        "--runtime-only", action="store_true", help="leave out imports under if TYPE_CHECKING"
    )
    parser.add_argument("--limit", type=int, default=50, help="cycles printed per tangle")
    args = parser.parse_args(argv)
    graph, import_graph = build(args.package, args.runtime_only)
    text, total = report(graph, import_graph, args.limit)
    print(text)
    print(f"{len(graph)} modules, {total} cycle(s) printed")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())

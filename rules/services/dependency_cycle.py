from __future__ import annotations

from collections.abc import Iterator

from cslint.core.diagnostics import Finding, Related, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument
from cslint.rules.services._common import ServiceRef, service_refs, services

_ORDERING_KEYS = ("depends_on", "links")


class DependencyCycle(Rule):
    """## What it does
    Reports services that depend on each other in a cycle through `depends_on` or
    `links`, naming the cycle (`app -> worker -> app`), once per cycle, at the first
    dependency of the cycle.

    ## Why is this bad?
    jet starts a service's dependencies before the service itself. In a cycle there is
    no service to start first. How jet reports it is not documented, but no order can
    work: docker-compose refuses such files, and a Docker link needs its target container
    to exist before the container that links to it is created.

    ## Example
    ```yaml
    app:
      build: .
      depends_on: [worker]
    worker:
      build: .
      depends_on: [app]
    ```

    ## Use instead
    ```yaml
    app:
      build: .
      depends_on: [worker]
    worker:
      build: .
    ```
    """

    code = "CS108"
    name = "dependency-cycle"
    summary = "services depend on each other in a cycle"
    targets = frozenset({FileKind.SERVICES})
    default_severity = Severity.ERROR
    valid = (
        Valid("a:\n  image: x\n  depends_on: [b]\nb:\n  image: x\n  links: [c]\nc:\n  image: x\n"),
    )
    invalid = (
        Invalid(
            "app:\n  build: .\n  depends_on: [worker]\nworker:\n  build: .\n  links:\n"
            "    - app:web\n",
            expect=("CS108@3:16",),
        ),
        Invalid("app:\n  build: .\n  depends_on:\n    - app\n", expect=("CS108@4:7",)),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        order = [entry.name for entry in services(ctx)]
        known = set(order)
        edges: dict[str, list[ServiceRef]] = {name: [] for name in order}
        for ref in service_refs(ctx):
            if ref.key in _ORDERING_KEYS and ref.target in known:
                edges[ref.source].append(ref)
        for component in _strongly_connected(order, edges):
            cycle = _cycle_in(component, edges, order)
            if not cycle:
                continue
            names = " -> ".join([ref.source for ref in cycle] + [cycle[0].source])
            doc = ctx.document
            yield Finding(
                doc.value_span(cycle[0].path),
                f"services depend on each other in a cycle: {names}; no service can start "
                "first, so remove one of these dependencies",
                related=tuple(
                    Related(doc.value_span(ref.path), f"{ref.source!r} depends on {ref.target!r}")
                    for ref in cycle[1:]
                ),
            )


def _strongly_connected(order: list[str], edges: dict[str, list[ServiceRef]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative (a long chain of services must not hit the recursion
    limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[set[str]] = []
    counter = 0
    for root in order:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            targets = [ref.target for ref in edges[node]]
            if i < len(targets):
                work.append((node, i + 1))
                nxt = targets[i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                component: set[str] = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                out.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return out


def _cycle_in(
    component: set[str], edges: dict[str, list[ServiceRef]], order: list[str]
) -> list[ServiceRef]:
    """A shortest cycle through the component's first service (in file order), as the
    references that form it; empty for a lone service that does not name itself."""
    start = min(component, key=order.index)
    paths: dict[str, list[ServiceRef]] = {start: []}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for ref in edges[node]:
            if ref.target == start:
                return [*paths[node], ref]
            if ref.target in component and ref.target not in paths:
                paths[ref.target] = [*paths[node], ref]
                queue.append(ref.target)
    return []

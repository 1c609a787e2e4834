"""The order of a dry run, read from the plan: serial groups one child after another,
parallel groups concurrently (at most `jobs` steps at once), a failed node's `on_fail`
nodes after it.

After a failure the steps already running finish, nothing further starts (those steps are
reported skipped with the reason), and `on_fail` steps still run: that is what a failing
step does to a CodeShip build (format doc §3.8).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from cslint.pipeline.model import Group, Node, Plan, PushStep, RunStep
from cslint.pipeline.results import StepResult

RunLeaf = Callable[[RunStep | PushStep], StepResult]


class Scheduler:
    def __init__(self, plan: Plan, run_leaf: RunLeaf, jobs: int, cancel: threading.Event) -> None:
        self.plan = plan
        self.run_leaf = run_leaf
        self.slots = threading.Semaphore(max(1, jobs))
        self.cancel = cancel
        self.failed = threading.Event()
        self.first_failure = ""
        self._lock = threading.Lock()
        self.results: dict[str, StepResult] = {}

    def run(self) -> list[StepResult]:
        self._serial(self.plan.steps, rescue=False)
        return [self.results[leaf.id] for leaf in self.plan.leaves() if leaf.id in self.results]

    # ----- nodes ------------------------------------------------------------------

    def _node(self, node: Node, rescue: bool) -> bool:
        """Run `node`; True when it (and everything under it) passed. `rescue` marks an
        `on_fail` subtree, which runs although the build already failed."""
        if node.skipped_reason is not None:
            self._skip(node, node.skipped_reason)
            return True
        if self._stopped(rescue):
            self._skip(node, self._stop_reason())
            return True
        if isinstance(node, Group):
            ok = (
                self._parallel(node.children, rescue)
                if node.kind == "parallel"
                else self._serial(node.children, rescue)
            )
        else:
            ok = self._leaf(node, rescue)
        if not ok and node.on_fail:
            self._serial(node.on_fail, rescue=True)
        elif node.on_fail:
            for handler in node.on_fail:
                self._skip(handler, f"runs only when {node.label!r} fails")
        return ok

    def _serial(self, nodes: tuple[Node, ...], rescue: bool) -> bool:
        ok = True
        for node in nodes:
            if not ok:
                self._skip(node, self._stop_reason())
                continue
            ok = self._node(node, rescue) and ok
        return ok

    def _parallel(self, nodes: tuple[Node, ...], rescue: bool) -> bool:
        if len(nodes) <= 1:
            return self._serial(nodes, rescue)
        with ThreadPoolExecutor(max_workers=len(nodes), thread_name_prefix="cslint-step") as pool:
            outcomes = list(pool.map(lambda n: self._node(n, rescue), nodes))
        return all(outcomes)

    def _leaf(self, step: RunStep | PushStep, rescue: bool) -> bool:
        with self.slots:
            # A slot may come free only after a sibling failed: then this step never starts.
            if self._stopped(rescue):
                self._skip(step, self._stop_reason())
                return True
            result = self.run_leaf(step)
        with self._lock:
            self.results[step.id] = result
            if not result.ok and not self.failed.is_set():
                self.first_failure = step.label
                self.failed.set()
        return result.ok

    # ----- skipping ---------------------------------------------------------------

    def _stopped(self, rescue: bool) -> bool:
        return self.cancel.is_set() or (self.failed.is_set() and not rescue)

    def _stop_reason(self) -> str:
        if self.cancel.is_set():
            return "not started: the run was interrupted"
        return f"not started: {self.first_failure!r} failed"

    def _skip(self, node: Node, reason: str) -> None:
        leaves = [node] if not isinstance(node, Group) else list(_leaves(node))
        with self._lock:
            for leaf in leaves:
                self.results.setdefault(leaf.id, StepResult(leaf, "skipped", detail=reason))
        if not isinstance(node, Group):
            for handler in node.on_fail:
                self._skip(handler, reason)


def _leaves(group: Group) -> list[RunStep | PushStep]:
    out: list[RunStep | PushStep] = []
    for child in group.children:
        if isinstance(child, Group):
            out.extend(_leaves(child))
        else:
            out.append(child)
        for handler in child.on_fail:
            out.extend([handler] if not isinstance(handler, Group) else _leaves(handler))
    for handler in group.on_fail:
        out.extend([handler] if not isinstance(handler, Group) else _leaves(handler))
    return out


def not_started(plan: Plan, reason: str) -> list[StepResult]:
    """Every step of `plan` as skipped, in plan order, when the run stopped before its
    steps began: a step the plan already skips keeps the plan's reason (a tag filter, a
    manual group), every other one gets `reason`."""
    out: list[StepResult] = []

    def visit(nodes: tuple[Node, ...], inherited: str | None) -> None:
        for node in nodes:
            own = inherited or node.skipped_reason
            if not isinstance(node, Group):
                out.append(StepResult(node, "skipped", detail=own or reason))
            else:
                visit(node.children, own)
            visit(node.on_fail, own)

    visit(plan.steps, None)
    return out

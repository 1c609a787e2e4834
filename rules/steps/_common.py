"""Small helpers the steps rules share: where to point at a step, how to name it."""

from __future__ import annotations

from cslint.codeship.steps_model import Step
from cslint.core.diagnostics import Span
from cslint.parsers.yamldoc import JsonPath, YamlDocument
from cslint.rules.messages import q

# `q` is shared with the other families (cslint.rules.messages); the steps rules take it here.
__all__ = ["q"]

# The key a finding about a whole step points at, in order of preference: the line a
# reader looks for first.
_ANCHOR_KEYS = ("name", "type", "service", "command")


def step_span(doc: YamlDocument, step: Step) -> Span:
    """A one-key span for a finding about the step as a whole."""
    for key in _ANCHOR_KEYS:
        loc = doc.get((*step.path, key))
        if loc is not None and loc.key is not None and loc.via_merge is None:
            return loc.key
    for key in step.data:
        loc = doc.get((*step.path, key))
        if loc is not None and loc.key is not None:
            return loc.key
    return doc.span(step.path)


def own_value_span(doc: YamlDocument, path: JsonPath) -> Span:
    """The value's span, or the `<<` that merged it in: an anchor's value is shared by
    every step that merges it, so pointing into the anchor would not say which step."""
    loc = doc.get(path)
    if loc is not None and loc.via_merge is not None:
        return loc.via_merge
    return doc.value_span(path)


def describe(step: Step) -> str:
    """`run step 'test'`, or `this push step` when the step has no name."""
    kind = f"{step.kind} group" if step.is_group else f"{step.kind} step"
    name = step.name
    return f"{kind} {q(name)}" if name else f"this {kind}"

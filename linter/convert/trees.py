"""Edits of ruamel round-trip trees that keep them faithful to the source: merge keys
written out as ordinary keys, independent copies of anchored values, a mapping refilled
in place."""

from __future__ import annotations

from typing import Any


def replace_into(target: Any, merged: Any) -> None:
    """Make `target` (a mapping in the output tree, with its comments) hold `merged`."""
    order = list(merged.keys())
    for key in list(target.keys()):
        if key not in merged:
            del target[key]
    for key in order:
        target[key] = merged[key]
        # The base's keys first, as if written out where `extends` stood.
        target.move_to_end(key)


def independent_copy(node: Any, memo: dict[int, Any] | None = None) -> Any:
    """A copy of the mappings and sequences under `node`, with their comments but without
    their anchors (each copy would repeat the anchor's name); scalars stay shared, so an
    anchored scalar is still written once and referred to elsewhere."""
    from ruamel.yaml.anchor import Anchor
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    memo = {} if memo is None else memo
    if id(node) in memo:
        return memo[id(node)]
    out: Any
    if isinstance(node, dict):
        out = CommentedMap()
        memo[id(node)] = out
        for key, value in node.items():
            out[key] = independent_copy(value, memo)
    elif isinstance(node, list):
        out = CommentedSeq()
        memo[id(node)] = out
        out.extend(independent_copy(value, memo) for value in node)
    else:
        return node
    if hasattr(node, "copy_attributes"):
        node.copy_attributes(out, memo={})
        setattr(out, Anchor.attrib, Anchor())
        # Blank lines that ended the anchored block would now split the service apart.
        for entry in out.ca.items.values():
            token = entry[2] if len(entry) > 2 else None
            if token is not None and not str(getattr(token, "value", "x")).strip():
                entry[2] = None
    return out


def materialize_merges(node: Any) -> None:
    """Turn `<<: *anchor` merges into ordinary keys, in this mapping and below, so that a
    key can be changed or dropped for one service without touching the anchor."""
    from ruamel.yaml.comments import merge_attrib
    from ruamel.yaml.compat import ordereddict

    if isinstance(node, dict):
        mapping: Any = node  # a CommentedMap: an OrderedDict with ruamel's bookkeeping
        if hasattr(mapping, merge_attrib):
            own = set(getattr(mapping, "_ok"))  # noqa: B009 - ruamel's own-key set
            merged = [key for key in ordereddict.__iter__(mapping) if key not in own]
            for key in reversed(merged):
                # Where `<<` stood (first, nearly always), so the last own key keeps the
                # comment lines that follow it.
                mapping.move_to_end(key, last=False)
                getattr(mapping, "_ok").add(key)  # noqa: B009
            for source in getattr(node, merge_attrib):
                refs = getattr(source, "_ref", [])
                if node in refs:
                    refs.remove(node)
            delattr(node, merge_attrib)
        for value in node.values():
            materialize_merges(value)
    elif isinstance(node, list):
        for value in node:
            materialize_merges(value)

"""Merging one service definition over another, the way `docker compose` merges override
files and `extends` (compose-spec `13-merge.md`): mappings merge key by key, sequences
append, `environment`/`labels`/`args` merge by variable, `volumes` by mount target,
and `command`/`entrypoint`/`healthcheck` are replaced whole."""

from __future__ import annotations

import copy
import posixpath
from collections.abc import Mapping
from typing import Any

from cslint.codeship.volumes import split_volume, volume_target

_REPLACED = frozenset({"command", "entrypoint", "healthcheck", "image", "extends"})
_BY_NAME = frozenset({"environment", "labels", "args", "extra_hosts", "sysctls"})
_BY_TARGET = frozenset({"volumes", "devices", "tmpfs"})


def merge_service(base: Any, over: Any) -> Any:
    """`over` merged onto a copy of `base`; both are service mappings (round-trip types).
    `!reset` in `over` removes the key, `!override` replaces instead of merging."""
    from ruamel.yaml.comments import CommentedMap

    out: Any = copy.deepcopy(base) if isinstance(base, Mapping) else CommentedMap()
    for key, value in over.items():
        tag = compose_tag(value)
        if tag == "!reset":
            if key in out:
                del out[key]
        elif tag == "!override" or key not in out:
            out[key] = untagged(value)
        else:
            out[key] = _merge_value(str(key), out[key], value)
    return out


def compose_tag(value: Any) -> str | None:
    """`!reset` or `!override` (compose's merge directives) on a round-trip value."""
    tag = getattr(getattr(value, "tag", None), "value", None)
    return tag if tag in ("!reset", "!override") else None


def untagged(value: Any) -> Any:
    """A copy of `value` without a compose merge directive (CodeShip knows no tags)."""
    from ruamel.yaml.comments import TaggedScalar

    if isinstance(value, TaggedScalar):
        return value.value
    out = _own(value)
    if compose_tag(out) is not None:
        from ruamel.yaml.tag import Tag

        setattr(out, Tag.attrib, Tag())
    return out


def strip_directives(node: Any) -> None:
    """Apply `!reset`/`!override` left where nothing was merged: a reset key goes, an
    override is plain."""
    if not isinstance(node, dict):
        return
    for key in list(node):
        tag = compose_tag(node[key])
        if tag == "!reset":
            del node[key]
            continue
        if tag == "!override":
            node[key] = untagged(node[key])
        strip_directives(node[key])


def _own(value: Any) -> Any:
    return copy.deepcopy(value)


def _merge_value(key: str, base: Any, over: Any) -> Any:
    if key in _REPLACED or base is None or over is None:
        return _own(over)
    if key in _BY_NAME:
        return _merge_by_name(base, over)
    if key == "build":
        return _merge_mappings(_as_build_mapping(base), _as_build_mapping(over))
    if key == "depends_on":
        return _merge_depends_on(base, over)
    if key in _BY_TARGET and isinstance(base, list) and isinstance(over, list):
        return _merge_by_target(base, over)
    if isinstance(base, Mapping) and isinstance(over, Mapping):
        return _merge_mappings(base, over)
    if isinstance(base, list) and isinstance(over, list):
        from ruamel.yaml.comments import CommentedSeq

        merged = CommentedSeq(_own(base))
        for item in over:
            if item not in merged:
                merged.append(_own(item))
        return merged
    if isinstance(over, list) and not isinstance(base, list) and key in ("env_file", "dns"):
        return _merge_value(key, [base], over)
    if isinstance(base, list) and not isinstance(over, list) and key in ("env_file", "dns"):
        return _merge_value(key, base, [over])
    return _own(over)


def _merge_mappings(base: Mapping[str, Any], over: Mapping[str, Any]) -> Any:
    from ruamel.yaml.comments import CommentedMap

    out = CommentedMap()
    for key, value in base.items():
        out[key] = _own(value)
    for key, value in over.items():
        tag = compose_tag(value)
        if tag == "!reset":
            out.pop(key, None)
        elif tag == "!override" or key not in out:
            out[key] = untagged(value)
        else:
            out[key] = _merge_value(str(key), out[key], value)
    return out


def as_name_map(value: Any) -> dict[str, Any]:
    """`environment`/`labels`/`args` in either spelling as an ordered name -> value map
    (a bare `- NAME` in list form maps to None: the value comes from elsewhere)."""
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items()}
    out: dict[str, Any] = {}
    for item in value if isinstance(value, list) else []:
        name, sep, text = str(item).partition("=")
        out[name] = text if sep else None
    return out


def _merge_by_name(base: Any, over: Any) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    merged = {**as_name_map(base), **as_name_map(over)}
    if isinstance(base, Mapping) or isinstance(over, Mapping):
        return CommentedMap(merged)
    return CommentedSeq(name if v is None else f"{name}={v}" for name, v in merged.items())


def _as_build_mapping(value: Any) -> Mapping[str, Any]:
    from ruamel.yaml.comments import CommentedMap

    if isinstance(value, Mapping):
        return value
    return CommentedMap([("context", value)])


def _merge_depends_on(base: Any, over: Any) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(base, list) and isinstance(over, list):
        merged = CommentedSeq(_own(base))
        merged.extend(item for item in over if item not in merged)
        return merged
    out = CommentedMap()
    for source in (base, over):
        if isinstance(source, Mapping):
            for name, spec in source.items():
                out[name] = _own(spec)
        else:
            for name in source if isinstance(source, list) else []:
                out.setdefault(name, CommentedMap([("condition", "service_started")]))
    return out


def _merge_by_target(base: list[Any], over: list[Any]) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    merged = CommentedSeq(_own(base))
    targets = [volume_target(item) for item in merged]
    for item in over:
        target = volume_target(item)
        if target is not None and target in targets:
            merged[targets.index(target)] = _own(item)
        else:
            merged.append(_own(item))
            targets.append(target)
    return merged


def rebase_paths(service: Any, from_folder: str, to_folder: str) -> None:
    """Relative host paths of a service written in another folder (an `extends` or
    `include` file), rewritten relative to the output file's folder."""
    if from_folder == to_folder or not isinstance(service, dict):
        return

    def move(path: str) -> str:
        if path.startswith(("/", "~", "$")) or "://" in path:
            return path
        moved = posixpath.relpath(posixpath.normpath(posixpath.join(from_folder, path)), to_folder)
        return moved if moved.startswith(".") else "./" + moved

    build = service.get("build")
    if isinstance(build, str):
        service["build"] = move(build)
    elif isinstance(build, dict) and isinstance(build.get("context"), str):
        build["context"] = move(build["context"])
    env_file = service.get("env_file")
    if isinstance(env_file, str):
        service["env_file"] = move(env_file)
    elif isinstance(env_file, list):
        for i, item in enumerate(env_file):
            if isinstance(item, str):
                env_file[i] = move(item)
            elif isinstance(item, dict) and isinstance(item.get("path"), str):
                item["path"] = move(item["path"])
    volumes = service.get("volumes")
    if isinstance(volumes, list):
        for i, item in enumerate(volumes):
            if isinstance(item, str):
                parts = split_volume(item)
                if len(parts) > 1 and parts[0].startswith("."):
                    volumes[i] = ":".join([move(parts[0]), *parts[1:]])
            elif isinstance(item, dict) and str(item.get("source", "")).startswith("."):
                item["source"] = move(str(item["source"]))

"""`cslint plan` as text: the step tree, then the services the steps use.

Environment and build-argument values are never written: only their keys.
"""

from __future__ import annotations

import json

from cslint.pipeline.model import Group, Node, Plan, PushStep, RunStep, Service

_INDENT = "  "


def plan_text(plan: Plan) -> str:
    options = plan.options
    leaves = list(plan.leaves(on_fail=False))
    runs = sum(1 for s in leaves if s.skipped_reason is None)
    pushes = sum(1 for s in leaves if isinstance(s, PushStep) and s.skipped_reason is None)
    on_fail = sum(1 for _ in plan.leaves()) - len(leaves)
    if options.build_name is None:
        build = "a build with no branch or tag given"
    else:
        build = options.build_label
    lines = [
        f"Plan of {plan.steps_path} for {build}: {runs} of {len(leaves)} steps run"
        + (f" ({pushes} would push)" if pushes else "")
        + (f", {on_fail} more only on a failure" if on_fail else ""),
        "",
        "serial (top level)",
    ]
    images = {service.name: _image(service) for service in plan.services}
    for node in plan.steps:
        _node(node, 1, lines, images)
    lines.append("")
    lines.append(f"Services ({plan.services_path})")
    used = set(plan.used_services())
    for service in plan.services:
        _service(service, service.name in used, lines)
    return "\n".join(lines) + "\n"


def _skip(node: Node) -> str:
    return f"  [skipped: {node.skipped_reason}]" if node.skipped_reason else ""


def _name(node: Node) -> str:
    return f" {json.dumps(node.name, ensure_ascii=False)}" if node.name else ""


def _node(
    node: Node, depth: int, lines: list[str], images: dict[str, str], prefix: str = ""
) -> None:
    pad = _INDENT * depth
    if isinstance(node, Group):
        if node.fan_out:
            title = f"serial for service {node.fan_out}"
        elif node.written_type in ("manual", "matrix"):
            title = f"{node.written_type} ({node.kind}){_name(node)}"
        else:
            title = f"{node.kind}{_name(node)}"
        lines.append(f"{pad}{prefix}{node.id} {title}{_filters(node)}{_skip(node)}")
        for child in node.children:
            _node(child, depth + 1, lines, images)
    elif isinstance(node, RunStep):
        lines.append(
            f"{pad}{prefix}{node.id} run{_name(node)} on {node.service} "
            f"({images.get(node.service, '?')}){_filters(node)}{_skip(node)}"
        )
        lines.append(f"{pad}{_INDENT}  command: {json.dumps(list(node.argv), ensure_ascii=False)}")
        if node.needs:
            started = ", ".join(f"{name} ({images.get(name, '?')})" for name in node.needs)
            lines.append(f"{pad}{_INDENT}  starts: {started}")
        if node.volumes_from:
            lines.append(f"{pad}{_INDENT}  volumes from: {', '.join(node.volumes_from)}")
    else:
        target = f"{node.image_name}:{node.image_tag}" if node.image_tag else node.image_name
        registry = f" to {node.registry}" if node.registry else ""
        lines.append(
            f"{pad}{prefix}{node.id} push{_name(node)} of {node.service} as {target}{registry}"
            f"{_filters(node)}{_skip(node)}"
        )
        if node.image_tag_template != node.image_tag:
            lines.append(f"{pad}{_INDENT}  image_tag: {node.image_tag_template}")
    for child in node.on_fail:
        _node(child, depth + 1, lines, images, prefix="on fail: ")


def _image(service: Service) -> str:
    """How the service's image comes to be, in a few words."""
    if service.build is not None:
        return f"builds {service.build.image or service.build.dockerfile}"
    return f"pulls {service.image}" if service.image else "no image"


def _filters(node: Node) -> str:
    if not node.filters:
        return ""
    return " (" + ", ".join(f"{f.key} {f.value}" for f in node.filters) + ")"


def _service(service: Service, used: bool, lines: list[str]) -> None:
    pad = _INDENT * 2
    note = "" if used else "  (no step that runs uses it)"
    if service.build is not None:
        build = service.build
        made = f"built from {build.dockerfile} (context {build.context})"
        if build.image:
            made += f" as {build.image}"
    else:
        made = f"pulls {service.image}" if service.image else "neither built nor pulled"
    lines.append(f"{_INDENT}{service.name}: {made}{note}")
    if service.build is not None and service.build.arg_keys:
        lines.append(f"{pad}build args: {', '.join(service.build.arg_keys)}")
    if service.build is not None and service.build.healthcheck is not None:
        said = "yes" if service.build.healthcheck else "none"
        lines.append(f"{pad}HEALTHCHECK: {said}")
    deps = [*service.depends_on]
    deps += [
        link.service if link.alias == link.service else f"{link.service} as {link.alias}"
        for link in service.links
    ]
    if deps:
        lines.append(f"{pad}depends on: {', '.join(deps)}")
    if service.volumes_from:
        lines.append(f"{pad}volumes from: {', '.join(service.volumes_from)}")
    if service.volumes:
        lines.append(f"{pad}volumes: {', '.join(v.text for v in service.volumes)}")
    if service.environment_keys:
        lines.append(f"{pad}environment: {', '.join(service.environment_keys)}")
    for env_file in service.env_files:
        state = "" if env_file.found else " (missing)"
        lines.append(f"{pad}env_file {env_file.path}{state}")
    if service.encrypted_inputs:
        lines.append(f"{pad}encrypted, not decrypted here: {', '.join(service.encrypted_inputs)}")
    flags = [
        name for name, on in (("privileged", service.privileged), ("cached", service.cached)) if on
    ]
    if flags:
        lines.append(f"{pad}{', '.join(flags)}")
    if service.add_docker:
        lines.append(
            f"{pad}add_docker: the container gets DOCKER_HOST (and DOCKER_TLS_VERIFY, "
            "DOCKER_CERT_PATH when set): it can drive the Docker daemon of the build"
        )

"""`cslint plan --format json`: the plan as data (docs/cslint-plan-v1.schema.json).

Environment and build-argument values are never written: only their keys.
"""

from __future__ import annotations

import json
from typing import Any

from cslint.pipeline.model import Filter, Group, Node, Plan, PushStep, RunStep, Service, Source
from cslint.pipeline.plan import template_fields

VERSION = 1


def plan_json(plan: Plan) -> str:
    return json.dumps(plan_data(plan), indent=2, ensure_ascii=False) + "\n"


def plan_data(plan: Plan) -> dict[str, Any]:
    options = plan.options
    used = set(plan.used_services())
    leaves = list(plan.leaves(on_fail=False))
    return {
        "version": VERSION,
        "steps_file": plan.steps_path,
        "services_file": plan.services_path,
        "build": {
            "branch": options.branch,
            "tag": options.tag,
            "time": plan.time.isoformat(),
            "variables": template_fields(options, plan.time),
        },
        "summary": {
            "steps": len(leaves),
            "run": sum(1 for s in leaves if s.skipped_reason is None),
            "skipped": sum(1 for s in leaves if s.skipped_reason is not None),
            "pushes": sum(
                1 for s in leaves if isinstance(s, PushStep) and s.skipped_reason is None
            ),
            "on_fail": sum(1 for _ in plan.leaves()) - len(leaves),
        },
        "steps": [_node(node) for node in plan.steps],
        "services": [_service(service, service.name in used) for service in plan.services],
    }


def _source(source: Source) -> dict[str, Any]:
    return {"path": source.path, "line": source.line, "col": source.col}


def _filter(flt: Filter) -> dict[str, Any]:
    return {"key": flt.key, "value": flt.value, "source": _source(flt.source)}


def _node(node: Node) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": node.id,
        "kind": node.kind,
        "name": node.name,
        "source": _source(node.source),
        "filters": [_filter(f) for f in node.filters],
        "skipped_reason": node.skipped_reason,
    }
    if isinstance(node, Group):
        data.update(
            written_type=node.written_type,
            manual=node.manual,
            fan_out=node.fan_out,
            children=[_node(child) for child in node.children],
        )
    elif isinstance(node, RunStep):
        data.update(
            service=node.service,
            command=node.command,
            argv=list(node.argv),
            needs=list(node.needs),
            volumes_from=list(node.volumes_from),
            dockercfg_service=node.dockercfg_service,
            encrypted_dockercfg_path=node.encrypted_dockercfg_path,
        )
    else:
        data.update(
            service=node.service,
            image_name=node.image_name,
            image_tag=node.image_tag,
            image_tag_template=node.image_tag_template,
            registry=node.registry,
            dockercfg_service=node.dockercfg_service,
            encrypted_dockercfg_path=node.encrypted_dockercfg_path,
        )
    data["on_fail"] = [_node(child) for child in node.on_fail]
    return data


def _service(service: Service, used: bool) -> dict[str, Any]:
    build = service.build
    return {
        "name": service.name,
        "source": _source(service.source),
        "used": used,
        "image": service.image,
        "build": None
        if build is None
        else {
            "context": build.context,
            "dockerfile": build.dockerfile,
            "image": build.image,
            "args": list(build.arg_keys),
            "encrypted_args_files": list(build.encrypted_args_files),
            "encrypted_args": build.has_encrypted_args,
            "healthcheck": build.healthcheck,
        },
        "command": service.command,
        "entrypoint": list(service.entrypoint)
        if isinstance(service.entrypoint, tuple)
        else service.entrypoint,
        "depends_on": list(service.depends_on),
        "links": [{"service": link.service, "alias": link.alias} for link in service.links],
        "volumes_from": list(service.volumes_from),
        "volumes": [
            {
                "text": v.text,
                "kind": v.kind,
                "host": v.host,
                "container": v.container,
                "mode": v.mode,
                "read_only": v.read_only,
            }
            for v in service.volumes
        ],
        "environment": list(service.environment_keys),
        "environment_keys": [key for key, _ in service.environment],
        "env_files": [
            {"path": f.path, "found": f.found, "keys": list(f.keys)} for f in service.env_files
        ],
        "encrypted_env_files": list(service.encrypted_env_files),
        "encrypted_environment": service.has_encrypted_environment,
        "working_dir": service.working_dir,
        "user": service.user,
        "hostname": service.hostname,
        "add_docker": service.add_docker,
        "privileged": service.privileged,
        "cached": service.cached,
        "default_cache_branch": service.default_cache_branch,
        "dockercfg_service": service.dockercfg_service,
        "encrypted_dockercfg_path": service.encrypted_dockercfg_path,
    }

"""One step, run for real: a fresh network; the step's dependencies started fresh on it and
waited on (HEALTHCHECK) until healthy; then the step's command in a new container of its
service, its output streamed prefixed by the step's name; then everything of the step
removed. A push step tags the service's image as `image_name:image_tag` and reports
"would push": nothing is ever sent to a registry.
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass
from typing import Any

from cslint.pipeline import labels
from cslint.pipeline.containers import Containers, redact_environment
from cslint.pipeline.images import Images
from cslint.pipeline.links import link_variables
from cslint.pipeline.model import Link, Plan, PushStep, RunStep
from cslint.pipeline.results import StepResult
from cslint.pipeline.view import View


class Cancelled(Exception):
    """The run is being stopped (Ctrl-C, SIGTERM)."""


@dataclass
class StepRunner:
    client: Any
    plan: Plan
    images: Images
    containers: Containers
    view: View
    cancel: threading.Event
    health_timeout: float

    def run(self, step: RunStep | PushStep) -> StepResult:
        from docker.errors import APIError

        started = time.monotonic()
        label = step.label
        self.view.started(label)
        try:
            if isinstance(step, PushStep):
                result = self._push(step)
            else:
                result = self._run(step)
        except Cancelled:
            result = StepResult(step, "failed", detail="interrupted")
        except APIError as exc:
            # The daemon refused the step (an OCI error, a name in use): a failed step.
            reason = str(exc.explanation or exc).strip().splitlines()[-1]
            if isinstance(step, RunStep):
                names = (step.service, *step.needs)
                reason = redact_environment(reason, self.plan, names)
            self.view.log(label, f"Docker: {reason}")
            result = StepResult(step, "failed", detail=f"Docker: {reason}")
        seconds = time.monotonic() - started
        result = StepResult(
            step, result.state, seconds, result.detail, result.notes, result.exit_code
        )
        self.view.finished(label, result.state, seconds)
        return result

    # ----- push -------------------------------------------------------------------

    def _push(self, step: PushStep) -> StepResult:
        image = self.images.labelled(step.service)
        self.images.tag(image, f"{step.image_name}:{step.image_tag}")
        target = f"{step.image_name}:{step.image_tag}"
        where = f" to {step.registry}" if step.registry else ""
        self.view.log(step.label, f"tagged {target}; would push it{where} (nothing is sent)")
        return StepResult(step, "would push", detail=f"{target}{where}")

    # ----- run --------------------------------------------------------------------

    def _run(self, step: RunStep) -> StepResult:
        service = self.plan.service(step.service)
        notes = self._notes(step)
        created: list[str] = []
        network = None
        try:
            self._check_cancel()
            network = self.containers.network(step.id)
            aliases = self._aliases(step)
            started: dict[str, str] = {}  # service -> its container in this step
            for dep in step.needs:
                self._check_cancel()
                name = labels.docker_name(self.containers.run_id, step.id.replace(".", "-"), dep)
                dep_service = self.plan.service(dep)
                cid = self.containers.create(
                    dep_service,
                    name,
                    network,
                    aliases[dep],
                    None,
                    self._link_environment(dep_service.links, started, network, name),
                )
                created.append(cid)
                self.client.api.start(cid)
                started[dep] = cid
                self._wait_healthy(step, dep, cid)
            self._check_cancel()
            name = labels.docker_name(self.containers.run_id, step.id.replace(".", "-"), "step")
            cid = self.containers.create(
                service,
                name,
                network,
                aliases[step.service],
                list(step.argv),
                self._link_environment(service.links, started, network, name),
            )
            created.append(cid)
            self.client.api.start(cid)
            self._stream(step.label, cid)
            code = int(self.client.api.wait(cid).get("StatusCode", -1))
            self._check_cancel()
        finally:
            for cid in reversed(created):
                self.containers.remove(cid)
            if network is not None:
                self._remove_network(network)
        if code == 0:
            return StepResult(step, "passed", notes=notes, exit_code=0)
        return StepResult(step, "failed", detail=f"exit code {code}", notes=notes, exit_code=code)

    def _link_environment(
        self, links: tuple[Link, ...], started: dict[str, str], network: str, parent: str
    ) -> tuple[tuple[str, str], ...]:
        """The legacy link variables of `links` (cslint.pipeline.links), from the linked
        containers as they run on the step's network (started before, dependencies
        first)."""
        out: list[tuple[str, str]] = []
        for link in links:
            cid = started.get(link.service)
            if cid is None:
                continue
            attrs = self.client.api.inspect_container(cid)
            ip = ((attrs.get("NetworkSettings") or {}).get("Networks") or {}).get(network) or {}
            config = attrs.get("Config") or {}
            out += link_variables(
                link.alias,
                str(ip.get("IPAddress") or ""),
                (config.get("ExposedPorts") or {}).keys(),
                config.get("Env") or [],
                parent,
            )
        return tuple(out)

    def _aliases(self, step: RunStep) -> dict[str, list[str]]:
        """Each service of the step by its name, plus every alias a link of any service
        of the step gives it."""
        names = (step.service, *step.needs)
        aliases: dict[str, list[str]] = {name: [name] for name in names}
        for name in names:
            for link in self.plan.service(name).links:
                if link.service in aliases and link.alias not in aliases[link.service]:
                    aliases[link.service].append(link.alias)
        return aliases

    def _notes(self, step: RunStep) -> tuple[str, ...]:
        missing: list[str] = []
        for name in (step.service, *step.needs):
            for item in self.plan.service(name).encrypted_inputs:
                missing.append(f"{name}: {item}")
        if not missing:
            return ()
        return (f"ran without encrypted inputs (not decrypted): {', '.join(missing)}",)

    def _wait_healthy(self, step: RunStep, service: str, cid: str) -> None:
        """Wait while the container's HEALTHCHECK says `starting` (or `unhealthy`, which may
        still turn), at most health_timeout; then the step starts anyway, as on CodeShip."""
        deadline = time.monotonic() + self.health_timeout
        announced = False
        while True:
            state = self.client.api.inspect_container(cid)["State"]
            health = (state.get("Health") or {}).get("Status")
            if health is None or health == "healthy":
                if announced:
                    self.view.log(step.label, f"{service} is healthy")
                return
            if not state.get("Running"):
                self.view.log(step.label, f"{service} exited before it was healthy")
                return
            if not announced:
                self.view.log(step.label, f"waiting for {service} to be healthy")
                announced = True
            if time.monotonic() > deadline:
                self.view.log(
                    step.label,
                    f"{service} is still {health} after {self.health_timeout:.0f}s; "
                    "starting the step anyway",
                )
                return
            if self.cancel.wait(0.1):
                raise Cancelled

    def _stream(self, label: str, cid: str) -> None:
        pending = b""
        for chunk in self.client.api.logs(cid, stream=True, follow=True):
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for line in lines:
                self.view.log(label, line.decode("utf-8", errors="replace").rstrip("\r"))
        if pending:
            self.view.log(label, pending.decode("utf-8", errors="replace"))

    def _remove_network(self, network: str) -> None:
        from docker.errors import APIError

        # On failure the sweep at the end of the run retries.
        with contextlib.suppress(APIError):
            self.client.api.remove_network(network)

    def _check_cancel(self) -> None:
        if self.cancel.is_set():
            raise Cancelled

"""Each service's image, once per run: built from its Dockerfile or pulled when absent.

Builds use the classic builder endpoint (`forcerm=True`, so a failed step leaves no
container), the service's context, Dockerfile and build arguments (already rendered from
the CI variables by the planner) and carry the run's labels. Their output streams
prefixed with the service name. A failed build names the Dockerfile and the line of the
instruction that failed: the builder counts instructions ("Step 3/7"), and cslint's own
Dockerfile parser says on which line the third instruction starts.

Tags the run makes (a `build.image` name, a push step's `image_name:image_tag`) point at
images labelled with the run id, so the sweep at the end removes them; a tag that named
another image before the run is put back on that image afterwards.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from dataclasses import dataclass, field
from typing import Any

from cslint.pipeline import labels
from cslint.pipeline.model import Plan, Service
from cslint.pipeline.view import View

_STEP = re.compile(r"^Step (\d+)/(\d+) : (.*)$")
_RUNNING = re.compile(r"^ ---> Running in ([0-9a-f]{12,64})$")
_LAYER = re.compile(r"^ ---> ([0-9a-f]{12,64})$")
# Streams an interrupt cuts: builds and pulls (the daemon cancels either when the client
# goes away: a classic build kills and removes the container of the running step).
_STREAMS = ("/build", "/images/create")


class ImageProblem(Exception):
    """An image could not be built or pulled; the message says where and why."""


@dataclass
class Images:
    client: Any
    plan: Plan
    root: str  # the project folder, absolute
    run_id: str
    view: View
    pull: bool = False
    refs: dict[str, str] = field(default_factory=dict)  # service -> image id
    restore: list[tuple[str, str]] = field(default_factory=list)  # (tag, previous image id)
    _built: dict[tuple[object, ...], str] = field(default_factory=dict)
    # Open build and pull responses (cut by `abort`), and what an unfinished build made:
    # the builder's containers and the layers of its finished steps (`discard_partial`).
    _open: list[Any] = field(default_factory=list)
    _partial: list[str] = field(default_factory=list)
    _aborted: bool = False

    def __post_init__(self) -> None:
        # A requests hook sees each response once its headers arrive, before its body is
        # streamed: the only public place to learn which socket a build streams on.
        self.client.api.hooks["response"].append(self._remember)

    def _remember(self, response: Any, *args: Any, **kwargs: Any) -> None:
        path = getattr(response.request, "path_url", "").split("?", 1)[0]
        if path.endswith(_STREAMS):
            self._open.append(response)
            if self._aborted:
                _cut(response)

    def abort(self) -> None:
        """Cut every build and pull stream now (from another thread): the worker reading
        it gets an error at once, and the daemon cancels the build. Later ones are cut as
        soon as they open."""
        self._aborted = True
        for response in list(self._open):
            _cut(response)

    def discard_partial(self, client: Any) -> None:
        """Remove what unfinished builds left: the container of the step that was running
        (the daemon removes it itself on a cancel, maybe a moment later) and the untagged
        layers of the steps that had finished. A layer another image or container uses is
        Docker's to keep (the removal is refused)."""
        from docker.errors import APIError

        for ident in reversed(self._partial):
            kind, _, name = ident.partition(":")
            try:
                if kind == "container":
                    _remove_container(client, name)
                else:
                    client.api.remove_image(name, force=False, noprune=False)
            except APIError:
                continue
        self._partial.clear()

    @property
    def run_labels(self) -> dict[str, str]:
        # Only the run id: the legacy builder adds one LABEL step (one container) per label.
        return {labels.RUN: self.run_id}

    def prepare(self, names: tuple[str, ...]) -> None:
        """Build or pull the images of `names`; a service another one builds FROM (by its
        `build.image` name) is built first."""
        services = [self.plan.service(name) for name in names]
        for service in _build_order(services, self.root):
            if service.build is not None:
                self.refs[service.name] = self._build(service)
            else:
                self.refs[service.name] = self._pull(service)

    # ----- build ------------------------------------------------------------------

    def _build(self, service: Service) -> str:
        build = service.build
        assert build is not None
        key = (build.context, build.dockerfile, build.args, build.image)
        if key in self._built:
            return self._built[key]
        context = os.path.join(self.root, build.context)
        dockerfile = os.path.join(self.root, build.dockerfile)
        shown = os.path.relpath(dockerfile)
        if not os.path.isfile(dockerfile):
            raise ImageProblem(f"{shown}: service {service.name!r}: no such Dockerfile")
        tag = labels.docker_name("dryrun", service.name) + f":{self.run_id}"
        prefix = f"build {service.name}"
        self.view.line(f"--> {prefix}: {shown} (context {os.path.relpath(context)})")
        step: tuple[int, str] | None = None
        image_id = None
        stream = self.client.api.build(
            path=context,
            dockerfile=dockerfile,
            tag=tag,
            buildargs=dict(build.args),
            labels=self.run_labels,
            rm=True,
            forcerm=True,
            pull=False,
            decode=True,
        )
        made: list[str] = []  # what this build made, until it completes
        fresh = False  # whether the current step runs (not FROM, not from the cache)
        try:
            for chunk in stream:
                text = chunk.get("stream")
                if text:
                    for line in text.rstrip("\n").splitlines():
                        found = _STEP.match(line)
                        if found:
                            step = (int(found.group(1)), found.group(3))
                            fresh = not found.group(3).upper().startswith("FROM ")
                        fresh = fresh and line != " ---> Using cache"
                        running, layer = _RUNNING.match(line), _LAYER.match(line)
                        if running:
                            made.append(f"container:{running.group(1)}")
                        elif layer and fresh:
                            made.append(f"image:{layer.group(1)}")
                        if line.strip():
                            self.view.log(prefix, line)
                if "aux" in chunk and isinstance(chunk["aux"], dict):
                    image_id = chunk["aux"].get("ID", image_id)
                if "error" in chunk:
                    raise ImageProblem(_build_failure(service, shown, dockerfile, step, chunk))
        except BaseException:
            self._partial.extend(made)
            raise
        image_id = image_id or self.client.api.inspect_image(tag)["Id"]
        if build.image:
            self.tag(image_id, build.image)
        self._built[key] = image_id
        return str(image_id)

    # ----- pull -------------------------------------------------------------------

    def _pull(self, service: Service) -> str:
        from docker.errors import APIError, ImageNotFound

        image = service.image or ""
        if not self.pull:
            try:
                return str(self.client.api.inspect_image(image)["Id"])
            except ImageNotFound:
                pass
        repo, tag = _split_ref(image)
        self.view.line(f"--> pull {service.name}: {image}")
        try:
            for chunk in self.client.api.pull(repo, tag=tag, stream=True, decode=True):
                if "error" in chunk:
                    raise APIError(chunk["error"])
            return str(self.client.api.inspect_image(image)["Id"])
        except APIError as exc:
            reason = (exc.explanation or str(exc)).strip().splitlines()[-1]
            raise ImageProblem(
                f"{service.source}: service {service.name!r}: image {image!r} cannot be "
                f"pulled: {reason}"
            ) from None

    # ----- tags -------------------------------------------------------------------

    def labelled(self, service: str) -> str:
        """An image id for `service` that carries the run labels: the built image, or for
        a pulled one a labelled image made FROM it (so a tag on it is swept too)."""
        ref = self.refs[service]
        attrs = self.client.api.inspect_image(ref)
        if ((attrs.get("Config") or {}).get("Labels") or {}).get(labels.RUN) == self.run_id:
            return ref
        text = f"FROM {ref}\n".encode()
        stream = self.client.api.build(
            fileobj=io.BytesIO(text), labels=self.run_labels, rm=True, forcerm=True, decode=True
        )
        made = None
        for chunk in stream:
            if "aux" in chunk and isinstance(chunk["aux"], dict):
                made = chunk["aux"].get("ID", made)
            if "error" in chunk:
                raise ImageProblem(f"service {service!r}: cannot label its image: {chunk['error']}")
        assert made is not None
        return str(made)

    def tag(self, image_id: str, reference: str) -> None:
        """Tag `image_id` as `reference`, remembering what the tag named before."""
        from docker.errors import ImageNotFound

        repo, tag = _split_ref(reference)
        full = f"{repo}:{tag}"
        try:
            previous = self.client.api.inspect_image(full)["Id"]
        except ImageNotFound:
            previous = None
        if previous and previous != image_id and all(t != full for t, _ in self.restore):
            self.restore.append((full, previous))
        self.client.api.tag(image_id, repo, tag, force=True)

    def put_back(self) -> None:
        """After the sweep: tags the run borrowed name their old images again."""
        from docker.errors import APIError

        for full, previous in self.restore:
            repo, tag = _split_ref(full)
            try:
                self.client.api.tag(previous, repo, tag, force=True)
            except APIError:
                continue


def _remove_container(client: Any, container_id: str, bound: float = 10.0) -> None:
    """Remove a builder's container and wait until it is gone (at most `bound` seconds):
    after a cancel the daemon is removing it too ("removal in progress"), and the layer
    below it cannot be removed while it exists."""
    import time

    from docker.errors import APIError, NotFound

    with contextlib.suppress(APIError):
        client.api.remove_container(container_id, force=True)
    deadline = time.monotonic() + bound
    while time.monotonic() < deadline:
        try:
            client.api.inspect_container(container_id)
        except NotFound:
            return
        time.sleep(0.05)


def _cut(response: Any) -> None:
    """Shut the socket a streamed response reads from: a read blocked on it in another
    thread returns at once (closing the response alone would wait for that read)."""
    import socket

    connection = getattr(response.raw, "connection", None)
    sock = getattr(connection, "sock", None)
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _split_ref(reference: str) -> tuple[str, str]:
    """`repo[:tag]` -> (repo, tag); a registry port (`host:5000/x`) is not a tag."""
    if "@" in reference:
        repo, _, digest = reference.partition("@")
        return repo, digest
    head, sep, tail = reference.rpartition(":")
    if sep and "/" not in tail:
        return head, tail
    return reference, "latest"


def _build_failure(
    service: Service,
    shown: str,
    dockerfile: str,
    step: tuple[int, str] | None,
    chunk: dict[str, Any],
) -> str:
    message = str(chunk.get("error", "")).strip()
    if step is None:
        return f"{shown}: service {service.name!r}: the build failed: {message}"
    line = _instruction_line(dockerfile, step[0])
    where = f"{shown}:{line}" if line else shown
    return f"{where}: service {service.name!r}: the build failed at `{step[1]}`: {message}"


def _instruction_line(dockerfile: str, number: int) -> int | None:
    """The line where the `number`th instruction (1-based, as the builder counts them)
    starts, by cslint's own Dockerfile parser."""
    from cslint.parsers.dockerfile import parse

    try:
        with open(dockerfile, encoding="utf-8-sig", errors="replace") as fh:
            document, _ = parse(fh.read())
    except OSError:
        return None
    if document is None or not 0 < number <= len(document.instructions):
        return None
    return document.instructions[number - 1].span.line


def _build_order(services: list[Service], root: str) -> list[Service]:
    """`services` with each built service after the services whose `build.image` its
    Dockerfile names in a FROM (CodeShip needs `build.image` for exactly that)."""
    from cslint.parsers.dockerfile import parse

    by_image = {s.build.image: s.name for s in services if s.build and s.build.image}
    needs: dict[str, set[str]] = {s.name: set() for s in services}
    for service in services:
        if service.build is None or not by_image:
            continue
        try:
            with open(os.path.join(root, service.build.dockerfile), encoding="utf-8-sig") as fh:
                document, _ = parse(fh.read())
        except (OSError, UnicodeDecodeError):
            continue
        for instruction in document.instructions if document else []:
            if instruction.cmd == "FROM" and instruction.args:
                base = by_image.get(instruction.args[0])
                if base and base != service.name:
                    needs[service.name].add(base)
    ordered: list[Service] = []
    done: set[str] = set()
    by_name = {s.name: s for s in services}

    def visit(name: str, stack: tuple[str, ...]) -> None:
        if name in done or name in stack:
            return
        for dep in sorted(needs[name]):
            visit(dep, (*stack, name))
        done.add(name)
        ordered.append(by_name[name])

    for service in services:
        visit(service.name, ())
    return ordered

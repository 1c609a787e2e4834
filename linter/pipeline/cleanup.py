"""Finding and removing what dry runs created, by their labels.

The end of a run (also after a failure, Ctrl-C or SIGTERM) sweeps its own run id;
`cslint cleanup` sweeps what killed runs left, and skips objects of a run that is still
going on this machine. Order matters: containers first (they hold networks and volumes),
then networks, volumes, and last the image tags.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cslint.pipeline import labels

KINDS = ("container", "network", "volume", "image")


@dataclass(frozen=True, slots=True)
class Leftover:
    kind: str
    id: str
    name: str
    run: str
    owner: str

    def describe(self) -> str:
        return f"{self.kind} {self.name} (run {self.run})"


def find(client: Any, run_id: str | None = None, include_live: bool = False) -> list[Leftover]:
    """Every object labelled by a dry run (of `run_id` only, when given), in removal order.
    Objects whose run is still going on this machine are left out unless `include_live`.
    A `run_id` that is not one (an empty string) is a ValueError, never "every run"."""
    if run_id is not None and not labels.is_run_id(run_id):
        raise ValueError(f"not a dry run id: {run_id!r}")
    selector = f"{labels.RUN}={run_id}" if run_id is not None else labels.RUN
    filters = {"label": selector}
    found: list[Leftover] = []
    for container in client.api.containers(all=True, filters=filters):
        name = (container.get("Names") or [container["Id"][:12]])[0].lstrip("/")
        found.append(_leftover("container", container["Id"], name, container.get("Labels")))
    for network in client.api.networks(filters=filters):
        found.append(_leftover("network", network["Id"], network["Name"], network.get("Labels")))
    for volume in client.api.volumes(filters=filters).get("Volumes") or []:
        found.append(_leftover("volume", volume["Name"], volume["Name"], volume.get("Labels")))
    for image in client.api.images(all=False, filters=filters):
        tags = [t for t in image.get("RepoTags") or [] if t != "<none>:<none>"]
        name = ", ".join(tags) or image["Id"][7:19]
        found.append(_leftover("image", image["Id"], name, image.get("Labels")))
    if not include_live:
        # Images carry only the run id; a run is live when anything of it names a live owner.
        live = {item.run for item in found if labels.owner_alive(item.owner)}
        found = [item for item in found if item.run not in live]
    return found


def _leftover(kind: str, ident: str, name: str, marks: dict[str, str] | None) -> Leftover:
    marks = marks or {}
    return Leftover(kind, ident, name, marks.get(labels.RUN, "?"), marks.get(labels.OWNER, ""))


def remove(client: Any, items: list[Leftover]) -> list[str]:
    """Remove `items`; returns one message per object that could not be removed (an object
    already gone is not an error)."""
    from docker.errors import APIError, NotFound

    problems: list[str] = []
    for item in items:
        try:
            if item.kind == "container":
                client.api.remove_container(item.id, force=True, v=True)
            elif item.kind == "network":
                client.api.remove_network(item.id)
            elif item.kind == "volume":
                client.api.remove_volume(item.id, force=True)
            else:
                _remove_image(client, item.id)
        except NotFound:
            continue
        except APIError as exc:
            problems.append(f"{item.describe()}: {exc.explanation or exc}")
    return problems


def _remove_image(client: Any, image_id: str) -> None:
    """Every tag of the image, then the image itself when nothing else uses it. Its layers
    stay as Docker's build cache only while another image shares them."""
    from docker.errors import APIError, NotFound

    attrs = client.api.inspect_image(image_id)
    for tag in attrs.get("RepoTags") or []:
        client.api.remove_image(tag, force=False)
    try:
        client.api.remove_image(image_id, force=False)
    except NotFound:
        pass
    except APIError:
        # A dependent child image of another run still uses it; that run's sweep takes it.
        pass


def sweep(client: Any, run_id: str) -> list[str]:
    """Remove everything run `run_id` created; twice if the first pass left something
    (a container a worker thread was still creating while the sweep began)."""
    problems = remove(client, find(client, run_id, include_live=True))
    rest = find(client, run_id, include_live=True)
    if rest:
        problems = remove(client, rest)
    return problems

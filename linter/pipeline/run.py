"""A dry run from start to end: connect, check what cannot run, build and pull the images,
run the plan's steps in the plan's order, sweep everything the run created, summarise.

The scheduler works in its own thread; the main thread only waits, so a Ctrl-C or SIGTERM
is handled at once: the run is marked cancelled, a build or pull stream is cut (the daemon
cancels the build), everything labelled with its run id is removed (which also ends the
steps' containers, so the workers return), what an unfinished build made is removed, and
the run ends with 130 (SIGINT) or 143 (SIGTERM).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

from cslint.pipeline import cleanup, labels
from cslint.pipeline.containers import Containers, preflight
from cslint.pipeline.daemon_access import DaemonAccess, daemon_access
from cslint.pipeline.images import ImageProblem, Images
from cslint.pipeline.model import Plan
from cslint.pipeline.results import StepResult
from cslint.pipeline.schedule import Scheduler, not_started
from cslint.pipeline.steps import StepRunner
from cslint.pipeline.view import View

EXIT_SIGNAL = {signal.SIGINT: 130, signal.SIGTERM: 143}


@dataclass(frozen=True, slots=True)
class RunOptions:
    root: str  # the project folder (the services file's), absolute
    jobs: int
    pull: bool = False
    allow_privileged: bool = False
    allow_outside_context: bool = False
    health_timeout: float = 300.0
    live: bool | None = None  # None: a live view when stdout is a terminal and CI is unset


@dataclass
class Outcome:
    run_id: str
    results: list[StepResult] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None  # an image that did not build, a Docker error before the steps
    signal: int | None = None
    leftovers: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        if self.signal is not None:
            return EXIT_SIGNAL.get(signal.Signals(self.signal), 130)
        if self.error is not None or any(r.state == "failed" for r in self.results):
            return 1
        return 0


def dry_run(plan: Plan, connect: Callable[[], Any], options: RunOptions, view: View) -> Outcome:
    """Run `plan` against the daemon `connect()` reaches. Raises RunRefused (exit 2) before
    anything is created when the plan asks for what a dry run does not do, and
    DaemonUnavailable when no daemon answers."""
    preflight(plan, options.root, options.allow_privileged, options.allow_outside_context)
    client = connect()
    outcome = Outcome(labels.new_run_id())
    build = plan.options.build_label if plan.options.build_name else "no --branch or --tag"
    view.line(f"cslint dry run {outcome.run_id}: {plan.steps_path} ({build})")
    daemon = _daemon_access(plan)
    for note in run_notes(plan, daemon):
        view.line(f"note: {note}")
    started = time.monotonic()
    cancel = threading.Event()
    images = Images(client, plan, options.root, outcome.run_id, view, pull=options.pull)
    worker = threading.Thread(
        target=_work,
        args=(plan, client, options, view, images, cancel, outcome, daemon),
        name="cslint-run",
        daemon=True,
    )
    caught: list[int] = []

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        caught.append(signum)
        cancel.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in EXIT_SIGNAL}
    try:
        _mark_live(client, outcome.run_id, options.root)
        worker.start()
        while worker.is_alive() and not cancel.is_set():
            worker.join(0.2)
        if caught:
            outcome.signal = caught[0]
            view.line(
                f"cslint: {signal.Signals(caught[0]).name}: stopping, removing the run's containers"
            )
            _interrupt(client, connect, outcome.run_id, worker, images)
            if not outcome.results:
                # Stopped while the images were being built: no step began, each is listed.
                outcome.results = not_started(plan, "not started: the run was interrupted")
    finally:
        leftovers = _final_sweep(connect, outcome.run_id, images)
        images.put_back()
        outcome.leftovers = leftovers
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        view.close()
    outcome.seconds = time.monotonic() - started
    return outcome


def _daemon_access(plan: Plan) -> DaemonAccess | None:
    """What `add_docker` gives, from the daemon this run talks to; None when no service
    of the run asks for it."""
    if not any(plan.service(name).add_docker for name in plan.used_services()):
        return None
    from cslint.pipeline.session import find_endpoint

    return daemon_access(find_endpoint())


def run_notes(plan: Plan, daemon: DaemonAccess | None) -> list[str]:
    """What the run does where CodeShip's behaviour is not fully documented, said once at
    the start rather than guessed silently."""
    notes: list[str] = []
    for name in plan.used_services():
        service = plan.service(name)
        if service.add_docker and daemon is not None:
            host = dict(daemon.environment)["DOCKER_HOST"]
            mounted = " (its socket mounted)" if host.startswith("unix://") else ""
            notes.append(
                f"service {name!r} (add_docker) gets DOCKER_HOST={host}{mounted}: it drives "
                "the daemon of this run, and what it creates there carries no cslint label "
                "and is not removed by the dry run"
            )
            notes += [f"service {name!r} (add_docker): {note}" for note in daemon.notes]
        for link in service.links:
            prefix = link.alias.upper().replace("-", "_")
            notes.append(
                f"service {name!r} links {link.service!r} as {link.alias!r}: {prefix}_PORT..., "
                f"{prefix}_ENV_... are set as Docker's legacy links set them; CodeShip does "
                f"not document its exact set, {prefix}_NAME names cslint's container, and "
                f"which port {prefix}_PORT names differs between Docker versions"
            )
    return notes


def _mark_live(client: Any, run_id: str, root: str) -> None:
    """A volume carrying the owner label, made before the first build: images carry only
    the run id, so without it `cslint cleanup` in another shell would take the images of a
    run that has built them but started no container yet. The sweep removes it last."""
    client.api.create_volume(
        labels.docker_name(run_id, "run"), labels=labels.run_labels(run_id, root)
    )


def _work(
    plan: Plan,
    client: Any,
    options: RunOptions,
    view: View,
    images: Images,
    cancel: threading.Event,
    outcome: Outcome,
    daemon: DaemonAccess | None,
) -> None:
    from docker.errors import APIError

    try:
        images.prepare(plan.used_services())
    except ImageProblem as exc:
        outcome.error = str(exc)
        outcome.results = not_started(plan, "not started: an image did not build")
        return
    except APIError as exc:
        outcome.error = f"Docker: {exc.explanation or exc}"
        return
    except Exception as exc:  # noqa: BLE001 - a cancelled run breaks the build stream
        if cancel.is_set():
            return
        outcome.error = f"{type(exc).__name__}: {exc}"
        return
    containers = Containers(client, plan, options.root, outcome.run_id, images.refs, daemon)
    runner = StepRunner(client, plan, images, containers, view, cancel, options.health_timeout)
    scheduler = Scheduler(plan, runner.run, options.jobs, cancel)
    try:
        outcome.results = scheduler.run()
    except Exception as exc:  # noqa: BLE001 - a lost daemon mid-run: report, then sweep
        if not cancel.is_set():
            outcome.error = f"the run stopped: {type(exc).__name__}: {exc}"
        outcome.results = [
            scheduler.results.get(leaf.id)
            or StepResult(leaf, "skipped", detail="not started: the run stopped")
            for leaf in plan.leaves()
        ]


def _interrupt(
    client: Any,
    connect: Callable[[], Any],
    run_id: str,
    worker: threading.Thread,
    images: Images,
) -> None:
    """Cut the build or pull stream the worker reads (the daemon then cancels the build),
    remove the run's containers (so every wait and log stream of the workers ends), drop
    the run's connection, and give the workers a moment."""
    images.abort()
    fresh = connect()
    cleanup.sweep(fresh, run_id)
    fresh.close()
    # Closing a connection a build streams on may fail; it is gone either way.
    with contextlib.suppress(Exception):
        client.close()
    worker.join(10)


def _final_sweep(connect: Callable[[], Any], run_id: str, images: Images) -> list[str]:
    # A new connection: the run's own may have been closed to stop a build.
    fresh = connect()
    try:
        images.discard_partial(fresh)
        problems = cleanup.sweep(fresh, run_id)
        # Objects created by a worker that was still busy are caught by a second look.
        if cleanup.find(fresh, run_id, include_live=True):
            time.sleep(0.5)
            problems = cleanup.sweep(fresh, run_id)
        return problems + [i.describe() for i in cleanup.find(fresh, run_id, include_live=True)]
    finally:
        fresh.close()


def default_jobs() -> int:
    return os.cpu_count() or 1


def is_live(stream: Any) -> bool:
    """A live view only on a terminal, and never in CI."""
    return bool(stream.isatty()) and not os.environ.get("CI")


def flush_all() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            continue

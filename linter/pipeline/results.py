"""What happened to each step of a dry run: the summary and the JUnit file read this."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cslint.pipeline.model import PushStep, RunStep

State = Literal["passed", "failed", "skipped", "would push"]


@dataclass(frozen=True, slots=True)
class StepResult:
    step: RunStep | PushStep
    state: State
    seconds: float = 0.0
    detail: str = ""  # why it failed or was skipped, or what it would push
    notes: tuple[str, ...] = ()  # e.g. the encrypted files it ran without
    exit_code: int | None = None

    @property
    def ok(self) -> bool:
        return self.state in ("passed", "would push", "skipped")

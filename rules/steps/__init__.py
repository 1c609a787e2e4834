"""CS2xx: the steps file."""

from __future__ import annotations

from cslint.core.rule import Rule
from cslint.rules.steps.command_needs_shell import CommandNeedsShell
from cslint.rules.steps.conflicting_dockercfg import ConflictingDockercfg
from cslint.rules.steps.duplicate_step_name import DuplicateStepName
from cslint.rules.steps.group_without_steps import GroupWithoutSteps
from cslint.rules.steps.group_without_type import GroupWithoutType
from cslint.rules.steps.image_name_with_tag import ImageNameWithTag
from cslint.rules.steps.image_tag_template import ImageTagTemplate
from cslint.rules.steps.invalid_tag_regex import InvalidTagRegex
from cslint.rules.steps.manual_step_placement import ManualStepPlacement
from cslint.rules.steps.misplaced_step_key import MisplacedStepKey
from cslint.rules.steps.push_without_image_name import PushWithoutImageName
from cslint.rules.steps.run_step_without_command import RunStepWithoutCommand
from cslint.rules.steps.service_and_services import ServiceAndServices
from cslint.rules.steps.service_redeclared import ServiceRedeclared
from cslint.rules.steps.step_without_service import StepWithoutService
from cslint.rules.steps.steps_schema import StepsSchema
from cslint.rules.steps.tag_regex_trap import TagRegexTrap
from cslint.rules.steps.unreachable_step import UnreachableStep

STEPS_RULES: tuple[type[Rule], ...] = (
    StepsSchema,
    RunStepWithoutCommand,
    StepWithoutService,
    ServiceAndServices,
    ServiceRedeclared,
    PushWithoutImageName,
    GroupWithoutSteps,
    DuplicateStepName,
    ManualStepPlacement,
    MisplacedStepKey,
    InvalidTagRegex,
    TagRegexTrap,
    CommandNeedsShell,
    ImageTagTemplate,
    GroupWithoutType,
    UnreachableStep,
    ImageNameWithTag,
    ConflictingDockercfg,
)

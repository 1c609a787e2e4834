"""Meta-tests: the registry is explicit, codes are stable and documented."""

from __future__ import annotations

import importlib
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import cslint.rules
from cslint.core.kinds import FileKind
from cslint.core.rule import Rule
from cslint.core.ruledocs import REQUIRED_SECTIONS, rule_markdown
from cslint.rules import ALL_RULES, FAMILIES, rules_for

FAMILIES_BY_RANGE = {
    "core": (0, 99),
    "services": (100, 199),
    "steps": (200, 299),
    "dockerfile": (300, 399),
    "project": (400, 449),
    "build": (450, 499),
    "convert": (500, 599),
}


def test_codes_are_unique_well_formed_and_sorted() -> None:
    codes = [rule.code for rule in ALL_RULES]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"CS\d{3}", code) for code in codes)
    assert codes == sorted(codes)


def test_names_are_unique_kebab_case() -> None:
    names = [rule.name for rule in ALL_RULES]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name) for name in names)


def test_each_rule_lives_in_its_family_range() -> None:
    for rule in ALL_RULES:
        family = rule.__module__.split(".")[2]
        low, high = FAMILIES_BY_RANGE[family]
        assert low <= int(rule.code[2:]) <= high, f"{rule.code} is in rules/{family}"


def test_every_rule_module_is_registered() -> None:
    registered = {rule.__module__ for rule in ALL_RULES}
    for family in FAMILIES_BY_RANGE:
        package = importlib.import_module(f"cslint.rules.{family}")
        for module in pkgutil.iter_modules(package.__path__):
            name = f"cslint.rules.{family}.{module.name}"
            mod = importlib.import_module(name)
            defines_rule = any(
                isinstance(obj, type)
                and issubclass(obj, Rule)
                and obj is not Rule
                and obj.__module__ == name
                for obj in vars(mod).values()
            )
            if defines_rule:
                assert name in registered, f"{name} defines a rule that ALL_RULES does not list"


def test_every_rule_is_documented() -> None:
    for rule in ALL_RULES:
        assert rule.summary and not rule.summary.endswith("."), rule.code
        doc = rule.__doc__ or ""
        for section in REQUIRED_SECTIONS:
            assert section in doc, f"{rule.code} lacks {section!r}"
        page = rule_markdown(rule)
        assert page.startswith(f"# {rule.code} {rule.name}")


def test_rule_modules_import_only_light_modules() -> None:
    # Rules run on every `cslint check`; heavy imports belong inside functions.
    heavy = ("jsonschema", "docker", "libcst", "bashlex", "re2")
    for rule in ALL_RULES:
        module = importlib.import_module(rule.__module__)
        for name, value in vars(module).items():
            if (
                getattr(value, "__name__", "").split(".")[0] in heavy
                and type(value).__name__ == "module"
            ):
                raise AssertionError(f"{rule.__module__} imports {name} at module level")


def test_package_maps_to_one_import_name() -> None:
    assert cslint.rules.__name__ == "cslint.rules"
    assert importlib.util.find_spec("rules") is None or "cslint" not in str(
        importlib.util.find_spec("rules")
    )


def test_families_are_every_rule_package_in_code_order() -> None:
    packages = {m.name for m in pkgutil.iter_modules(cslint.rules.__path__) if m.ispkg}
    by_code = sorted(FAMILIES_BY_RANGE, key=lambda name: FAMILIES_BY_RANGE[name][0])
    assert [f.name for f in FAMILIES] == by_code
    assert packages == {f.name for f in FAMILIES}
    assert tuple(rule for family in FAMILIES for rule in family.rules()) == ALL_RULES


def test_family_kinds_are_exactly_what_its_rules_check() -> None:
    # The lazy registry imports a family only for the kinds written in FAMILIES: a kind
    # missing there would silently skip rules, an extra one would import for nothing.
    for family in FAMILIES:
        targets = frozenset(kind for rule in family.rules() for kind in rule.targets)
        assert family.kinds == targets, f"rules/{family.name}: kinds {family.kinds} != {targets}"


def test_rules_for_a_kind_are_the_rules_that_target_it() -> None:
    for kind in FileKind:
        assert rules_for(kind) == tuple(rule for rule in ALL_RULES if kind in rule.targets)


def test_linting_a_dockerfile_imports_only_the_families_it_needs(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM busybox:1.36\nRUN echo hi\n")
    code = (
        "import sys\n"
        "from cslint.core.config import Config\n"
        "from cslint.core.discovery import Target\n"
        "from cslint.core.engine import Linter\n"
        "from cslint.core.kinds import FileKind\n"
        f"Linter(Config()).lint_targets([Target({str(tmp_path / 'Dockerfile')!r}, FileKind.DOCKERFILE)])\n"
        "print(sorted({m.split('.')[2] for m in sys.modules if m.startswith('cslint.rules.')}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(sorted(["core", "dockerfile", "build"]))

"""The end of a dry run: a summary of every step (passed, failed, skipped, would push, with
its time and why), and the same as JUnit XML for CI systems (`--junit FILE`)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter

from cslint.pipeline.results import State, StepResult

ORDER: tuple[State, ...] = ("passed", "failed", "skipped", "would push")


def summary_text(run_id: str, results: list[StepResult], seconds: float) -> str:
    lines = [f"Summary of dry run {run_id}:"]
    width = max((len(r.step.label) for r in results), default=0)
    for result in results:
        detail = f"  ({result.detail})" if result.detail else ""
        line = f"  {result.state:<10} {result.seconds:6.1f}s  {result.step.label:<{width}}{detail}"
        lines.append(line.rstrip())
        lines.extend(f"             note: {note}" for note in result.notes)
    counts = Counter(r.state for r in results)
    totals = ", ".join(f"{counts[state]} {state}" for state in ORDER)
    lines.append(f"{totals} in {seconds:.1f}s")
    return "\n".join(lines) + "\n"


def junit_xml(run_id: str, results: list[StepResult], seconds: float) -> str:
    """One `testsuite` named after the run; one `testcase` a step (its id is the
    classname, so steps of a `services` fan-out stay apart)."""
    counts = Counter(r.state for r in results)
    suite = ET.Element(
        "testsuite",
        name=f"cslint dry-run {run_id}",
        tests=str(len(results)),
        failures=str(counts["failed"]),
        errors="0",
        skipped=str(counts["skipped"]),
        time=f"{seconds:.3f}",
    )
    for result in results:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"step {result.step.id}",
            name=result.step.label,
            time=f"{result.seconds:.3f}",
        )
        if result.state == "failed":
            ET.SubElement(case, "failure", message=result.detail or "failed")
        elif result.state == "skipped":
            ET.SubElement(case, "skipped", message=result.detail)
        elif result.state == "would push":
            ET.SubElement(case, "system-out").text = f"would push {result.detail}"
        for note in result.notes:
            ET.SubElement(case, "system-err").text = note
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"

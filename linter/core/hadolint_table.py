"""Every hadolint code and its cslint counterpart: the table behind docs/hadolint.md.

The hadolint side (code, what it checks, its default) is written here once, from
hadolint 2.15's rule list; the cslint side (which rule, on or opt-in, the differences its
examples record and the real hadolint confirms) is read from the rule classes, so the page
cannot drift from the rules. `python -m cslint.core.ruledocs docs/rules` writes it;
tests/test_hadolint_table.py checks that it is current and complete.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cslint.core.rule import Rule


@dataclass(frozen=True)
class HadolintCode:
    code: str
    checks: str  # what hadolint checks, in our words
    default: str  # "on", "off", or the setting it needs


LABEL_SCHEMA = "needs `label-schema`"
HADOLINT_CODES: tuple[HadolintCode, ...] = (
    HadolintCode("DL1000", "the Dockerfile parses", "on"),
    HadolintCode("DL1001", "no inline `# hadolint ignore=` pragmas", "off"),
    HadolintCode("DL3000", "WORKDIR is absolute", "on"),
    HadolintCode("DL3001", "no ssh, vim, service, ps, ... in RUN", "on"),
    HadolintCode("DL3002", "the last USER is not root", "on"),
    HadolintCode("DL3003", "WORKDIR instead of cd", "on"),
    HadolintCode("DL3004", "no sudo", "on"),
    HadolintCode("DL3006", "images have a tag", "on"),
    HadolintCode("DL3007", "no `latest` tag", "on"),
    HadolintCode("DL3008", "apt-get packages pinned", "on"),
    HadolintCode("DL3009", "apt lists removed", "on"),
    HadolintCode("DL3010", "ADD, not COPY then extract, for local archives", "on"),
    HadolintCode("DL3011", "EXPOSE ports in range", "on"),
    HadolintCode("DL3012", "one HEALTHCHECK", "on"),
    HadolintCode("DL3013", "pip packages pinned", "on"),
    HadolintCode("DL3014", "apt-get install -y", "on"),
    HadolintCode("DL3015", "apt-get --no-install-recommends", "on"),
    HadolintCode("DL3016", "npm packages pinned", "on"),
    HadolintCode("DL3018", "apk packages pinned", "on"),
    HadolintCode("DL3019", "apk add --no-cache", "on"),
    HadolintCode("DL3020", "COPY instead of ADD for files", "on"),
    HadolintCode("DL3021", "COPY of several sources to a folder ending in /", "on"),
    HadolintCode("DL3022", "COPY --from names a stage", "on"),
    HadolintCode("DL3023", "COPY --from is not the stage itself", "on"),
    HadolintCode("DL3024", "unique stage names", "on"),
    HadolintCode("DL3025", "CMD and ENTRYPOINT in JSON form", "on"),
    HadolintCode("DL3026", "images only from trusted registries", "needs `trustedRegistries`"),
    HadolintCode("DL3027", "apt-get, not apt", "on"),
    HadolintCode("DL3028", "gem packages pinned", "on"),
    HadolintCode("DL3029", "no fixed FROM --platform", "on"),
    HadolintCode("DL3030", "yum install -y", "on"),
    HadolintCode("DL3032", "yum clean all", "on"),
    HadolintCode("DL3033", "yum packages pinned", "on"),
    HadolintCode("DL3034", "zypper -n", "on"),
    HadolintCode("DL3035", "no zypper dist-upgrade", "on"),
    HadolintCode("DL3036", "zypper clean", "on"),
    HadolintCode("DL3037", "zypper packages pinned", "on"),
    HadolintCode("DL3038", "dnf install -y", "on"),
    HadolintCode("DL3040", "dnf clean all", "on"),
    HadolintCode("DL3041", "dnf packages pinned", "on"),
    HadolintCode("DL3042", "pip --no-cache-dir", "on"),
    HadolintCode("DL3043", "no ONBUILD FROM/MAINTAINER/ONBUILD", "on"),
    HadolintCode("DL3044", "ENV does not use itself", "on"),
    HadolintCode("DL3045", "COPY to a relative path needs WORKDIR", "on"),
    HadolintCode("DL3046", "useradd -l with a high UID", "on"),
    HadolintCode("DL3047", "wget with a progress option", "on"),
    HadolintCode("DL3048", "valid label keys", "on"),
    HadolintCode("DL3049", "required labels present", LABEL_SCHEMA),
    HadolintCode("DL3050", "no labels outside the schema", "needs `strict-labels`"),
    HadolintCode("DL3051", "schema labels not empty", LABEL_SCHEMA),
    HadolintCode("DL3052", "url labels are URLs", LABEL_SCHEMA),
    HadolintCode("DL3053", "rfc3339 labels are times", LABEL_SCHEMA),
    HadolintCode("DL3054", "spdx labels are license identifiers", LABEL_SCHEMA),
    HadolintCode("DL3055", "hash labels are git hashes", LABEL_SCHEMA),
    HadolintCode("DL3056", "semver labels are semantic versions", LABEL_SCHEMA),
    HadolintCode("DL3057", "a HEALTHCHECK exists", "off"),
    HadolintCode("DL3058", "email labels are e-mail addresses", LABEL_SCHEMA),
    HadolintCode("DL3059", "consecutive RUNs merged", "on"),
    HadolintCode("DL3060", "yarn cache clean", "on"),
    HadolintCode("DL3061", "FROM first", "on"),
    HadolintCode("DL3062", "go packages pinned", "on"),
    HadolintCode("DL3063", "no stage named scratch or context", "on"),
    HadolintCode("DL3064", "no secrets in ARG or ENV names", "on"),
    HadolintCode("DL3065", "no redundant --platform=$TARGETPLATFORM", "on"),
    HadolintCode("DL3066", "USER by numeric UID", "on"),
    HadolintCode("DL3067", "no COPY --from of a whole file system", "on"),
    HadolintCode("DL4000", "no MAINTAINER", "on"),
    HadolintCode("DL4001", "wget or curl, not both", "on"),
    HadolintCode("DL4003", "one CMD", "on"),
    HadolintCode("DL4004", "one ENTRYPOINT", "on"),
    HadolintCode("DL4005", "SHELL, not ln -s /bin/sh", "on"),
    HadolintCode("DL4006", "pipefail before pipes", "on"),
    HadolintCode("SC", "ShellCheck on RUN scripts", "on"),
)
# Codes whose cslint rule does not carry them in its `hadolint` field, and why.
OTHER_COUNTERPARTS = {
    "DL1000": ("CS001", "a syntax error is CS001, for every kind of file"),
    "SC": ("CS390", "ShellCheck's own SC codes, which `# hadolint ignore=SC2086` also names"),
}
# Differences a rule's page describes beyond its tested examples, in one line each.
NOTES = {
    "DL3009": "`apt-get dist-clean` also removes the lists",
    "DL3013": "pip run by path (`/opt/venv/bin/python -m pip`) is pip",
    "DL3014": "a single `-q` does not answer apt-get's prompt",
    "DL3022": "`--from` may name an image",
    "DL3024": "stage names are compared case-insensitively, as BuildKit does",
    "DL3026": "an image named by a build argument is checked with its default",
    "DL3032": "cache mounts and builder stages are accepted",
    "DL3033": "`.rpm` files are pinned whatever their name",
    "DL3036": "builder stages are accepted",
    "DL3038": "microdnf never prompts",
    "DL3040": "builder stages and the dnf4 cache folder are accepted",
    "DL3042": "pip run by path is pip",
    "DL3049": "only the image (final stage and the stages it builds on) needs the labels",
    "DL3056": "leading zeros are not semantic versions",
    "DL3057": "only the final image needs a HEALTHCHECK",
    "DL3063": "stage names are compared case-insensitively",
    "DL3064": "`*_FILE` names and user names are not secrets",
    "DL3066": "a UID from an ENV variable is accepted",
    "DL1001": "cslint's own `disable-next-line` is an inline pragma too",
}


def _cslint_default(rule: type[Rule]) -> str:
    if rule.enabled_when_configured:
        return "when configured"
    return "on" if rule.default_enabled else "opt-in"


def hadolint_markdown() -> str:
    from cslint.core.registry import all_rules

    by_code: dict[str, type[Rule]] = {}
    for named in all_rules():
        for code in named.hadolint:
            by_code.setdefault(code, named)
    rows = [
        "| hadolint | what it checks | hadolint default | cslint rule | cslint default | "
        + "where cslint differs |",
        "|---|---|---|---|---|---|",
    ]
    for item in HADOLINT_CODES:
        rule = by_code.get(item.code)
        if rule is None:
            other, why = OTHER_COUNTERPARTS[item.code]
            rows.append(f"| {item.code} | {item.checks} | {item.default} | {other} | on | {why} |")
            continue
        link = f"[{rule.code} {rule.name}](rules/{rule.code}.md)"
        cslint_default = _cslint_default(rule)
        notes = []
        if item.default == "on" and cslint_default != "on":
            # Each opt-in rule says why it is off (`opt_in`).
            notes.append(f"opt-in: {getattr(rule, 'opt_in', '') or 'see the rule page'}")
        if NOTES.get(item.code):
            notes.append(NOTES[item.code])
        differs = [e for e in (*rule.valid, *rule.invalid) if e.hadolint_differs]
        if differs:
            reasons = "; ".join(e.hadolint_differs for e in differs)
            notes.append(f"tested: {reasons}")
        rows.append(
            f"| {item.code} | {item.checks} | {item.default} | {link} | {cslint_default} | "
            f"{'; '.join(notes) or '-'} |"
        )
    header = (
        "<!-- GENERATED from cslint.core.hadolint_table and the rule classes; do not edit. "
        "Run `python -m cslint.core.ruledocs docs/rules`. -->\n"
        "# hadolint codes and their cslint rules\n\n"
        "Every code hadolint 2.15 reports, the cslint rule that answers for it, and which of "
        "the two runs it by default. `# hadolint ignore=DLxxxx` pragmas and `.hadolint.yaml`'s "
        "`ignored:` list silence the corresponding cslint rule; `.hadolint.yaml`'s "
        "`label-schema`, `strict-labels` and `trustedRegistries` configure (and turn on) the "
        "rules that need them, and the same settings are rule options in `.cslint.yaml`, "
        "which win. `override:` gives a DL code's rule its level (`style` is read as info, "
        "which cslint has below warning) and turns it on where cslint leaves it opt-in; "
        "`severity:` in `.cslint.yaml` wins. SC codes in `override:` are not read (ShellCheck "
        "sets their level), and neither is `failure-threshold`: `fail-on` decides the exit "
        "code for every file of a run, CodeShip files included.\n\n"
        "A rule's page says in full where it reads a Dockerfile differently from hadolint. "
        "The differences listed here as *tested* are examples on the rule's page that run "
        "through the real hadolint in the test suite (tests/test_hadolint_oracle.py), which "
        "checks that hadolint does answer differently; every other example of every "
        "CS3xx rule must agree with hadolint.\n\n"
        "hadolint retired DL3005, DL3017, DL3031, DL3039 and DL4002; they have no rule "
        "on either side.\n\n"
    )
    return header + "\n".join(rows) + "\n"

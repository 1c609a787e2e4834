"""RPM package managers: yum (DL3030, DL3032, DL3033), zypper (DL3034 to DL3037) and
dnf/microdnf (DL3038, DL3040, DL3041): answer the prompt, clean the cache, pin versions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.lazyre import lazy
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.dockerfile import DockerfileDocument, Instruction
from cslint.parsers.shell import Command, Script
from cslint.rules.dockerfile._common import scripts
from cslint.rules.dockerfile._image import in_image

DOCKERFILE = frozenset({FileKind.DOCKERFILE})
_DNF = ("dnf", "microdnf")


def _commands(
    doc: DockerfileDocument, names: Iterable[str], subcommands: Iterable[str]
) -> Iterator[tuple[Instruction, Script, Command]]:
    names, subcommands = tuple(names), tuple(subcommands)
    for run, script in scripts(doc):
        for command in script.commands:
            if command.basename in names and command.has_arg(*subcommands):
                yield run, script, command


def _cache_mounted(run: Instruction, fragment: str) -> bool:
    """A cache or tmpfs mount over the package cache keeps it out of the layer."""
    for flag in run.flags:
        if not flag.lower().startswith("--mount="):
            continue
        options = dict(part.partition("=")[::2] for part in flag[len("--mount=") :].split(","))
        target = options.get("target") or options.get("dst") or options.get("destination")
        if options.get("type") in ("cache", "tmpfs") and target and fragment in target:
            return True
    return False


def _cleaned_after(script: Script, command: Command, is_clean: object) -> bool:
    commands = script.commands
    index = commands.index(command)
    return any(is_clean(c) for c in commands[index + 1 :])  # type: ignore[operator]


def _removes(command: Command, prefix: str) -> bool:
    return (
        command.basename == "rm"
        and command.has_flag("r", "R", "recursive")
        and any(w.text.startswith(prefix) for w in command.args)
    )


class YumWithoutYes(Rule):
    """## What it does
    Reports `yum install` (`groupinstall`, `localinstall`) without `-y` (`--assumeyes`).

    ## Why is this bad?
    yum asks for confirmation, gets no answer in a build, and aborts.

    ## Example
    ```dockerfile
    RUN yum install httpd-2.4.6
    ```

    ## Use instead
    ```dockerfile
    RUN yum install -y httpd-2.4.6
    ```
    """

    code = "CS343"
    name = "yum-without-yes"
    summary = "`yum install` without `-y`"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    hadolint = ("DL3030",)
    valid = (
        Valid("FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\n"),
        Valid("FROM centos:7\nRUN yum --assumeyes groupinstall Tools && yum clean all\n"),
        Valid("FROM centos:7\nRUN yum -qy install git-2.0 && yum clean all\n"),
        Valid("FROM centos:7\nRUN yum list installed\n"),
        Valid("FROM centos:7\nRUN yum -y install git-2.0 && yum clean all\n"),
        Valid("FROM centos:7\nRUN yum remove -y vim-minimal\n"),
    )
    invalid = (
        Invalid(
            "FROM centos:7\nRUN yum install httpd-2.4.6 && yum clean all\n", expect=("CS343@2:5",)
        ),
        Invalid("FROM centos:7\nRUN yum localinstall /tmp/x-1.0.rpm\n", expect=("CS343@2:5",)),
        Invalid(
            "FROM centos:7\nRUN yum update -y && yum groupinstall 'Dev Tools'\n",
            expect=("CS343@2:22",),
        ),
        Invalid("FROM centos:7\nONBUILD RUN yum install git-2.0\n", expect=("CS343@2:13",)),
        Invalid(
            "FROM centos:7\nRUN yum makecache && yum install nano-2.3\n", expect=("CS343@2:22",)
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for _run, script, command in _commands(
            ctx.document, ("yum",), ("install", "groupinstall", "localinstall")
        ):
            if not command.has_flag("y", "assumeyes"):
                yield Finding(
                    script.span(command.words[0]),
                    "'yum install' without '-y' waits for an answer the build cannot give; "
                    "add '-y'",
                )


class YumWithoutClean(Rule):
    """## What it does
    Reports a RUN with `yum install` that does not end with `yum clean all` (or `rm -rf
    /var/cache/yum`). A cache or tmpfs mount on `/var/cache/yum` is accepted, and so is a
    builder stage whose layers never reach the image (hadolint DL3032 reports every
    stage and knows no mounts).

    ## Why is this bad?
    The package metadata and downloaded RPMs stay in `/var/cache/yum`, in the layer.

    ## Example
    ```dockerfile
    RUN yum install -y httpd-2.4.6
    ```

    ## Use instead
    ```dockerfile
    RUN yum install -y httpd-2.4.6 && yum clean all
    ```
    """

    code = "CS344"
    name = "yum-without-clean"
    summary = "`yum install` without `yum clean all`"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    default_enabled = False
    opt_in = "image size, not correctness"
    hadolint = ("DL3032",)
    valid = (
        Valid("FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\n"),
        Valid("FROM centos:7\nRUN yum install -y httpd-2.4.6 && rm -rf /var/cache/yum/*\n"),
        Valid("FROM centos:7\nRUN yum install -y a-1 b-2 && yum clean all && rm -rf /tmp/*\n"),
        Valid("FROM centos:7\nRUN yum makecache fast\n"),
    )
    invalid = (
        Invalid("FROM centos:7\nRUN yum install -y httpd-2.4.6\n", expect=("CS344@2:5",)),
        Invalid(
            "FROM centos:7\nRUN yum clean all && yum install -y httpd-2.4.6\n",
            expect=("CS344@2:22",),
        ),
        Invalid(
            "FROM centos:7\nRUN yum install -y a-1.0 && echo done\n",
            expect=("CS344@2:5",),
        ),
        Invalid(
            "FROM centos:7\nRUN yum install -y a-1 b-2\nRUN yum clean all\n", expect=("CS344@2:5",)
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        for run, script, command in _commands(doc, ("yum",), ("install",)):
            if _cache_mounted(run, "/var/cache/yum") or not in_image(doc, run):
                continue
            if _cleaned_after(script, command, _is_yum_clean):
                continue
            yield Finding(
                script.span(command.words[0]),
                "'yum install' leaves its cache in the layer; end the RUN with 'yum clean all'",
            )
            break


def _is_yum_clean(command: Command) -> bool:
    if command.is_("yum", "clean") and command.has_arg("all"):
        return True
    return _removes(command, "/var/cache/yum")


_VERSION_CHARS = lazy(r"^[0-9A-Za-z.~^_:+]+$")


def _rpm_pinned(package: str, variables: set[str]) -> bool:
    """`name-version[-release]` as hadolint reads it: some part after the first `-` starts
    with a digit and all are version characters; `.rpm` files carry their version (hadolint first asks for a `-`, so it reports
    `app.rpm`)."""
    if package.endswith(".rpm"):
        return True
    parts = package.split("-")
    if len(parts) <= 1:
        return False
    if "$" in package:
        return any(f"${{{name}}}" in package or f"${name}" in package for name in variables)
    rest = parts[1:]
    return all(p and _VERSION_CHARS.match(p) for p in rest) and any(p[:1].isdigit() for p in rest)


def _variables(doc: DockerfileDocument, run: Instruction) -> set[str]:
    """ARG and ENV names set before `run` (a version from a build argument is a pin)."""
    names: set[str] = set()
    for instr in doc.instructions:
        if instr is run:
            break
        if instr.cmd == "ARG":
            names.update(a.split("=", 1)[0] for a in instr.args)
        elif instr.cmd == "ENV":
            names.update(instr.args[0::2])
    return names


def _unpinned_rpms(
    ctx: RuleContext[DockerfileDocument, object], names: tuple[str, ...], grouping: tuple[str, ...]
) -> Iterator[Finding]:
    doc = ctx.document
    for run, script, command in _commands(doc, names, ("install",)):
        module = command.has_arg("module")
        if not module and command.has_arg(*grouping):
            continue
        variables = _variables(doc, run)
        for word in command.operands(taking_value=_RPM_VALUE_FLAGS):
            package = word.text
            if package in ("install", "module"):
                continue
            pinned = ":" in package if module else _rpm_pinned(package, variables)
            if pinned:
                continue
            hint = f"{package}:<stream>" if module else f"{package}-<version>"
            yield Finding(
                script.span(word), f"package {package!r} has no pinned version; write '{hint}'"
            )


_RPM_VALUE_FLAGS = ("setopt", "releasever", "installroot", "enablerepo", "disablerepo", "x")


class YumUnpinned(Rule):
    """## What it does
    Reports packages in `yum install` without a version (`httpd-2.4.6`), and modules in
    `yum module install` without a stream (`nodejs:18`). `.rpm` files, and versions that
    come from an `ARG` or `ENV` (`curl-${CURL_VERSION}`), are accepted. Off by default,
    like every pinning rule: pinning RPMs is a policy, not a defect.

    ## Why is this bad?
    Each build installs whatever version the repository has that day.

    ## Example
    ```dockerfile
    RUN yum install -y httpd && yum clean all
    ```

    ## Use instead
    ```dockerfile
    RUN yum install -y httpd-2.4.6 && yum clean all
    ```
    """

    code = "CS345"
    name = "yum-unpinned"
    summary = "`yum install` of a package without a version"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    default_enabled = False
    opt_in = "version pinning is a policy; many images install the current release on purpose"
    hadolint = ("DL3033",)
    valid = (
        Valid("FROM centos:7\nRUN yum install -y httpd-2.4.6-97.el7 && yum clean all\n"),
        Valid("FROM centos:7\nRUN yum module install -y nodejs:18 && yum clean all\n"),
        Valid("FROM centos:7\nARG V=1.0\nRUN yum install -y tool-${V} && yum clean all\n"),
        Valid("FROM centos:7\nRUN yum install -y /tmp/app-1.0.rpm && yum clean all\n"),
        Valid("FROM centos:7\nRUN yum install -y openssl-1:1.0.2k-26.el7 && yum clean all\n"),
        Valid("FROM centos:7\nRUN yum update -y && yum clean all\n"),
    )
    invalid = (
        Invalid(
            "FROM centos:7\nRUN yum install -y httpd python3-devel && yum clean all\n",
            expect=("CS345@2:20", "CS345@2:26"),
        ),
        Invalid(
            "FROM centos:7\nRUN yum module install -y nodejs && yum clean all\n",
            expect=("CS345@2:27",),
        ),
        Invalid(
            "FROM centos:7\nRUN yum install -y tool-${V} && yum clean all\n",
            expect=("CS345@2:20",),
        ),
        Invalid(
            "FROM centos:7\nRUN yum install -y openssl-latest && yum clean all\n",
            expect=("CS345@2:20",),
        ),
        Invalid(
            "FROM centos:7\nRUN yum install -y epel-release && yum clean all\n",
            expect=("CS345@2:20",),
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        yield from _unpinned_rpms(ctx, ("yum",), ())


class ZypperWithoutNonInteractive(Rule):
    """## What it does
    Reports `zypper install` (`in`, `remove`, `rm`, `source-install`, `si`, `patch`)
    without `-n` (`--non-interactive`), `-y` or `--no-confirm`.

    ## Why is this bad?
    zypper asks for confirmation, gets no answer in a build, and aborts.

    ## Example
    ```dockerfile
    RUN zypper install curl=8.6.0
    ```

    ## Use instead
    ```dockerfile
    RUN zypper -n install curl=8.6.0
    ```
    """

    code = "CS346"
    name = "zypper-without-non-interactive"
    summary = "`zypper install` without `-n`"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    hadolint = ("DL3034",)
    valid = (
        Valid("FROM opensuse/leap:15\nRUN zypper -n install curl=8.6.0 && zypper clean\n"),
        Valid("FROM opensuse/leap:15\nRUN zypper remove -y vim\n"),
        Valid("FROM opensuse/leap:15\nRUN zypper --non-interactive rm vim\n"),
        Valid("FROM opensuse/leap:15\nRUN zypper refresh && zypper --no-confirm patch\n"),
        Valid(
            "FROM opensuse/leap:15\nRUN zypper --non-interactive --gpg-auto-import-keys in vim=9.1\n"
        ),
        Valid("FROM opensuse/leap:15\nRUN zypper -n ref\n"),
    )
    invalid = (
        Invalid(
            "FROM opensuse/leap:15\nRUN zypper install curl=8.6.0 && zypper clean\n",
            expect=("CS346@2:5",),
        ),
        Invalid("FROM opensuse/leap:15\nRUN zypper patch\n", expect=("CS346@2:5",)),
        Invalid(
            "FROM opensuse/leap:15\nRUN zypper in vim=9.1 && zypper clean\n", expect=("CS346@2:5",)
        ),
        Invalid("FROM opensuse/leap:15\nRUN zypper si vim\n", expect=("CS346@2:5",)),
        Invalid("FROM opensuse/leap:15\nRUN zypper rm vim\n", expect=("CS346@2:5",)),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        verbs = ("install", "in", "remove", "rm", "source-install", "si", "patch")
        for _run, script, command in _commands(ctx.document, ("zypper",), verbs):
            if not command.has_flag("non-interactive", "n", "no-confirm", "y"):
                yield Finding(
                    script.span(command.words[0]),
                    "zypper without '-n' waits for an answer the build cannot give; write "
                    "'zypper -n ...'",
                )


class ZypperDistUpgrade(Rule):
    """## What it does
    Reports `zypper dist-upgrade` (`zypper dup`).

    ## Why is this bad?
    A distribution upgrade inside an image moves it to another release of the base
    image's distribution; use a newer base image instead.

    ## Example
    ```dockerfile
    RUN zypper -n dup
    ```

    ## Use instead
    ```dockerfile
    FROM opensuse/leap:15.6
    ```
    """

    code = "CS347"
    name = "zypper-dist-upgrade"
    summary = "`zypper dist-upgrade` in a Dockerfile"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    hadolint = ("DL3035",)
    valid = (
        Valid("FROM opensuse/leap:15\nRUN zypper -n update && zypper clean\n"),
        Valid("FROM opensuse/leap:15\nRUN zypper -n patch\n"),
        Valid("FROM opensuse/leap:15\nRUN zypper -n up\n"),
    )
    invalid = (
        Invalid("FROM opensuse/leap:15\nRUN zypper -n dup\n", expect=("CS347@2:5",)),
        Invalid(
            "FROM opensuse/leap:15\nRUN zypper -n dist-upgrade --no-recommends\n",
            expect=("CS347@2:5",),
        ),
        Invalid(
            "FROM opensuse/leap:15\nRUN zypper refresh && zypper -n dup -l\n",
            expect=("CS347@2:23",),
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for _run, script, command in _commands(ctx.document, ("zypper",), ("dist-upgrade", "dup")):
            yield Finding(
                script.span(command.words[0]),
                "'zypper dist-upgrade' moves the image to another distribution release; "
                "use a newer base image instead",
            )


class ZypperWithoutClean(Rule):
    """## What it does
    Reports a RUN with `zypper install` (`in`) that does not end with `zypper clean`
    (`zypper cc`). A cache or tmpfs mount on `/var/cache/zypp` is accepted, and so is a
    builder stage whose layers never reach the image (hadolint DL3036 reports every
    stage).

    ## Why is this bad?
    Downloaded packages and repository metadata stay in `/var/cache/zypp`, in the layer.

    ## Example
    ```dockerfile
    RUN zypper -n install curl=8.6.0
    ```

    ## Use instead
    ```dockerfile
    RUN zypper -n install curl=8.6.0 && zypper clean
    ```
    """

    code = "CS348"
    name = "zypper-without-clean"
    summary = "`zypper install` without `zypper clean`"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    default_enabled = False
    opt_in = "image size, not correctness"
    hadolint = ("DL3036",)
    valid = (
        Valid("FROM opensuse/leap:15\nRUN zypper -n in curl=8.6.0 && zypper cc -a\n"),
        Valid(
            "FROM opensuse/leap:15\n"
            "RUN --mount=type=cache,target=/var/cache/zypp zypper -n in curl=8.6.0\n"
        ),
        Valid("FROM opensuse/leap:15\nRUN zypper -n in vim=9.1 && zypper clean --all\n"),
        Valid("FROM opensuse/leap:15\nRUN zypper -n rm vim\n"),
        Valid("FROM opensuse/leap:15\nRUN zypper -n in vim=9.1 && zypper -n clean -a\n"),
    )
    invalid = (
        Invalid("FROM opensuse/leap:15\nRUN zypper -n install curl=8.6.0\n", expect=("CS348@2:5",)),
        Invalid(
            "FROM opensuse/leap:15\nRUN zypper clean && zypper -n in vim=9.1\n",
            expect=("CS348@2:21",),
        ),
        Invalid(
            "FROM opensuse/leap:15\nRUN zypper -n in vim=9.1 git-core=2.43\n", expect=("CS348@2:5",)
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        for run, script, command in _commands(doc, ("zypper",), ("install", "in")):
            if _cache_mounted(run, "/var/cache/zypp") or not in_image(doc, run):
                continue
            if _cleaned_after(
                script,
                command,
                lambda c: c.is_("zypper", "clean", "cc") or _removes(c, "/var/cache/zypp"),
            ):
                continue
            yield Finding(
                script.span(command.words[0]),
                "'zypper install' leaves its cache in the layer; end the RUN with 'zypper clean'",
            )
            break


_ZYPPER_PIN = ("=", ">", "<")


class ZypperUnpinned(Rule):
    """## What it does
    Reports packages in `zypper install` without a version (`curl=8.6.0`, `curl>=8`).
    `.rpm` files are accepted. Off by default, like every pinning rule.

    ## Why is this bad?
    Each build installs whatever version the repository has that day.

    ## Example
    ```dockerfile
    RUN zypper -n install curl && zypper clean
    ```

    ## Use instead
    ```dockerfile
    RUN zypper -n install curl=8.6.0 && zypper clean
    ```
    """

    code = "CS349"
    name = "zypper-unpinned"
    summary = "`zypper install` of a package without a version"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    default_enabled = False
    opt_in = "version pinning is a policy; many images install the current release on purpose"
    hadolint = ("DL3037",)
    valid = (
        Valid("FROM opensuse/leap:15\nRUN zypper -n in 'curl>=8' vim=9.1 && zypper clean\n"),
        Valid("FROM opensuse/leap:15\nRUN zypper -n in /tmp/app-1.0.rpm 'git<3'\n"),
        Valid("FROM opensuse/leap:15\nRUN zypper -n rm vim\n"),
        Valid("FROM opensuse/leap:15\nRUN zypper -n in 'vim<10'\n"),
    )
    invalid = (
        Invalid(
            "FROM opensuse/leap:15\nRUN zypper -n install curl && zypper clean\n",
            expect=("CS349@2:23",),
        ),
        Invalid(
            "FROM opensuse/leap:15\nRUN zypper -n in vim=9.1 git && zypper clean\n",
            expect=("CS349@2:26",),
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for _run, script, command in _commands(ctx.document, ("zypper",), ("install", "in")):
            for word in command.operands(taking_value=("r", "repo", "from", "t", "type")):
                package = word.text
                if package in ("install", "in") or package.endswith(".rpm"):
                    continue
                if any(symbol in package for symbol in _ZYPPER_PIN):
                    continue
                yield Finding(
                    script.span(word),
                    f"package {package!r} has no pinned version; write '{package}=<version>'",
                )


class DnfWithoutYes(Rule):
    """## What it does
    Reports `dnf install` (`groupinstall`, `localinstall`) without `-y` (`--assumeyes`).
    `microdnf` is not reported: it never asks (its `-y` exists only for compatibility),
    where hadolint DL3038 treats it like dnf.

    ## Why is this bad?
    dnf asks for confirmation, gets no answer in a build, and aborts.

    ## Example
    ```dockerfile
    RUN dnf install nginx-1.24.0
    ```

    ## Use instead
    ```dockerfile
    RUN dnf install -y nginx-1.24.0
    ```
    """

    code = "CS350"
    name = "dnf-without-yes"
    summary = "`dnf install` without `-y`"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    hadolint = ("DL3038",)
    valid = (
        Valid("FROM fedora:40\nRUN dnf install -y nginx-1.24.0 && dnf clean all\n"),
        Valid("FROM fedora:40\nRUN dnf --assumeyes install git-2.45.0 && dnf clean all\n"),
        Valid("FROM fedora:40\nRUN dnf makecache\n"),
        Valid(
            "FROM fedora:40\nRUN microdnf install nginx-1.24.0 && microdnf clean all\n",
            hadolint_differs="microdnf does not prompt, so it needs no -y",
        ),
        Valid("FROM fedora:40\nRUN dnf -y groupinstall 'Dev Tools' && dnf clean all\n"),
        Valid("FROM fedora:40\nRUN dnf -y install git-2.45 && dnf clean all\n"),
    )
    invalid = (
        Invalid(
            "FROM fedora:40\nRUN dnf install nginx-1.24.0 && dnf clean all\n",
            expect=("CS350@2:5",),
        ),
        Invalid("FROM fedora:40\nRUN dnf groupinstall 'Dev Tools'\n", expect=("CS350@2:5",)),
        Invalid(
            "FROM fedora:40\nRUN dnf -q localinstall /tmp/a-1.rpm && dnf clean all\n",
            expect=("CS350@2:5",),
        ),
        Invalid(
            "FROM fedora:40\nRUN dnf upgrade -y && dnf install git-2.45\n", expect=("CS350@2:23",)
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for _run, script, command in _commands(
            ctx.document, ("dnf",), ("install", "groupinstall", "localinstall")
        ):
            if not command.has_flag("y", "assumeyes"):
                yield Finding(
                    script.span(command.words[0]),
                    "'dnf install' without '-y' waits for an answer the build cannot give; "
                    "add '-y'",
                )


_DNF_INSTALLS = ("install", "in", "upgrade", "up", "upgrade-minimal", "up-min", "reinstall", "rei")


class DnfWithoutClean(Rule):
    """## What it does
    Reports a RUN where `dnf` or `microdnf` installs or upgrades packages and the same tool
    does not run `clean all` afterwards (`rm -rf /var/cache/dnf` or
    `/var/cache/libdnf5` counts too). A cache or tmpfs mount on the package cache is
    accepted, and so is a builder stage whose layers never reach the image (hadolint
    DL3040 reports every stage, and knows only the dnf5 cache folder).

    ## Why is this bad?
    Repository metadata and downloaded RPMs stay in the layer.

    ## Example
    ```dockerfile
    RUN dnf install -y nginx-1.24.0
    ```

    ## Use instead
    ```dockerfile
    RUN dnf install -y nginx-1.24.0 && dnf clean all
    ```
    """

    code = "CS351"
    name = "dnf-without-clean"
    summary = "`dnf install` without `dnf clean all`"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    default_enabled = False
    opt_in = "image size, not correctness"
    hadolint = ("DL3040",)
    valid = (
        Valid("FROM fedora:40\nRUN dnf install -y nginx-1.24.0 && dnf clean all\n"),
        Valid(
            "FROM fedora:40\n"
            "RUN --mount=type=cache,target=/var/cache/libdnf5 dnf install -y nginx-1.24.0\n"
        ),
        Valid("FROM fedora:40\nRUN microdnf install -y git-2.45.0 && microdnf clean all\n"),
        Valid("FROM fedora:40\nRUN dnf install -y git-2.45.0 && rm -rf /var/cache/libdnf5\n"),
        Valid("FROM fedora:40\nRUN dnf remove -y vim-minimal\n"),
        Valid("FROM fedora:40\nRUN dnf install -y a-1 && dnf clean all && dnf check\n"),
        Valid("FROM fedora:40\nRUN dnf list --installed\n"),
    )
    invalid = (
        Invalid("FROM fedora:40\nRUN dnf upgrade -y\n", expect=("CS351@2:5",)),
        Invalid(
            "FROM fedora:40\nRUN microdnf install nginx-1.24.0 && dnf clean all\n",
            expect=("CS351@2:5",),
        ),
        Invalid(
            "FROM fedora:40\nRUN dnf clean all && dnf install -y git-2.45.0\n",
            expect=("CS351@2:22",),
        ),
        Invalid("FROM fedora:40\nRUN dnf reinstall -y bash-5.2.26\n", expect=("CS351@2:5",)),
        Invalid("FROM fedora:40\nRUN dnf in -y git-2.45\n", expect=("CS351@2:5",)),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        for run, script, command in _commands(doc, _DNF, _DNF_INSTALLS):
            if not in_image(doc, run) or any(
                _cache_mounted(run, folder) for folder in ("/var/cache/dnf", "libdnf5")
            ):
                continue
            tool = command.basename

            def is_clean(c: Command, tool: str = tool) -> bool:
                return (
                    (c.is_(tool, "clean") and c.has_arg("all"))
                    or _removes(c, "/var/cache/libdnf5")
                    or _removes(c, "/var/cache/dnf")
                )

            if _cleaned_after(script, command, is_clean):
                continue
            yield Finding(
                script.span(command.words[0]),
                f"'{tool}' leaves its cache in the layer; end the RUN with '{tool} clean all'",
            )
            break


class DnfUnpinned(Rule):
    """## What it does
    Reports packages in `dnf install` (and `microdnf install`) without a version
    (`nginx-1.24.0`), and modules in `dnf module install` without a stream
    (`nodejs:20`). Groups, `.rpm` files and versions from an `ARG` or `ENV` are
    accepted. Off by default, like every pinning rule.

    ## Why is this bad?
    Each build installs whatever version the repository has that day.

    ## Example
    ```dockerfile
    RUN dnf install -y nginx && dnf clean all
    ```

    ## Use instead
    ```dockerfile
    RUN dnf install -y nginx-1.24.0 && dnf clean all
    ```
    """

    code = "CS352"
    name = "dnf-unpinned"
    summary = "`dnf install` of a package without a version"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    default_enabled = False
    opt_in = "version pinning is a policy; many images install the current release on purpose"
    hadolint = ("DL3041",)
    valid = (
        Valid("FROM fedora:40\nRUN dnf install -y nginx-1.24.0-1.fc40 && dnf clean all\n"),
        Valid("FROM fedora:40\nRUN dnf module install -y nodejs:20 && dnf clean all\n"),
        Valid("FROM fedora:40\nRUN dnf group install -y development && dnf clean all\n"),
        Valid("FROM fedora:40\nRUN dnf install -y /tmp/app-2.rpm && dnf clean all\n"),
        Valid("FROM fedora:40\nARG GIT=2.45\nRUN dnf install -y git-${GIT} && dnf clean all\n"),
    )
    invalid = (
        Invalid(
            "FROM fedora:40\nRUN dnf install -y nginx && dnf clean all\n",
            expect=("CS352@2:20",),
        ),
        Invalid(
            "FROM fedora:40\nRUN microdnf install -y git-core && microdnf clean all\n",
            expect=("CS352@2:25",),
        ),
        Invalid(
            "FROM fedora:40\nRUN dnf module install -y nodejs && dnf clean all\n",
            expect=("CS352@2:27",),
        ),
        Invalid(
            "FROM fedora:40\nRUN dnf install -y git-latest && dnf clean all\n",
            expect=("CS352@2:20",),
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        yield from _unpinned_rpms(ctx, _DNF, ("group", "groupinstall"))

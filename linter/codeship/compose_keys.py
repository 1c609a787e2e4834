"""Which service and build keys CodeShip reads, and what to do instead of the compose keys
it does not (format doc §2.2, §2.4 and §7). One table for the services rules (CS102,
CS106) and for `cslint convert`, so that both give the same advice."""

from __future__ import annotations

# Service keys CodeShip reads (format doc §2.2); everything else is dropped with advice.
CODESHIP_KEYS = frozenset(
    {
        "image",
        "build",
        "dockerfile",
        "command",
        "entrypoint",
        "environment",
        "env_file",
        "encrypted_environment",
        "encrypted_env_file",
        "volumes",
        "volumes_from",
        "depends_on",
        "links",
        "add_docker",
        "cached",
        "default_cache_branch",
        "encrypted_dockercfg_path",
        "dockercfg_service",
        "working_dir",
        "user",
        "hostname",
        "domainname",
        "dns",
        "dns_search",
        "extra_hosts",
        "expose",
        "cap_add",
        "cap_drop",
        "cpu_shares",
        "cpuset",
        "mem_limit",
        "read_only",
        "security_opt",
    }
)

# Keys of a `build` mapping CodeShip reads (format doc §2.3).
CODESHIP_BUILD_KEYS = frozenset(
    {
        "context",
        "dockerfile",
        "args",
        "image",
        "path",
        "dockerfile_path",
        "encrypted_args",
        "encrypted_args_file",
    }
)

_NETWORK = (
    "every step runs its containers on one isolated network where each service is "
    "reachable by its service name"
)
_IGNORED = "CodeShip ignores it (format doc §2.4)"

SERVICE_KEY_ADVICE: dict[str, str] = {
    "ports": "containers of a step reach each other by service name and container port; "
    "CodeShip publishes no ports to the host",
    "networks": _NETWORK,
    "network_mode": _NETWORK,
    "container_name": "code that used the container name as a hostname must use the "
    "service name instead",
    "labels": "put LABEL instructions in the Dockerfile instead",
    "logging": "CodeShip collects each container's output itself",
    "log_driver": "CodeShip collects each container's output itself",
    "log_opt": "CodeShip collects each container's output itself",
    "restart": "CodeShip starts each step's containers once; make the command retry if it must",
    "deploy": "CodeShip runs one container per service; replicas, placement and resource "
    "limits do not apply",
    "scale": "CodeShip runs one container per service",
    "profiles": "CodeShip starts a service when a step or a dependency needs it",
    "secrets": "encrypt the values with `jet encrypt` and use 'encrypted_env_file' or "
    "'encrypted_environment'",
    "configs": "COPY the file into the image, or mount it from the repository with a "
    "relative volume ('./file:/path')",
    "privileged": "CodeShip does not run privileged containers; use 'add_docker: true' "
    "when the container drives Docker",
    "external_links": "CodeShip reaches only services of this file, by service name",
    "stdin_open": "steps run without an interactive input",
    "tty": "steps run without a terminal",
    "extends": "inline the base service's settings",
    "platform": "CodeShip builds and runs images for its own hosts (linux/amd64)",
    "pull_policy": "CodeShip pulls images itself; local `jet` has --pull-if-present",
    "develop": "file watching is a `docker compose watch` feature; steps run once",
    "post_start": "run the command in the step, or in the image's entrypoint",
    "pre_stop": "run the command in the step, or in the image's entrypoint",
    "tmpfs": "mount a volume instead, or write to the container's own filesystem",
    "healthcheck": "put a HEALTHCHECK instruction in the image's Dockerfile; CodeShip waits for it",
    "sysctls": _IGNORED,
    "shm_size": _IGNORED,
}


def service_key_advice(key: str) -> str:
    if key.startswith("x-"):
        return "extension fields mean nothing to CodeShip"
    return SERVICE_KEY_ADVICE.get(key, f"{_IGNORED} or does not know it")


BUILD_KEY_ADVICE: dict[str, str] = {
    "target": "CodeShip builds the last stage: move the wanted stage to the end of the "
    "Dockerfile or into its own Dockerfile",
    "cache_from": "use 'cached: true' on the service for CodeShip's layer cache",
    "cache_to": "use 'cached: true' on the service for CodeShip's layer cache",
    "labels": "put LABEL instructions in the Dockerfile instead",
    "dockerfile_inline": "write the Dockerfile to a file in the repository and name it in "
    "'dockerfile'",
    "secrets": "pass build secrets with 'encrypted_args_file'",
    "ssh": "pass what the build needs with 'encrypted_args_file'",
    "network": "the build runs on CodeShip's build network",
    "platforms": "CodeShip builds for its own hosts (linux/amd64)",
    "tags": "name the image in 'build.image' and tag it in a push step",
    "no_cache": "CodeShip decides about the cache; see 'cached'",
    "pull": "CodeShip pulls base images itself",
    "encrypted_env_file": "it belongs to the service, not its build; for build-time values "
    "use 'encrypted_args_file'",
    "env_file": "it belongs to the service, not its build; for build-time values use 'args'",
    "shm_size": "the build runs with CodeShip's defaults",
    "extra_hosts": "the build cannot reach the step's services anyway",
    "isolation": "the build runs with CodeShip's defaults",
    "additional_contexts": "copy what the build needs into the context",
    "privileged": "CodeShip does not run privileged builds",
}


def build_key_advice(key: str) -> str:
    return BUILD_KEY_ADVICE.get(key, "CodeShip's build mapping has no such key")

#!/usr/bin/env bash
# dockerd.sh - a private Docker engine for cslint's daemon tests on a bare Debian 12 machine,
# as root. CI runs it (.ci/run); a developer can too. It needs no registry: the one base image
# the tests build FROM is imported from Debian's busybox-static.
#
#   bash .ci/dockerd.sh start   # install docker.io if missing, start dockerd, import the base
#                               # image; prints only the socket URL on stdout, so:
#                               #   export DOCKER_HOST="$(bash .ci/dockerd.sh start)"
#   bash .ci/dockerd.sh stop    # stop the daemon this script started (by its PID file)
#   bash .ci/dockerd.sh status  # exit 0 when it runs and answers
#
# Knobs: CSLINT_DOCKER_DIR (state folder, default /tmp/cslint-dockerd; the socket path must stay
# short), CSLINT_DOCKER_IMAGE (default cslint-test/busybox:latest), CSLINT_DOCKER_STORAGE
# (overlay2, falls back to vfs), CSLINT_DOCKERD_EXTRA_ARGS (word-split), CSLINT_DOCKER_START_TIMEOUT.
#
# Why each step is the way it is: docs/dry-run.md, "The daemon in CI".
set -euo pipefail

DIR="${CSLINT_DOCKER_DIR:-/tmp/cslint-dockerd}"
IMAGE="${CSLINT_DOCKER_IMAGE:-cslint-test/busybox:latest}"
STORAGE="${CSLINT_DOCKER_STORAGE:-overlay2}"
START_TIMEOUT="${CSLINT_DOCKER_START_TIMEOUT:-90}"
SOCK="$DIR/docker.sock"
PIDFILE="$DIR/dockerd.pid"
LOG="$DIR/dockerd.log"
CACHE="$DIR/cache"

log() { printf '[dockerd.sh] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root"
[ "${#SOCK}" -lt 100 ] || die "socket path too long for a unix socket: $SOCK"

cli() { DOCKER_HOST="unix://$SOCK" docker "$@"; }

alive() {  # running and not a zombie waiting for its reaper
    [ -r "/proc/$1/status" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}

daemon_pid() {  # the PID in our pidfile, only while that process is a live dockerd
    local pid
    pid="$(cat "$PIDFILE" 2>/dev/null || true)"
    [ -n "$pid" ] && alive "$pid" && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ] || return 1
    printf '%s\n' "$pid"
}

api_ready() { cli version --format '{{.Server.Version}}' >/dev/null 2>&1; }

APT_UPDATED=0
apt_update() {
    [ "$APT_UPDATED" = 1 ] && return 0
    local i
    for i in 1 2 3; do
        if apt-get update -qq >&2; then APT_UPDATED=1; return 0; fi
        log "apt-get update failed (try $i)"; sleep 3
    done
    die "apt-get update failed"
}

install_engine() {
    local b missing=0
    for b in dockerd containerd runc iptables docker; do
        command -v "$b" >/dev/null 2>&1 || missing=1
    done
    [ "$missing" = 0 ] && return 0
    log "installing Debian's docker.io"
    export DEBIAN_FRONTEND=noninteractive
    # The package's postinst must not start a system daemon on /var/run/docker.sock.
    local made_policy=0 rc=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        made_policy=1
    fi
    apt_update
    apt-get install -y -qq --no-install-recommends docker.io >&2 || rc=$?
    [ "$made_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d
    [ "$rc" = 0 ] || die "apt-get install docker.io failed ($rc)"
}

busybox_tar() {  # a one-layer root filesystem of busybox-static with its applet links
    local tarball="$CACHE/busybox-rootfs.tar" root="$CACHE/rootfs" applet
    [ -s "$tarball" ] && { printf '%s\n' "$tarball"; return 0; }
    mkdir -p "$CACHE"
    rm -rf "$CACHE/pkg" "$root"
    shopt -s nullglob
    local debs=("$CACHE"/busybox-static_*.deb)
    if [ "${#debs[@]}" = 0 ]; then
        ( cd "$CACHE" && apt-get -o APT::Sandbox::User=root download busybox-static >&2 ) || {
            apt_update
            ( cd "$CACHE" && apt-get -o APT::Sandbox::User=root download busybox-static >&2 )
        }
        debs=("$CACHE"/busybox-static_*.deb)
    fi
    shopt -u nullglob
    [ "${#debs[@]}" -gt 0 ] || die "could not download busybox-static"
    dpkg -x "${debs[0]}" "$CACHE/pkg"
    mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,usr/local/bin,etc,root,home,tmp,var/tmp,var/log,run,mnt,opt,srv,proc,sys,dev}
    chmod 1777 "$root/tmp" "$root/var/tmp"
    chmod 700 "$root/root"
    cp "$CACHE/pkg/bin/busybox" "$root/bin/busybox"
    chmod 755 "$root/bin/busybox"
    for applet in $("$root/bin/busybox" --list-full); do
        [ "$applet" = bin/busybox ] || ln -sf /bin/busybox "$root/$applet"
    done
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$root/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
    printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"
    tar --sort=name --mtime=@0 --numeric-owner --owner=0 --group=0 -C "$root" -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    rm -rf "$CACHE/pkg" "$root"
    printf '%s\n' "$tarball"
}

ensure_image() {
    cli image inspect "$IMAGE" >/dev/null 2>&1 && return 0
    local tarball
    tarball="$(busybox_tar)"
    log "importing $IMAGE from busybox-static"
    cli import -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        -c 'CMD ["/bin/sh"]' "$tarball" "$IMAGE" >/dev/null
}

launch() {
    local storage="$1" pid t0
    local -a args=(--data-root "$DIR/data" --exec-root "$DIR/exec" --pidfile "$PIDFILE"
        -H "unix://$SOCK" --storage-driver "$storage" --shutdown-timeout 3)
    # shellcheck disable=SC2206  # the knob is a word list on purpose
    [ -n "${CSLINT_DOCKERD_EXTRA_ARGS:-}" ] && args+=(${CSLINT_DOCKERD_EXTRA_ARGS})
    mkdir -p "$DIR/data" "$DIR/exec"
    rm -f "$SOCK"
    log "starting dockerd ${args[*]}"
    # setsid: Ctrl-C or a hang-up of the calling shell must not reach the daemon.
    setsid dockerd "${args[@]}" >> "$LOG" 2>&1 < /dev/null &
    pid=$!
    t0=$SECONDS
    until api_ready; do
        if ! alive "$pid"; then
            log "dockerd exited while starting; its last lines:"
            tail -n 15 "$LOG" >&2
            return 1
        fi
        if [ $((SECONDS - t0)) -ge "$START_TIMEOUT" ]; then
            log "dockerd does not answer after ${START_TIMEOUT}s"
            kill -TERM "$pid" 2>/dev/null || true
            return 1
        fi
        sleep 0.2
    done
    log "dockerd ready (pid $pid, $storage) in $((SECONDS - t0))s"
}

kill_and_wait() {  # kill_and_wait SIGNAL SECONDS PID...
    local sig="$1" secs="$2" p t any
    shift 2
    for p in "$@"; do kill "-$sig" "$p" 2>/dev/null || true; done
    for ((t = 0; t < secs * 10; t++)); do
        any=0
        for p in "$@"; do alive "$p" && any=1; done
        [ "$any" = 0 ] && return 0
        sleep 0.1
    done
    return 1
}

start() {
    install_engine
    mkdir -p "$DIR" "$CACHE"
    if daemon_pid >/dev/null && api_ready; then
        log "already running"
    else
        daemon_pid >/dev/null && stop
        if ! launch "$STORAGE"; then
            [ "$STORAGE" != vfs ] || die "dockerd failed to start (see $LOG)"
            log "retrying with the vfs storage driver"
            stop
            launch vfs || die "dockerd failed to start (see $LOG)"
        fi
    fi
    ensure_image
    printf 'unix://%s\n' "$SOCK"
}

stop() {
    local pid cpid running
    if ! pid="$(daemon_pid)"; then
        rm -f "$PIDFILE" "$SOCK"
        return 0
    fi
    cpid="$(cat "$DIR/exec/containerd/containerd.pid" 2>/dev/null || true)"
    # dockerd gives each running container its own 10 s stop timeout on SIGTERM; stop them first.
    running="$(timeout 10 env DOCKER_HOST="unix://$SOCK" docker ps -q 2>/dev/null || true)"
    if [ -n "$running" ]; then
        # shellcheck disable=SC2086  # one ID a word
        timeout 60 env DOCKER_HOST="unix://$SOCK" docker stop -t 1 $running >/dev/null 2>&1 || true
    fi
    log "stopping dockerd (pid $pid)"
    kill_and_wait TERM 45 "$pid" || { log "dockerd ignores SIGTERM; SIGKILL"; kill_and_wait KILL 10 "$pid" || true; }
    if [ -n "$cpid" ] && [ "$(cat "/proc/$cpid/comm" 2>/dev/null)" = containerd ]; then
        kill_and_wait TERM 10 "$cpid" || kill_and_wait KILL 5 "$cpid" || true
    fi
    rm -f "$PIDFILE" "$SOCK"
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    status) daemon_pid >/dev/null && api_ready ;;
    *) die "usage: $0 start|stop|status" ;;
esac

#!/usr/bin/env bash
# Installs and configures rootful podman (with its Docker-API service for the docker CLI) and makes
# the local base images the engine tests build FROM, without any registry:
#   localhost/sm-busybox:latest   busybox-static as /bin/sh (~2 MB)
#   localhost/sm-python:3.11      Debian minbase + python3 (~120 MB)
# Idempotent: what is already there is kept. Needs root and Debian's package mirror.
set -euo pipefail

MIRROR=${MIRROR:-http://deb.debian.org/debian}
BUSYBOX_IMAGE=localhost/sm-busybox:latest
PYTHON_IMAGE=localhost/sm-python:3.11
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

log() { printf '[provision-engine] %s\n' "$*"; }

install_packages() {
  local wanted=(podman runc netavark aardvark-dns iptables catatonit busybox-static debootstrap) missing=() p
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  command -v docker >/dev/null || missing+=(docker.io)
  [ ${#missing[@]} -eq 0 ] && return
  log "installing: ${missing[*]}"
  apt-get update -qq -o DPkg::Lock::Timeout=600
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}" >/dev/null
}

# crun rejects these VMs' hybrid cgroups, there is no systemd, and rlimits must stay under the
# hard limits podman runs with (no CAP_SYS_RESOURCE).
write_containers_conf() {
  local nofile nproc
  nofile=$(ulimit -Hn); [ "$nofile" = unlimited ] && nofile=1048576
  nproc=$(ulimit -Hu); if [ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ]; then nproc=32768; fi
  mkdir -p /etc/containers
  cat > "$WORK/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]
[network]
network_backend = "netavark"
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
  cmp -s "$WORK/containers.conf" /etc/containers/containers.conf || cp "$WORK/containers.conf" /etc/containers/containers.conf
}

busybox_image() {
  podman image exists "$BUSYBOX_IMAGE" && return
  log "making $BUSYBOX_IMAGE"
  local root=$WORK/busybox
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,root,tmp,proc,sys,dev}
  chmod 1777 "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  chroot "$root" /bin/busybox --install -s
  echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
  echo 'root:x:0:' > "$root/etc/group"
  tar --numeric-owner -C "$root" -c . | podman import -q --change 'CMD ["/bin/sh"]' - "$BUSYBOX_IMAGE" >/dev/null
}

python_image() {
  podman image exists "$PYTHON_IMAGE" && return
  log "making $PYTHON_IMAGE (debootstrap, about a minute)"
  local root=$WORK/python
  if ! debootstrap --variant=minbase --include=python3 bookworm "$root" "$MIRROR" > "$WORK/debootstrap.log" 2>&1; then
    tail -20 "$WORK/debootstrap.log"
    return 1
  fi
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/*.bin "$root"/var/lib/apt/lists/* \
    "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/locale/* "$root"/var/log/*
  ln -sf python3 "$root/usr/bin/python"
  tar --numeric-owner -C "$root" -c . |
    podman import -q --change 'CMD ["python3"]' --change 'ENV PYTHONUNBUFFERED=1' - "$PYTHON_IMAGE" >/dev/null
}

install_packages
write_containers_conf
busybox_image
python_image
podman run --rm "$PYTHON_IMAGE" python -c 'import json, http.server; print("python image ok")'
log "ready: $(podman --version), images: $(podman images --format '{{.Repository}}:{{.Tag}}' | grep -c 'localhost/sm-')"

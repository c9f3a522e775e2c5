#!/usr/bin/env bash
# Installs and configures rootful podman (with its Docker-API service for the docker CLI) and makes
# the local base images the engine tests build FROM, without any registry:
#   localhost/sm-busybox:latest            busybox-static as /bin/sh (~2 MB)
#   localhost/sm-python:3.11               Debian minbase + python3 (~120 MB)
#   localhost/sm-training-toolkit:latest   sm-python + AWS's SageMaker Training Toolkit (`train`)
# The toolkit comes from PyPI (`sagemaker-training`) where PyPI can be reached, else from a source
# folder: SAGEMAKER_TRAINING_SOURCE (a checkout of aws/sagemaker-training-toolkit) and
# INOTIFY_SIMPLE_SOURCE (a checkout of inotify_simple, which Debian does not package). Without
# either the toolkit image is skipped with a message (the engine tests then say what is missing).
# Debian packages come from the mirror of this machine's own apt sources (MIRROR overrides it).
# Idempotent: what is already there is kept. Needs root and Debian's package mirror.
set -euo pipefail

RELEASE=bookworm
BUSYBOX_IMAGE=localhost/sm-busybox:latest
PYTHON_IMAGE=localhost/sm-python:3.11
TOOLKIT_IMAGE=localhost/sm-training-toolkit:latest
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

log() { printf '[provision-engine] %s\n' "$*"; }

# The URI of the first enabled `deb` entry for $RELEASE in this machine's apt sources: deb822 files
# (sources.list.d/*.sources) and one-line lists (sources.list, sources.list.d/*.list).
apt_mirror() {
  local deb822=() lists=() f
  for f in /etc/apt/sources.list.d/*.sources; do [ -f "$f" ] && deb822+=("$f"); done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do [ -f "$f" ] && lists+=("$f"); done
  if [ ${#deb822[@]} -gt 0 ]; then
    awk -v rel="$RELEASE" '
      function flush() {
        if (!found && uri != "" && (" " types " ") ~ / deb / && (" " suites " ") ~ (" " rel " ") && enabled != "no") { print uri; found = 1 }
        uri = ""; types = ""; suites = ""; enabled = ""
      }
      FNR == 1 { flush() }
      /^[ \t]*$/ { flush(); next }
      tolower($1) == "types:" { $1 = ""; types = $0 }
      tolower($1) == "uris:" { uri = $2 }
      tolower($1) == "suites:" { $1 = ""; suites = $0 }
      tolower($1) == "enabled:" { enabled = tolower($2) }
      END { flush() }' "${deb822[@]}" | head -1
  fi
  if [ ${#lists[@]} -gt 0 ]; then
    awk -v rel="$RELEASE" '
      $1 == "deb" { i = 2; if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ } if ($(i + 1) == rel) print $i }' "${lists[@]}" | head -1
  fi
}

MIRROR=${MIRROR:-$(apt_mirror | head -1)}
if [ -z "$MIRROR" ]; then
  log "no Debian mirror for $RELEASE in /etc/apt/sources.list{,.d}: set MIRROR to one"
  exit 1
fi

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

# The training path of the toolkit needs six, boto3, paramiko, psutil, retrying, inotify_simple and
# its own C extension `gethostname`; numpy, scipy and protobuf serve only its serving helpers.
toolkit_image() {
  podman image exists "$TOOLKIT_IMAGE" && return
  local ctx=$WORK/toolkit
  mkdir -p "$ctx/src/sagemaker-training" "$ctx/src/inotify_simple"
  if [ -n "${SAGEMAKER_TRAINING_SOURCE:-}" ]; then
    if [ ! -f "$SAGEMAKER_TRAINING_SOURCE/setup.py" ]; then
      log "SAGEMAKER_TRAINING_SOURCE=$SAGEMAKER_TRAINING_SOURCE has no setup.py"
      return 1
    fi
    cp -R "$SAGEMAKER_TRAINING_SOURCE/." "$ctx/src/sagemaker-training/"
    local inotify=${INOTIFY_SIMPLE_SOURCE:-$(dirname "$SAGEMAKER_TRAINING_SOURCE")/inotify_simple}
    [ -f "$inotify/inotify_simple.py" ] && cp "$inotify/inotify_simple.py" "$ctx/src/inotify_simple/"
    chmod -R u+w "$ctx/src"
  fi
  cat > "$ctx/Containerfile" <<'CONTAINERFILE'
FROM localhost/sm-python:3.11
ARG MIRROR
RUN echo "deb $MIRROR bookworm main" > /etc/apt/sources.list && apt-get update -qq && \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      python3-pip python3-setuptools python3-dev gcc libc6-dev python3-cffi-backend \
      python3-six python3-boto3 python3-paramiko python3-psutil python3-retrying >/dev/null
COPY src/ /tmp/src/
RUN if pip install -q --no-cache-dir --no-deps --break-system-packages --retries 0 --timeout 10 sagemaker-training inotify_simple 2>/dev/null; then \
      echo "toolkit from PyPI"; \
    elif [ -f /tmp/src/sagemaker-training/setup.py ] && [ -f /tmp/src/inotify_simple/inotify_simple.py ]; then \
      pip install -q --no-cache-dir --no-deps --no-build-isolation --break-system-packages /tmp/src/sagemaker-training && \
      cp /tmp/src/inotify_simple/inotify_simple.py /usr/lib/python3/dist-packages/ && echo "toolkit from the source folder"; \
    else \
      echo "PyPI cannot be reached and no source folder was given (SAGEMAKER_TRAINING_SOURCE)" >&2; exit 3; \
    fi && \
    python3 -c "import sagemaker_training.trainer, gethostname, inotify_simple" && command -v train && \
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq gcc libc6-dev python3-dev >/dev/null && \
    DEBIAN_FRONTEND=noninteractive apt-get autoremove -y -qq >/dev/null && \
    rm -rf /tmp/src /var/lib/apt/lists/* /var/cache/apt/*.bin /var/cache/apt/archives/*.deb
CONTAINERFILE
  log "making $TOOLKIT_IMAGE (apt and pip inside a build, a few minutes)"
  if ! podman build --pull=never --squash --build-arg "MIRROR=$MIRROR" -t "$TOOLKIT_IMAGE" "$ctx" > "$WORK/toolkit.log" 2>&1; then
    tail -20 "$WORK/toolkit.log"
    if grep -q 'no source folder was given' "$WORK/toolkit.log"; then
      log "skipped $TOOLKIT_IMAGE: PyPI cannot be reached; set SAGEMAKER_TRAINING_SOURCE to a checkout of aws/sagemaker-training-toolkit"
      return 0
    fi
    return 1
  fi
  log "$(grep -m1 '^toolkit from' "$WORK/toolkit.log")"
}

install_packages
write_containers_conf
busybox_image
python_image
toolkit_image
podman run --rm "$PYTHON_IMAGE" python -c 'import json, http.server; print("python image ok")'
if podman image exists "$TOOLKIT_IMAGE"; then
  podman run --rm "$TOOLKIT_IMAGE" python3 -c 'import sagemaker_training.trainer; print("toolkit image ok")'
fi
log "ready: $(podman --version), images: $(podman images --format '{{.Repository}}:{{.Tag}}' | grep -c 'localhost/sm-')"

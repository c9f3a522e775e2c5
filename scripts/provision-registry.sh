#!/usr/bin/env bash
# Installs Debian's docker-registry (a real image registry) for the tests of `submit`, which start it
# themselves on a free 127.0.0.1 port with their own storage and stop it afterwards. Its packaged
# service is not started. Idempotent; needs root and Debian's packages.
set -euo pipefail

if [ -x /usr/bin/docker-registry ]; then
  echo "[provision-registry] ready: $(/usr/bin/docker-registry --version 2>/dev/null || echo docker-registry)"
  exit 0
fi
echo "[provision-registry] installing docker-registry"
apt-get update -qq -o DPkg::Lock::Timeout=600
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 docker-registry >/dev/null
echo "[provision-registry] ready: $(/usr/bin/docker-registry --version 2>/dev/null || echo docker-registry)"

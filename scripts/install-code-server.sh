#!/usr/bin/env bash
# Installs code-server (VS Code 1.100.3's web workbench and its Node extension host) for the end-to-end
# tests, from the npm registry and Debian's packages only; also Debian's Chromium, which drives it.
# Idempotent: does nothing when the install answers `--version`.
# usage: scripts/install-code-server.sh [DEST]   (default: .cache/code-server in the repository)
set -euo pipefail

# 4.100.3 is the last code-server whose engines.node accepts Node 20.
CS_VERSION="${CS_VERSION:-4.100.3}"
REPO="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$(realpath -m "${1:-$REPO/.cache/code-server}")"
INSTALL="$DEST/code-server"

log() { echo "install-code-server: $*"; }

# Debian packages: libkrb5-dev (code-server's kerberos addon builds against it), ripgrep (VS Code's search;
# its own download from GitHub fails offline), chromium (the browser the tests drive).
apt_packages() {
  local missing=() pkg
  for pkg in libkrb5-dev ripgrep chromium; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

installed_version() {
  [ -f "$INSTALL/out/node/entry.js" ] || return 1
  XDG_CONFIG_HOME="$DEST/xdg" XDG_DATA_HOME="$DEST/xdg" timeout 60 node "$INSTALL/out/node/entry.js" --version 2>/dev/null \
    | grep -E '^[0-9]+\.[0-9]+\.[0-9]+ ' | head -1
}

apt_packages

if version="$(installed_version)" && [[ "$version" == "$CS_VERSION "* ]]; then
  log "code-server already installed in $INSTALL ($version)"
  exit 0
fi

log "installing code-server $CS_VERSION into $INSTALL"
mkdir -p "$DEST"
cd "$DEST"
[ -f "code-server-$CS_VERSION.tgz" ] || npm pack --silent "code-server@$CS_VERSION" >/dev/null

# Unpack into a staging folder and move it into place only when complete, so an interrupted
# install is never mistaken for a finished one.
STAGE="$DEST/code-server.partial"
rm -rf "$STAGE"
mkdir -p "$STAGE"
tar xzf "code-server-$CS_VERSION.tgz" -C "$STAGE" --strip-components=1
cd "$STAGE"

# Install scripts run only through the explicit `npm rebuild` steps below: the packages' own
# postinstall steps download prebuilt binaries from GitHub, which fails here.
npm_quiet=(--no-audit --no-fund --loglevel=error)

# 1) code-server's own dependencies; argon2's prebuilt download fails, so it is compiled.
npm install --omit=dev --ignore-scripts "${npm_quiet[@]}"
log "building argon2 (its prebuilt download fails: expect a node-pre-gyp ERR line)"
npm rebuild argon2 "${npm_quiet[@]}" >/dev/null

# 2) VS Code's dependencies: what its postinstall would do, minus the downloads that fail offline.
cd lib/vscode
npm install --omit=dev --ignore-scripts "${npm_quiet[@]}"
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sfn "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
# node-pty's install script calls `npx node-gyp`; npm_config_yes lets npx run without asking.
npm_config_yes=true npm rebuild "${npm_quiet[@]}" >/dev/null
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
# 3) The built-in extensions' dependencies.
(cd extensions && npm install --omit=dev "${npm_quiet[@]}" >/dev/null)

# The native addons must load: fail here rather than in the first test run.
(cd "$STAGE" && node -e 'require("argon2")') || { log "error: argon2 was not built"; exit 1; }
(cd "$STAGE/lib/vscode" && node -e 'require("node-pty"); require("kerberos")') || { log "error: node-pty or kerberos was not built"; exit 1; }

cd "$DEST"
rm -rf "$INSTALL"
mv "$STAGE" "$INSTALL"
version="$(installed_version)" || { log "error: the installed code-server does not answer --version"; exit 1; }
log "code-server $version installed in $INSTALL"

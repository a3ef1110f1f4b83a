#!/usr/bin/env bash
# Installs the real VS Code the editor tests run in: code-server 4.100.3 (VS Code 1.100.3, the newest that
# runs on Node 20) with playwright-core in test/vscode-server/, and Debian's chromium to open its workbench.
# Run as root on a Debian machine (CI runs it from .ci/run). Idempotent: every step that is already done is
# skipped, so a second run takes a second or two. Writes only inside the repository (test/.work/, test/vscode-server/)
# and apt's own places; no download other than Debian packages and the npm registry.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
SERVER_DIR=$REPO/test/vscode-server
WORK=$REPO/test/.work
CODE_SERVER=$SERVER_DIR/node_modules/code-server/out/node/entry.js
STAMP=$SERVER_DIR/node_modules/.ses-grants-setup-stamp

step() { echo "== $(date +%T) setup-vscode-server: $*"; }
started=$(date +%s)

# Everything tools would put under $HOME goes into the work folder instead.
mkdir -p "$WORK/tmp" "$WORK/xdg/config" "$WORK/xdg/data" "$WORK/xdg/cache" "$WORK/npm-cache"
export XDG_CONFIG_HOME=$WORK/xdg/config XDG_DATA_HOME=$WORK/xdg/data XDG_CACHE_HOME=$WORK/xdg/cache
export npm_config_cache=$WORK/npm-cache
export TMPDIR=$WORK/tmp

# --- Debian packages: compilers and headers for code-server's native modules, ripgrep, chromium, and a
# Japanese font so the UI tests' screenshots of the Japanese workbench show text rather than boxes.
APT_PACKAGES=(build-essential pkg-config python3 libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev ripgrep chromium fonts-ipafont-gothic)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then missing+=("$pkg"); fi
done
if [ ${#missing[@]} -eq 0 ]; then
  step "apt packages already installed"
else
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup-vscode-server: missing Debian packages: ${missing[*]}; run this script as root (or install them)" >&2
    exit 1
  fi
  step "apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- code-server + playwright-core, from the committed lock file.
lock_hash=$( (sha256sum "$SERVER_DIR/package-lock.json"; node --version) | sha256sum | cut -d' ' -f1)
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$lock_hash" ] && [ -f "$CODE_SERVER" ]; then
  step "code-server already installed (test/vscode-server/node_modules matches package-lock.json)"
else
  # @vscode/ripgrep (inside code-server's VS Code) downloads rg from GitHub unless its download cache
  # already holds the archive: put Debian's rg there. Name and version are the ones VS Code 1.100.3 pins.
  rg_cache=$TMPDIR/vscode-ripgrep-cache-1.15.11
  mkdir -p "$rg_cache"
  tar czf "$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg

  step "npm ci in test/vscode-server (code-server builds native modules; ~1 min)"
  log=$WORK/vscode-server-install.log
  # unsafe_perm: code-server's postinstall refuses to run as root without it;
  # yes: node-pty's install runs `npx node-gyp`, which would otherwise ask before installing it.
  if ! (cd "$SERVER_DIR" && npm_config_unsafe_perm=true npm_config_yes=true \
        npm ci --no-audit --no-fund --loglevel=error >"$log" 2>&1); then
    tail -n 40 "$log" >&2
    echo "setup-vscode-server: npm ci failed; full log in $log" >&2
    exit 1
  fi
  if [ ! -f "$CODE_SERVER" ]; then
    echo "setup-vscode-server: npm ci finished but $CODE_SERVER is missing; see $log" >&2
    exit 1
  fi
  echo "$lock_hash" >"$STAMP"
fi

step "ready in $(( $(date +%s) - started ))s: $("$SERVER_DIR/node_modules/.bin/code-server" --version 2>/dev/null | tail -n 1)"

#!/usr/bin/env bash
# Installs what the end-to-end test (test/e2e/vscode.test.ts) needs on a fresh Debian machine with Node 20:
#   - Debian packages: the headers code-server's postinstall builds VS Code's native modules against, `ripgrep`
#     (its /usr/bin/rg stands in for the binary @vscode/ripgrep would download from GitHub) and `chromium`;
#   - code-server (a real VS Code served to a browser) into the git-ignored folder .e2e/code-server/, never into the
#     project's own dependencies: it is large and only the e2e test uses it.
# Idempotent: every step is skipped when its result is already in place.
set -euo pipefail
cd "$(dirname "$0")/.."

# 4.100.3 (VS Code 1.100.3) is the newest release whose `engines.node` accepts Node 20.
CODE_SERVER_VERSION=4.100.3
PREFIX=.e2e/code-server
STAMP="$PREFIX/.installed-$CODE_SERVER_VERSION"

# --- Debian packages ---------------------------------------------------------------------------------------------
packages=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config python3 make g++ ripgrep chromium)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "e2e-setup: installing Debian packages: ${missing[*]}"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
  else
    echo "e2e-setup: missing Debian packages: ${missing[*]}" >&2
    echo "e2e-setup: run as root: apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

# --- code-server -------------------------------------------------------------------------------------------------
installed_version() {
  node -p "require('./$PREFIX/node_modules/code-server/package.json').version" 2>/dev/null || true
}
if [ -f "$STAMP" ] && [ -x "$PREFIX/node_modules/.bin/code-server" ] && [ "$(installed_version)" = "$CODE_SERVER_VERSION" ]; then
  echo "e2e-setup: code-server $CODE_SERVER_VERSION already installed in $PREFIX"
  exit 0
fi

# @vscode/ripgrep's postinstall downloads ripgrep from GitHub, unless it finds this cached download first
# (a gzipped tar holding a single `rg` at its root). Debian's ripgrep provides the binary.
RG_CACHE="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
RG_TARBALL="$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$RG_TARBALL" ]; then
  mkdir -p "$RG_CACHE"
  tar -czf "$RG_TARBALL.tmp" -C /usr/bin rg
  mv "$RG_TARBALL.tmp" "$RG_TARBALL"
fi

echo "e2e-setup: installing code-server $CODE_SERVER_VERSION into $PREFIX (takes a few minutes)"
start=$(date +%s)
rm -rf "$PREFIX"
mkdir -p "$PREFIX"
# A package.json of its own, so npm does not walk up to the project's and treats this folder as a separate root.
printf '{ "name": "netadjust-e2e-code-server", "private": true }\n' >"$PREFIX/package.json"
# As root, code-server's postinstall refuses to run without unsafe-perm; a step inside it runs `npx node-gyp`,
# which needs `yes` when there is no terminal.
npm_config_unsafe_perm=true npm_config_yes=true \
  npm install --prefix "$PREFIX" --no-audit --no-fund --no-save "code-server@$CODE_SERVER_VERSION"

if [ "$(installed_version)" != "$CODE_SERVER_VERSION" ] || [ ! -x "$PREFIX/node_modules/.bin/code-server" ]; then
  echo "e2e-setup: code-server $CODE_SERVER_VERSION did not install into $PREFIX" >&2
  exit 1
fi
"$PREFIX/node_modules/.bin/code-server" --version
touch "$STAMP"
echo "e2e-setup: code-server installed in $(( $(date +%s) - start )) s"

#!/usr/bin/env bash
# Installs the npm packages from the lockfile (skipped when they are already in place).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

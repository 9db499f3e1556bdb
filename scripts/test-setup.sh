#!/usr/bin/env bash
# Installs what the test suite needs beyond npm packages, from Debian's packages (as root with apt-get).
set -euo pipefail
cd "$(dirname "$0")/.."

# The progress-panel tests (test/webview) drive Debian's Chromium through playwright-core; `npx playwright install`
# cannot work here (it downloads a browser), so the distribution's package is used.
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update && apt-get install -y chromium
  else
    echo "setup: /usr/bin/chromium is missing; the panel tests need it: run 'apt-get install -y chromium' as root." >&2
  fi
fi

# The PyTorch engine's tests (test/unit/engine/conformance, test/unit/engine/torch) run the real torch worker and fail
# without it (and Pillow for image-folder datasets); Debian's python3-torch (1.13, CPU) is for /usr/bin/python3, which
# the engine finds on its own.
if ! /usr/bin/python3 -c 'import torch, numpy, PIL' >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update && apt-get install -y python3-torch python3-pil
  else
    echo "setup: PyTorch is missing; the torch engine's tests need it: run 'apt-get install -y python3-torch' as root." >&2
  fi
fi

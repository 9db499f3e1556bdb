#!/usr/bin/env bash
# Sets up everything the test suite needs on a fresh machine with Node 20, then runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
# code-server and Chromium for the end-to-end test in a real VS Code (test/e2e).
bash scripts/e2e-setup.sh
bash scripts/test-setup.sh
npm run typecheck
npm run build
npm run package
npm run compile-tests
# One runner for every test file, so its closing summary covers the whole suite.
node --test --test-reporter=spec --test-concurrency=2 out/test

#!/usr/bin/env bash
# Sets up netadjust and runs its main job on the shipped example.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
npm run --silent build
node bin/netadjust.js analyze examples/resnet20-cifar100.netadj.yaml

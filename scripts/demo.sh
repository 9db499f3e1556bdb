#!/usr/bin/env bash
# Sets up netadjust and runs its main job on the shipped example and data: a Network Adjustment search of a small
# CNN on a Fashion-MNIST subset (3 iterations, then both networks trained and compared; a few minutes on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
npm run --silent build
node bin/netadjust.js analyze examples/small-cnn-fashion-mnist.netadj.yaml
node bin/netadjust.js adjust examples/small-cnn-fashion-mnist.netadj.yaml

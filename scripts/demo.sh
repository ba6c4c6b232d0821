#!/usr/bin/env bash
# The main job. For now: build the npm package into pkg/ and print what it produced and its gzip
# size. (The demo issue makes this build www/ and start the reference server with the demo.)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh

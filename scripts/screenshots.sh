#!/usr/bin/env bash
# Renders the demo window offscreen after its first sync into
# docs/screenshots/overview.png. BUILD_DIR: an existing build with UI and
# server (default build/demo, configured like scripts/demo.sh).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
build="${BUILD_DIR:-build/demo}"
if [[ ! -f "$build/CMakeCache.txt" ]]; then
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCREDITDESK_BUILD_UI=ON -DCREDITDESK_BUILD_SERVER=ON -DCREDITDESK_BUILD_TESTS=OFF
fi
cmake --build "$build" --target creditdesk
mkdir -p docs/screenshots
QT_QPA_PLATFORM=offscreen "$build/app/creditdesk" --demo --screenshot="$root/docs/screenshots/overview.png"
echo "docs/screenshots/overview.png"

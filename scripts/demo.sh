#!/usr/bin/env bash
# The quick start: installs what is missing, builds the app and runs it in
# demo mode (a built-in server with a demo account; nothing is saved).
# Arguments go to `creditdesk --demo`, e.g. --screenshot=overview.png.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/packages.sh
cmake -S . -B build/demo -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCREDITDESK_BUILD_UI=ON -DCREDITDESK_BUILD_SERVER=ON -DCREDITDESK_BUILD_TESTS=OFF
cmake --build build/demo --target creditdesk
exec build/demo/app/creditdesk --demo "$@"

#!/usr/bin/env bash
# Renders the app icon (resources/icons/dev.creditdesk.CreditDesk.svg) to the
# PNG sizes of the hicolor theme in resources/icons/hicolor/. The PNGs are
# committed, so building the packages needs no SVG renderer; run this again
# after changing the SVG. Needs rsvg-convert (Debian: librsvg2-bin).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
svg=$root/resources/icons/dev.creditdesk.CreditDesk.svg
out=$root/resources/icons/hicolor

command -v rsvg-convert >/dev/null || {
    echo "render-icons.sh: rsvg-convert not found (apt-get install librsvg2-bin)" >&2
    exit 1
}
for size in 16 22 24 32 48 64 128 256; do
    mkdir -p "$out/${size}x${size}/apps"
    rsvg-convert --width "$size" --height "$size" --format png \
        --output "$out/${size}x${size}/apps/dev.creditdesk.CreditDesk.png" "$svg"
done
echo "rendered $(ls "$out" | wc -l) sizes into $out"

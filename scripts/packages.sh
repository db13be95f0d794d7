#!/usr/bin/env bash
# Installs the Debian packages CreditDesk needs to build, test and run, when any is missing.
set -euo pipefail

CREDITDESK_PACKAGES=(
    build-essential cmake ninja-build lld
    qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite libqt6sql6-psql
    qt6-httpserver-dev qt6-websockets-dev qt6-networkauth-dev qt6-charts-dev qt6-svg-dev
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qtkeychain-qt6-dev
    libssl-dev openssl libgl1-mesa-dev
    xvfb xauth dbus-x11 gnome-keyring libsecret-tools
    postgresql-15 postgresql-client-15
    dpkg-dev file desktop-file-utils appstream adduser man-db
)

missing=()
for p in "${CREDITDESK_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "== installing: ${missing[*]}"
    sudo_cmd=()
    [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

#!/usr/bin/env bash
# Builds the Debian packages of a configured build dir with CPack, installs them on this
# machine, checks the installed programs and files, exercises upgrade, remove and purge,
# and checks that nothing is left behind. Needs root (or sudo) and these Debian packages:
# dpkg-dev file desktop-file-utils appstream adduser (systemd for systemd-analyze, optional).
#   scripts/package-check.sh BUILD_DIR
# BUILD_DIR must be configured with -DCMAKE_INSTALL_PREFIX=/usr and have creditdesk and
# creditdesk-server built (cpack builds what is missing). Exit status 0 when every check
# passed; otherwise 1, with the failed check on stderr. The packages are purged again in
# every case.
set -euo pipefail

usage() {
    echo "usage: $0 BUILD_DIR" >&2
    exit 2
}
(($# == 1)) || usage
build_dir=$(cd "$1" 2>/dev/null && pwd) || {
    echo "package-check: no such directory: $1" >&2
    exit 1
}

packages=(creditdesk creditdesk-server)
app_id=dev.creditdesk.CreditDesk
service_user=creditdesk-server
failures=0

say() { printf '== %s\n' "$*"; }
ok() { printf '   ok: %s\n' "$*"; }
die() {
    printf 'package-check: FAILED: %s\n' "$*" >&2
    exit 1
}
check() { # check DESCRIPTION COMMAND... — runs COMMAND, records a failure without stopping
    local what=$1
    shift
    local output
    if output=$("$@" 2>&1); then
        ok "$what"
    else
        printf 'package-check: FAILED: %s\n' "$what" >&2
        [[ -z $output ]] || printf '%s\n' "$output" | sed 's/^/   | /' >&2
        failures=$((failures + 1))
    fi
}
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
known() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -qv '^unknown ok not-installed$'; }

sudo_cmd=()
as_service_user=(runuser -u "$service_user" --)
if [[ $(id -u) -ne 0 ]]; then
    sudo_cmd=(sudo)
    as_service_user=(sudo -u "$service_user" --)
fi
as_root() { "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive "$@"; }

# ---- preconditions -------------------------------------------------------------------------
[[ -f $build_dir/CPackConfig.cmake ]] ||
    die "$build_dir is not a configured CreditDesk build dir (no CPackConfig.cmake)"
grep -q '^CMAKE_INSTALL_PREFIX:PATH=/usr$' "$build_dir/CMakeCache.txt" ||
    die "$build_dir must be configured with -DCMAKE_INSTALL_PREFIX=/usr"
for tool in cpack dpkg dpkg-deb dpkg-shlibdeps file desktop-file-validate appstreamcli; do
    command -v "$tool" >/dev/null ||
        die "$tool not found (apt-get install dpkg-dev file desktop-file-utils appstream cmake)"
done
for p in "${packages[@]}"; do
    if known "$p"; then
        die "$p is already installed (or not purged) on this machine; this check installs and purges it," \
            "so remove it first: dpkg --purge $p"
    fi
done

# Every path named after the project outside the build trees, to compare after the purge
# (not man-db's cat pages: a cache that anyone running man(1) fills, and mandb cleans).
leftovers() {
    find /etc /usr /var/lib /var/cache /var/log /opt -xdev -name '*creditdesk*' \
        -not -path '/var/lib/dpkg/*' -not -path '/var/cache/man/*' 2>/dev/null | sort
}

cleanup() {
    local p
    for p in "${packages[@]}"; do
        if known "$p"; then
            as_root dpkg --purge "$p" >/dev/null 2>&1 || true
        fi
    done
    [[ -z ${scratch:-} ]] || rm -rf "$scratch"
}
trap cleanup EXIT
scratch=$(mktemp -d /tmp/creditdesk-package-check.XXXXXX)

leftovers >"$scratch/before.txt"

# ---- build ---------------------------------------------------------------------------------
say "cpack (DEB) in $build_dir"
out_dir=$build_dir/packages
rm -rf "$out_dir"
(cd "$build_dir" && cpack -G DEB) >"$scratch/cpack.log" 2>&1 || {
    cat "$scratch/cpack.log" >&2
    die "cpack failed"
}
debs=()
for p in "${packages[@]}"; do
    deb=$(find "$out_dir" -maxdepth 1 -name "${p}_*.deb" | head -n 1)
    [[ -n $deb ]] || die "cpack made no package $p (in $out_dir)"
    debs+=("$deb")
    ok "$(basename "$deb"): $(dpkg-deb -f "$deb" Depends)"
done
version=$(dpkg-deb -f "${debs[0]}" Version)
upstream_version=${version%-*}

# ---- install -------------------------------------------------------------------------------
say "dpkg -i ${debs[*]##*/}"
if ! as_root dpkg -i "${debs[@]}" >"$scratch/dpkg.log" 2>&1; then
    say "installing missing dependencies (apt-get -f install)"
    as_root apt-get update -qq >/dev/null 2>&1 || true
    as_root apt-get -f install -y -qq --no-install-recommends >>"$scratch/dpkg.log" 2>&1 || {
        cat "$scratch/dpkg.log" >&2
        die "the packages' dependencies cannot be installed"
    }
fi
for p in "${packages[@]}"; do
    installed "$p" || {
        cat "$scratch/dpkg.log" >&2
        die "$p is not installed after dpkg -i"
    }
done
ok "both packages installed"

# ---- the installed programs ----------------------------------------------------------------
say "installed programs"
# A throwaway home: nothing of this check may land in the caller's profile.
run_env=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$scratch/home" XDG_DATA_HOME="$scratch/home/data"
    XDG_CONFIG_HOME="$scratch/home/config" XDG_CACHE_HOME="$scratch/home/cache" LANG=C.UTF-8)
mkdir -p "$scratch/home"
expect_output() { # expect_output PATTERN COMMAND... — COMMAND exits 0 and prints PATTERN
    local pattern=$1 output
    shift
    output=$("${run_env[@]}" "$@" 2>&1) || {
        printf '%s\n' "$output"
        return 1
    }
    grep -Eq -- "$pattern" <<<"$output" || {
        printf 'expected /%s/ in:\n%s\n' "$pattern" "$output"
        return 1
    }
}
check "/usr/bin/creditdesk --version prints $upstream_version" \
    expect_output "^creditdesk ${upstream_version//./\\.}\$" /usr/bin/creditdesk --version
check "/usr/bin/creditdesk --help" expect_output '^Usage: creditdesk ' /usr/bin/creditdesk --help
check "/usr/bin/creditdesk-server --help" expect_output '^Usage: creditdesk-server ' /usr/bin/creditdesk-server --help
check "/usr/bin/creditdesk-server --version prints $upstream_version" \
    expect_output "^creditdesk-server ${upstream_version//./\\.} " /usr/bin/creditdesk-server --version
# Loads the Qt SQLite plugin: the packages' Depends cover what is loaded at run time.
check "creditdesk-server migrate on SQLite" \
    expect_output '"version":[1-9]' /usr/bin/creditdesk-server migrate --db "sqlite://$scratch/migrate.db"

# ---- desktop integration -------------------------------------------------------------------
say "desktop integration"
desktop=/usr/share/applications/$app_id.desktop
metainfo=/usr/share/metainfo/$app_id.metainfo.xml
check "desktop-file-validate $desktop" desktop-file-validate "$desktop"
check "appstreamcli validate --no-net $metainfo" appstreamcli validate --no-net "$metainfo"
icons_present() {
    local size
    [[ -f /usr/share/icons/hicolor/scalable/apps/$app_id.svg ]] || {
        echo "missing scalable/apps/$app_id.svg"
        return 1
    }
    for size in 16 22 24 32 48 64 128 256; do
        file -b "/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png" | grep -q "PNG image data, $size x $size" || {
            echo "missing or wrong ${size}x${size}/apps/$app_id.png"
            return 1
        }
    done
}
check "hicolor icons (SVG, PNG 16 to 256)" icons_present
check "man pages creditdesk(1), creditdesk-server(1)" \
    gzip -t /usr/share/man/man1/creditdesk.1.gz /usr/share/man/man1/creditdesk-server.1.gz
if command -v man >/dev/null; then
    check "man -w finds creditdesk(1) and creditdesk-server(1)" man -w creditdesk creditdesk-server
fi

# ---- the server as a service ---------------------------------------------------------------
say "creditdesk-server service"
unit=/usr/lib/systemd/system/creditdesk-server.service
conf=/etc/creditdesk-server/creditdesk-server.conf
check "system user $service_user" getent passwd "$service_user"
owner_mode() { # owner_mode PATH EXPECTED ("user:group mode")
    local actual
    actual=$(stat -c '%U:%G %a' "$1") || return 1
    [[ $actual == "$2" ]] || {
        echo "$1 is $actual, expected $2"
        return 1
    }
}
check "$conf is root:$service_user 640" owner_mode "$conf" "root:$service_user 640"
check "/var/lib/creditdesk-server is $service_user:$service_user 750" \
    owner_mode /var/lib/creditdesk-server "$service_user:$service_user 750"
check "$conf is a conffile" grep -qx "$conf" /var/lib/dpkg/info/creditdesk-server.conffiles
# The admin CLI as the service user on the service's data dir: creates the signing keys there.
check "admin as $service_user on /var/lib/creditdesk-server" \
    expect_output '"public_key"' "${as_service_user[@]}" /usr/bin/creditdesk-server admin \
    --data-dir /var/lib/creditdesk-server export-public-key
if command -v systemd-analyze >/dev/null; then
    # --man=yes would format the page and leave a cat page in /var/cache/man; man -w below instead.
    check "systemd-analyze verify $unit" systemd-analyze verify --man=no "$unit"
    security_exposure() {
        # Static only: systemd-analyze security needs a running manager, so skip it when there is none.
        [[ -d /run/systemd/system ]] || return 0
        systemd-analyze security --threshold=4.0 "$(basename "$unit")"
    }
    check "systemd-analyze security (exposure at most 4.0, when systemd runs)" security_exposure
else
    echo "   skipped: systemd-analyze verify (systemd-analyze not installed)"
fi

# ---- upgrade, remove, purge ----------------------------------------------------------------
say "upgrade (reinstall over the installed version)"
echo "# local change" | as_root tee -a "$conf" >/dev/null
check "dpkg -i again (postinst configure with the old version)" as_root dpkg -i --force-confold "${debs[@]}"
check "the admin's change to $conf survives the upgrade" grep -qx '# local change' "$conf"
check "$conf is still root:$service_user 640" owner_mode "$conf" "root:$service_user 640"

say "remove (settings and data stay)"
check "dpkg --remove ${packages[*]}" as_root dpkg --remove "${packages[@]}"
check "/usr/bin/creditdesk gone" test ! -e /usr/bin/creditdesk
check "/usr/bin/creditdesk-server gone" test ! -e /usr/bin/creditdesk-server
check "$conf kept" test -f "$conf"
check "/var/lib/creditdesk-server kept" test -d /var/lib/creditdesk-server

say "purge (nothing left)"
check "dpkg --purge ${packages[*]}" as_root dpkg --purge "${packages[@]}"
for p in "${packages[@]}"; do
    check "dpkg -L $p fails (unknown to dpkg)" bash -c "! dpkg -L $p >/dev/null 2>&1"
done
for path in /usr/bin/creditdesk /usr/bin/creditdesk-server /etc/creditdesk-server /var/lib/creditdesk-server \
    "$unit" /usr/lib/sysusers.d/creditdesk-server.conf "$desktop" "$metainfo" \
    "/usr/share/icons/hicolor/scalable/apps/$app_id.svg" /usr/share/man/man1/creditdesk.1.gz \
    /usr/share/man/man1/creditdesk-server.1.gz; do
    check "$path gone" test ! -e "$path"
done
nothing_new() {
    leftovers >"$scratch/after.txt"
    diff "$scratch/before.txt" "$scratch/after.txt" >/dev/null || {
        echo "left behind:"
        comm -13 "$scratch/before.txt" "$scratch/after.txt"
        return 1
    }
}
check "no new file named *creditdesk* in /etc /usr /var/lib /var/cache /var/log /opt" nothing_new
check "system user $service_user gone" bash -c "! getent passwd $service_user"
check "group $service_user gone" bash -c "! getent group $service_user"

if ((failures)); then
    echo "package-check: $failures check(s) FAILED" >&2
    exit 1
fi
echo "package-check: OK (${debs[*]##*/})"

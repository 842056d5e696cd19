#!/usr/bin/env bash
# Builds the Linux packages with installer/build.sh and checks them the way a user gets them:
#   - the .deb and .rpm hold the launcher, the desktop entry and the icon (dpkg-deb -c, rpm -qlp);
#   - an older version installed first is upgraded in place by this one (apt-get install ./file.deb);
#   - the installed app runs `--version` and `--self-test` with PATH and JAVA_HOME emptied (no JDK needed);
#   - the operator's core path through the installed app's real window (the journey of ShippedConsoleJourneyIT);
#   - sizes, and start-up to the window under Xvfb next to a bare JavaFX window (installer/measure-startup.sh).
#   installer/check-linux.sh [--reuse]
# Run as root (or with sudo) on Debian/Ubuntu; .ci/run runs it after `mvn verify`. Without root the .deb is
# unpacked into a scratch root with dpkg -x instead (no upgrade check).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
cd "$ROOT"
OUT=target/installer
log() { printf '== %s\n' "$*"; }
fail() { printf 'installer/check-linux.sh: FAILED: %s\n' "$*" >&2; exit 1; }
# Runs a package command quietly; on failure shows everything it printed.
quiet() {
    local out
    if ! out=$("$@" 2>&1); then
        printf '%s\n' "$out" >&2
        fail "$*"
    fi
}

SUDO=
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
fi
can_install=false
{ [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; } && can_install=true

# --reuse: check the packages already in target/installer/ instead of building them again.
if [ "${1:-}" = --reuse ] && ls "$OUT"/secretdesk_*.deb "$OUT"/secretdesk-*.rpm >/dev/null 2>&1; then
    log "checking the packages already built"
else
    rm -f "$OUT"/*.deb "$OUT"/*.rpm
    bash installer/build.sh deb rpm
fi
deb=$(ls "$OUT"/secretdesk_*.deb)
rpm=$(ls "$OUT"/secretdesk-*.rpm)
version=$(dpkg-deb -f "$deb" Version)
log "built $deb ($version) and $rpm"

# --- contents ---
listing=$(dpkg-deb -c "$deb")
for want in /opt/secretdesk/bin/SecretDesk '/opt/secretdesk/lib/secretdesk-SecretDesk\.desktop' \
    /opt/secretdesk/lib/SecretDesk.png /opt/secretdesk/lib/app/secretdesk.jar /opt/secretdesk/lib/app/secretdesk.aot \
    /opt/secretdesk/lib/runtime/bin/java; do
    grep -q " \.$want\$" <<<"$listing" || fail "the .deb lacks $want"
done
for field in Maintainer Section Description Depends; do
    [ -n "$(dpkg-deb -f "$deb" "$field")" ] || fail "the .deb control file has no $field"
done
rpm_listing=$(rpm -qlp "$rpm" 2>/dev/null)
for want in /opt/secretdesk/bin/SecretDesk /opt/secretdesk/lib/secretdesk-SecretDesk.desktop \
    /opt/secretdesk/lib/SecretDesk.png; do
    grep -qx "$want" <<<"$rpm_listing" || fail "the .rpm lacks $want"
done
desktop=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./opt/secretdesk/lib/secretdesk-SecretDesk.desktop)
grep -qx 'Exec=/opt/secretdesk/bin/SecretDesk' <<<"$desktop" || fail "desktop entry: wrong Exec (${desktop})"
grep -q '^Icon=/opt/secretdesk/lib/SecretDesk.png' <<<"$desktop" || fail "desktop entry: no icon"
grep -q '^Categories=.*Utility' <<<"$desktop" || fail "desktop entry: no category"
log "contents: launcher, desktop entry (Exec, Icon, Categories), icon, jars, AOT cache, runtime"

# --- install, as an upgrade over an older version ---
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
if $can_install; then
    # The older version: the same files under a lower version number, so dpkg does a real upgrade.
    dpkg-deb -R "$deb" "$scratch/old"
    sed -i 's/^Version: .*/Version: 0.0.1-1/' "$scratch/old/DEBIAN/control"
    dpkg-deb -b "$scratch/old" "$scratch/secretdesk_0.0.1-1_old.deb" >/dev/null
    quiet $SUDO apt-get install -y -q "$scratch/secretdesk_0.0.1-1_old.deb"
    [ "$(dpkg-query -W -f '${Version}' secretdesk)" = 0.0.1-1 ] || fail "the older version did not install"
    quiet $SUDO apt-get install -y -q "$ROOT/$deb"
    [ "$(dpkg-query -W -f '${Version}' secretdesk)" = "$version" ] || fail "the upgrade to $version did not happen"
    log "upgrade 0.0.1-1 -> $version: ok"
    app=/opt/secretdesk
else
    dpkg -x "$deb" "$scratch/root"
    app=$scratch/root/opt/secretdesk
    log "not root: unpacked into $scratch/root (no upgrade check)"
fi

# --- the installed app, with no JDK reachable ---
home=$(mktemp -d)
out=$(env -i HOME="$home" PATH= JAVA_HOME= "$app/bin/SecretDesk" --version)
grep -q '^SecretDesk ' <<<"$out" || fail "--version printed: $out"
log "installed --version: $out"
env -i HOME="$home" PATH= JAVA_HOME= "$app/bin/SecretDesk" --self-test || fail "--self-test"
rm -rf "$home"

# --- the operator's core path through the installed app, in a real window (issue 17) ---
# The same journey as ShippedConsoleJourneyIT (src/test/java/org/secretdesk/journey), run by the installed app's own
# runtime against its own launcher: a fresh data directory, a new application, reveal and copy, renew, typed
# delete, the CA export wizard writing PEM, DER, PKCS#12 and the DataMiner bundle, quit.
if [ -d target/test-classes/org/secretdesk/journey ]; then
    journey_work=$(mktemp -d)
    if ! "$app/lib/runtime/bin/java" -cp target/test-classes org.secretdesk.journey.JourneyRunner \
        "$app/bin/SecretDesk" >"$journey_work/journey.log" 2>&1; then
        cat "$journey_work/journey.log" >&2
        fail "the journey through the installed app"
    fi
    log "journey through the installed app: $(tail -n 1 "$journey_work/journey.log")"
    rm -rf "$journey_work"
else
    fail "target/test-classes has no journey: run mvn -B verify (or test-compile) before this script"
fi

# --- figures ---
log "sizes: .deb $(du -h "$deb" | cut -f1) ($(stat -c %s "$deb") bytes), .rpm $(du -h "$rpm" | cut -f1),"\
" installed $(du -sh "$app" | cut -f1)"
if command -v Xvfb >/dev/null && command -v xdotool >/dev/null; then
    bash installer/measure-startup.sh "$app" 5 || log "start-up measurement failed (not a package defect)"
else
    log "no Xvfb/xdotool: start-up not measured"
fi

if $can_install; then
    quiet $SUDO apt-get remove -y -q secretdesk
    [ ! -e /opt/secretdesk/bin/SecretDesk ] || fail "apt-get remove left /opt/secretdesk/bin/SecretDesk"
    log "removed again"
fi
log "all package checks passed"

#!/usr/bin/env bash
# Builds the SecretDesk installers: a jlink runtime, a jpackage app image, then this OS's packages
# (.deb and .rpm on Linux, .msi on Windows, .dmg on macOS), all in target/installer/.
#
# This is the one place the jlink/jpackage arguments live; CI, `mvn -Pinstaller package` and people run it.
#   installer/build.sh                 all packages for this OS
#   installer/build.sh app-image       only the runtime and the app image
#   installer/build.sh deb|rpm|msi|dmg one package type
# Needs JDK 25 (jlink, jdeps, jpackage): $JAVA_HOME, else /usr/lib/jvm/*, else the PATH.
# Linux: fakeroot and binutils (objcopy) for .deb, rpm (rpmbuild) for .rpm. Windows: WiX 3 or 4 on the PATH.
# macOS: Xcode command line tools.
set -euo pipefail

REQUIRED_JAVA=25
APP_NAME=SecretDesk
MAIN_CLASS=org.secretdesk.cli.Main
VENDOR="SecretDesk"
DESCRIPTION="Console for API client secrets, and its gateway server"
COPYRIGHT="Copyright (c) 2026 The SecretDesk authors"
ABOUT_URL="${SECRETDESK_ABOUT_URL:-https://www.apache.org/licenses/LICENSE-2.0}" # no project site yet: the licence
MAINTAINER="${DEBEMAIL:-$(id -un)@$(hostname)}" # whoever builds the package maintains it (Debian's DEBEMAIL)
# Fixed forever: Windows Installer upgrades an installed SecretDesk only when this UUID stays the same.
WIN_UPGRADE_UUID=6b0f3a52-3c1e-4d8e-9a7e-2f5d1c8b9e41
# Bumped when the same app version is packaged again (Debian revision, RPM release).
APP_RELEASE=${SECRETDESK_APP_RELEASE:-1}
# The JVM's ahead-of-time cache (JEP 483/514), recorded below by a training start of the console: the classes a
# start-up loads, already parsed and linked. The launcher finds it next to the jars; a missing or stale cache is
# ignored by the JVM (start-up is then just slower).
AOT_CACHE=secretdesk.aot
# The secretdesk-gateway launcher: secretdesk-gateway ARGS = secretdesk gateway ARGS, with the same JVM options and
# AOT cache (one cache for both: a second, gateway-only one made the .deb 16 MB larger for ~0.1 s of a restart).
GATEWAY_LAUNCHER=secretdesk-gateway
GATEWAY_MAIN_CLASS=org.secretdesk.cli.GatewayMain

ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
cd "$ROOT"
LIB=target/dist/lib
OUT=target/installer
WORK=target/installer-work

log() { printf '== %s\n' "$*"; }
die() { printf 'installer/build.sh: %s\n' "$*" >&2; exit 1; }

# --- OS and the JavaFX classifier (as in src/dist/bin/secretdesk) ---
case "$(uname -s)" in
    Linux) os=linux ;;
    Darwin) os=mac ;;
    CYGWIN* | MINGW* | MSYS*) os=win ;;
    *) die "unsupported OS $(uname -s)" ;;
esac
case "$(uname -m)" in
    arm64 | aarch64) arch=-aarch64 ;;
    *) arch= ;;
esac
[ "$os" = win ] && arch=
classifier=$os$arch
exe=
SEP=:
if [ "$os" = win ]; then
    exe=.exe
    SEP=';'
fi

# --- JDK 25 with jlink and jpackage ---
java_major() {
    "$1" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^[[:space:]]*java\.specification\.version[[:space:]]*=[[:space:]]*//p' \
        | sed -e 's/^1\.//' -e 's/[^0-9].*$//' | head -n 1
}
find_jdk() {
    local candidates=() home
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
    for home in /usr/lib/jvm/*; do [ -d "$home" ] && candidates+=("$home"); done
    if command -v javac >/dev/null 2>&1; then
        candidates+=("$(cd "$(dirname "$(readlink -f "$(command -v javac)")")/.." && pwd -P)")
    fi
    for home in "${candidates[@]}"; do
        if [ -x "$home/bin/java$exe" ] && [ -x "$home/bin/jlink$exe" ] && [ -x "$home/bin/jpackage$exe" ]; then
            local major
            major=$(java_major "$home/bin/java$exe" || true)
            if [ -n "$major" ] && [ "$major" -ge "$REQUIRED_JAVA" ]; then
                printf '%s' "$home"
                return 0
            fi
        fi
    done
    return 1
}
JDK=$(find_jdk) || die "needs a JDK $REQUIRED_JAVA with jlink and jpackage (e.g. Temurin $REQUIRED_JAVA): set JAVA_HOME"
JLINK=$JDK/bin/jlink$exe
JDEPS=$JDK/bin/jdeps$exe
JPACKAGE=$JDK/bin/jpackage$exe
log "JDK: $JDK"

# --- the distribution's jars ---
if [ ! -f "$LIB/secretdesk.jar" ]; then
    log "no $LIB/secretdesk.jar: running mvn -B -DskipTests package"
    mvn -B -DskipTests package
fi
VERSION=$(unzip -p "$LIB/secretdesk.jar" META-INF/maven/org.secretdesk/secretdesk/pom.properties 2>/dev/null \
    | sed -n 's/^version=//p' | tr -d '\r')
[ -n "$VERSION" ] || die "cannot read the version from $LIB/secretdesk.jar"
# Installers want a plain numeric version: 0.1.0-SNAPSHOT is packaged as 0.1.0.
APP_VERSION=${VERSION%%-*}
# macOS bundle versions must not start with 0 (jpackage refuses them): until 1.0, a Mac build needs an explicit one.
if [ "$os" = mac ] && [ "${APP_VERSION%%.*}" = 0 ]; then
    [ -n "${SECRETDESK_MAC_APP_VERSION:-}" ] \
        || die "macOS needs a version >= 1 (this is $APP_VERSION): set SECRETDESK_MAC_APP_VERSION, e.g. 1.0.0"
    APP_VERSION=$SECRETDESK_MAC_APP_VERSION
fi

# The JVM options of every launcher (a java @-file: one option a line, # comments): each becomes a --java-options.
[ -f target/dist/conf/jvm.options ] || die "target/dist/conf/jvm.options is missing: run mvn -B -DskipTests package"
mapfile -t JAVA_OPTIONS < <(sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e '/^#/d' -e '/^$/d' \
    target/dist/conf/jvm.options)
# The desktop console's JVM (heap, collector, compiler), for the console's launcher only: the gateway's launcher
# keeps the JVM's server defaults, as `secretdesk gateway` in target/dist does. The AOT cache's training run (below)
# uses the common options only, so the gateway's launcher gets C2 method profiles of the gateway's work; the
# console's launcher uses the same cache with its serial collector and C1 (-Xlog:aot shows the cache mapped and its
# heap region loaded: docs/benchmarks.md).
[ -f target/dist/conf/console.options ] || die "target/dist/conf/console.options is missing: run mvn -B -DskipTests package"
mapfile -t CONSOLE_OPTIONS < <(sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e '/^#/d' -e '/^$/d' \
    target/dist/conf/console.options)

# JavaFX platform jars for this OS go into the runtime; the empty javafx-NAME-VERSION.jar placeholders and other
# OSes' jars are left out; everything else is the application's class path.
rm -rf "$WORK" && mkdir -p "$WORK/input" "$WORK/javafx" "$OUT"
fx_modules=()
app_jars=()
for jar in "$LIB"/*.jar; do
    name=${jar##*/}
    case $name in
        javafx-*-"$classifier".jar)
            cp "$jar" "$WORK/javafx/"
            module=${name#javafx-}
            fx_modules+=("javafx.${module%%-*}") ;;
        javafx-*) ;;
        *)
            cp "$jar" "$WORK/input/"
            app_jars+=("$WORK/input/$name") ;;
    esac
done
((${#fx_modules[@]})) || die "$LIB has no JavaFX jars for $classifier: build on the OS you package for"

# --- 1. jlink runtime ---
log "jdeps over ${#app_jars[@]} jars"
# The application runs from the class path, so jdeps reads the jars as the class path does: copies without their
# module descriptors (a modular jar is otherwise resolved as a module, and Javalin's requires Jetty's WebSocket
# modules, left out of the build on purpose). The answer is the last line.
JAR=$JDK/bin/jar$exe
mkdir -p "$WORK/jdeps"
jdeps_jars=()
for jar in "${app_jars[@]}"; do
    name=${jar##*/}
    if unzip -Z1 "$jar" 2>/dev/null | grep 'module-info\.class$' >/dev/null; then  # no -q: pipefail
        rm -rf "$WORK/jdeps/x" && mkdir -p "$WORK/jdeps/x"
        (cd "$WORK/jdeps/x" && "$JAR" --extract --file "$ROOT/$jar")
        find "$WORK/jdeps/x" -name module-info.class -delete
        mv "$WORK/jdeps/x/META-INF/MANIFEST.MF" "$WORK/jdeps/manifest.mf"
        "$JAR" --create --file "$WORK/jdeps/$name" --manifest "$WORK/jdeps/manifest.mf" -C "$WORK/jdeps/x" .
        jdeps_jars+=("$WORK/jdeps/$name")
    else
        jdeps_jars+=("$jar")
    fi
done
jdk_modules=$("$JDEPS" --print-module-deps --ignore-missing-deps --multi-release "$REQUIRED_JAVA" \
    --module-path "$WORK/javafx" --class-path "$(IFS=$SEP; printf '%s' "${jdeps_jars[*]}")" \
    "${jdeps_jars[@]}" 2>/dev/null | tail -n 1) || true
case $jdk_modules in
    java.base*) ;;
    *) die "jdeps did not print a module list (got: $jdk_modules)" ;;
esac
# Loaded by name at run time, so jdeps cannot see them: TLS cipher suites (EC), the DNS resolver for OkHttp,
# zip file system for Flyway's classpath scanning, extra charsets, JFR for diagnosing a slow installation.
# (No jdk.localedata: the console is in English, whose locale data is in java.base, and it would add ~10 MB.)
extra_modules=jdk.crypto.ec,jdk.naming.dns,jdk.zipfs,jdk.charsets,jdk.jfr
modules="$jdk_modules,$extra_modules,$(IFS=,; printf '%s' "${fx_modules[*]}")"
log "modules: $modules"

# No --generate-cds-archive: the AOT cache recorded below holds the JDK's start-up classes as well as the app's.
# The modules file is not compressed by jlink: the packages compress it (xz for the .deb) far better than jlink's
# zip does, and nothing is inflated at run time (.deb 71.8 MB instead of 90.6 MB with zip-6, same contents).
jlink_plugins=(--strip-debug --no-man-pages --no-header-files --compress=zip-0)
# The JavaFX natives are copied into the runtime's lib/ (below), where JavaFX looks first; their copies inside
# the module resources would only be extracted to ~/.openjfx/cache at first start.
jlink_plugins+=("--exclude-resources=glob:/javafx.*/*.so,glob:/javafx.*/*.dll,glob:/javafx.*/*.dylib")

log "jlink"
"$JLINK" --module-path "$WORK/javafx" --add-modules "$modules" "${jlink_plugins[@]}" --output "$WORK/runtime"
native_dir=lib
[ "$os" = win ] && native_dir=bin
for jar in "$WORK"/javafx/*.jar; do
    unzip -q -o -j "$jar" '*.so' '*.dll' '*.dylib' -d "$WORK/runtime/$native_dir" 2>/dev/null || true
done

# --- 2. app image ---
case $os in
    linux) icon=icons/secretdesk.png ;;
    win) icon=icons/secretdesk.ico ;;
    mac) icon=icons/secretdesk.icns ;;
esac
common=(--name "$APP_NAME" --app-version "$APP_VERSION" --vendor "$VENDOR" --description "$DESCRIPTION"
    --copyright "$COPYRIGHT" --dest "$OUT")
java_opts=()
for option in "${JAVA_OPTIONS[@]}" "${CONSOLE_OPTIONS[@]}" "-XX:AOTCache=\$APPDIR/$AOT_CACHE"; do
    java_opts+=(--java-options "$option")
done

log "jpackage app-image $APP_VERSION"
rm -rf "$OUT/$APP_NAME" "$OUT/$APP_NAME.app"
app_image_args=(--type app-image "${common[@]}" --runtime-image "$WORK/runtime" --input "$WORK/input"
    --main-jar secretdesk.jar --main-class "$MAIN_CLASS" --icon "$icon" "${java_opts[@]}")
# Windows: SecretDesk.exe is a GUI launcher without a console window; secretdesk-cli.exe prints to the console
# (--version, --self-test, gateway).
[ "$os" = win ] && app_image_args+=(--add-launcher "secretdesk-cli=installer/windows/secretdesk-cli.properties")
# The gateway's own launcher: the same JVM options and AOT cache, its own main class; a console program on Windows.
{
    echo "main-class=$GATEWAY_MAIN_CLASS"
    echo "description=SecretDesk gateway server"
    echo "java-options=${JAVA_OPTIONS[*]} -XX:AOTCache=\$APPDIR/$AOT_CACHE"
    [ "$os" = win ] && echo "win-console=true"
} >"$WORK/gateway-launcher.properties"
app_image_args+=(--add-launcher "$GATEWAY_LAUNCHER=$WORK/gateway-launcher.properties")
[ "$os" = mac ] && app_image_args+=(--mac-package-identifier org.secretdesk.console --mac-package-name "$APP_NAME")
"$JPACKAGE" "${app_image_args[@]}"
case $os in
    mac)
        APP_IMAGE=$OUT/$APP_NAME.app
        APP_DIR=$APP_IMAGE/Contents/app
        APP_JAVA=$APP_IMAGE/Contents/runtime/Contents/Home/bin/java ;;
    win)
        APP_IMAGE=$OUT/$APP_NAME
        APP_DIR=$APP_IMAGE/app
        APP_JAVA=$APP_IMAGE/runtime/bin/java.exe ;;
    *)
        APP_IMAGE=$OUT/$APP_NAME
        APP_DIR=$APP_IMAGE/lib/app
        APP_JAVA=$APP_IMAGE/lib/runtime/bin/java ;;
esac

# --- 2a. Linux: launchers that start the bundled runtime directly ---
# jpackage's native Linux launcher asks rpm and dpkg which package it belongs to (`rpm -qf`, `dpkg -S` on its own
# path) at every start, before it starts the JVM: about 150 ms of each start on this machine, a tenth of the
# console's time to its list. These scripts do what it does for us: the runtime in lib/runtime, the options and
# class path of its .cfg (generated from it here, so jvm.options stays the one list), the main class. POSIX sh and
# builtins only: the installed app runs with an empty PATH (installer/check-linux.sh).
write_linux_launcher() {
    local name=$1 cfg=$APP_DIR/$1.cfg main cp opts=() line
    main=$(sed -n 's/^app.mainclass=//p' "$cfg")
    cp=$(sed -n 's|^app.classpath=\$APPDIR/|$APPDIR/|p' "$cfg" | paste -sd : -)
    while IFS= read -r line; do opts+=("\"${line//\$APPDIR/\$APPDIR}\""); done \
        < <(sed -n 's/^java-options=//p' "$cfg")
    [ -n "$main" ] && [ -n "$cp" ] || die "cannot read $cfg"
    cat >"$APP_IMAGE/bin/$name" <<SCRIPT
#!/bin/sh
# $APP_NAME launcher ($name), generated by installer/build.sh from lib/app/$name.cfg: starts the bundled runtime
# directly (jpackage's own launcher asks rpm and dpkg for its package at every start).
self=\$0
if [ -h "\$self" ] && command -v readlink >/dev/null 2>&1; then
    self=\$(readlink -f "\$self")
fi
case \$self in
    */*) ;;
    *) self=\$(command -v -- "\$self") ;;
esac
root=\${self%/*}/..
APPDIR=\$root/lib/app
exec "\$root/lib/runtime/bin/java" ${opts[*]} -Djpackage.app-path="\$self" \\
    -cp "$cp" $main "\$@"
SCRIPT
    chmod 755 "$APP_IMAGE/bin/$name"
}
if [ "$os" = linux ]; then
    write_linux_launcher "$APP_NAME"
    write_linux_launcher "$GATEWAY_LAUNCHER"
fi

# --- 2b. AOT cache: one training run, as the launchers start the program ---
# The console starts against a fresh embedded gateway in a scratch HOME (no keychain: DBUS_SESSION_BUS_ADDRESS is
# cleared, so the caller's keychain is never touched) and shows its window with the application list from the
# gateway. Then installer/startup/TrainGateway.java (run by the JDK) gives that gateway a standalone gateway's work
# for GATEWAY_TRAINING_SECONDS: applications with a first secret, tokens on 16 connections, lists. Then SIGTERM: the
# JVM writes every class it loaded, linked, with the method profiles of that work, into $APP_DIR/$AOT_CACHE, used
# by both launchers (a console's restart shows its list sooner, a gateway starts sooner and its JIT compiles the hot
# paths from real profiles: docs/benchmarks.md). AOT_TRAINING_UNTIL=shown stops at the first frame instead (no
# gateway, no workload). The cache still applies once the image is installed elsewhere (installer/check-linux.sh).
# Needs a display: $DISPLAY, else Xvfb on Linux, else JavaFX's headless platform (the cache then lacks the few
# window-system classes, which load normally).
record_aot_cache() {
    local train_home cp display_opts=() xvfb_pid= pid url= status=0 until=${AOT_TRAINING_UNTIL:-workload}
    train_home=$(mktemp -d)
    cp=$(sed -n 's|^app.classpath=\$APPDIR|'"$APP_DIR"'|p' "$APP_DIR/$APP_NAME.cfg" | paste -sd "$SEP" -)
    if [ -z "${DISPLAY:-}" ] && [ "$os" = linux ]; then
        if command -v Xvfb >/dev/null 2>&1; then
            local display=:$((200 + RANDOM % 100))
            Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
            xvfb_pid=$!
            sleep 1
            export DISPLAY=$display
        else
            display_opts=(-Dglass.platform=Headless -Dprism.order=sw)
        fi
    fi
    local exit_when=
    [ "$until" = shown ] && exit_when=-Dsecretdesk.exitWhenReady=shown
    HOME=$train_home env -u XDG_DATA_HOME -u XDG_CONFIG_HOME -u XDG_CACHE_HOME -u DBUS_SESSION_BUS_ADDRESS \
        "$APP_JAVA" "${JAVA_OPTIONS[@]}" "${display_opts[@]}" ${exit_when:+"$exit_when"} \
        -XX:AOTCacheOutput="$APP_DIR/$AOT_CACHE" -Xlog:aot=warning:file="$WORK/aot.log" \
        -cp "$cp" "$MAIN_CLASS" >"$WORK/aot-training.log" 2>&1 &
    pid=$!
    if [ "$until" = shown ]; then
        wait "$pid" || status=$?
    else
        for _ in $(seq 1200); do
            grep -q 'Start-up: list drawn' "$WORK/aot-training.log" && break
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        url=$(sed -n 's/.*Local gateway on \(https:[^ ]*\) .*/\1/p' "$WORK/aot-training.log" | head -n 1)
        local gw=$train_home/.local/share/secretdesk/gateway
        if [ -z "$url" ] || ! grep -q 'Start-up: list drawn' "$WORK/aot-training.log"; then
            status=1
        else
            "$JDK/bin/java" installer/startup/TrainGateway.java "$url" "$gw/ca.pem" "$gw/admin.key" \
                "${GATEWAY_TRAINING_SECONDS:-20}" || status=$?
        fi
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" || true
    fi
    [ -n "$xvfb_pid" ] && { kill "$xvfb_pid" 2>/dev/null || true; unset DISPLAY; }
    rm -rf "$train_home"
    if [ "$status" -ne 0 ] || [ ! -s "$APP_DIR/$AOT_CACHE" ]; then
        cat "$WORK/aot-training.log" >&2
        die "the training run for the AOT cache failed (status $status; log above)"
    fi
    log "AOT cache: $(du -h "$APP_DIR/$AOT_CACHE" | cut -f1)"
}
log "recording the AOT cache"
rm -f "$APP_DIR/$AOT_CACHE"
record_aot_cache

# --- 3. packages ---
package() {
    local type=$1
    shift
    log "jpackage $type"
    "$JPACKAGE" --type "$type" "${common[@]}" --app-image "$APP_IMAGE" "$@"
}
linux_common=(--linux-package-name secretdesk --linux-app-release "$APP_RELEASE" --linux-shortcut
    --linux-menu-group "Utility;Security;" --license-file LICENSE --about-url "$ABOUT_URL"
    --icon "$icon" --resource-dir "$WORK/linux-resources")
# With --app-image, the Linux packagers take the menu icon from the resource dir (named after the app), not from
# --icon; without it the desktop entry shows jpackage's default icon.
mkdir -p "$WORK/linux-resources"
cp installer/linux/* "$WORK/linux-resources/"
cp icons/secretdesk.png "$WORK/linux-resources/$APP_NAME.png"
build_type() {
    case $1 in
        deb)
            command -v fakeroot >/dev/null || die ".deb needs fakeroot: sudo apt-get install fakeroot binutils"
            package deb "${linux_common[@]}" --linux-app-category utils --linux-deb-maintainer "$MAINTAINER" ;;
        rpm)
            command -v rpmbuild >/dev/null || die ".rpm needs rpmbuild: sudo apt-get install rpm (Fedora: rpm-build)"
            package rpm "${linux_common[@]}" --linux-app-category Applications/System \
                --linux-rpm-license-type "Apache-2.0" ;;
        msi)
            package msi --icon "$icon" --license-file LICENSE --about-url "$ABOUT_URL" \
                --win-upgrade-uuid "$WIN_UPGRADE_UUID" --win-menu --win-menu-group "$APP_NAME" --win-shortcut \
                --win-shortcut-prompt --win-per-user-install --win-dir-chooser ;;
        dmg)
            package dmg --icon "$icon" --license-file LICENSE --mac-package-identifier org.secretdesk.console \
                --mac-package-name "$APP_NAME" ;;
        app-image) ;;
        *) die "unknown package type $1 (deb, rpm, msi, dmg, app-image)" ;;
    esac
}
if [ $# -gt 0 ]; then
    for type in "$@"; do build_type "$type"; done
else
    case $os in
        linux)
            build_type deb
            if command -v rpmbuild >/dev/null; then build_type rpm; else log "no rpmbuild: skipping .rpm (apt-get install rpm)"; fi ;;
        win) build_type msi ;;
        mac) build_type dmg ;;
    esac
fi
log "done:"
ls -l "$OUT"

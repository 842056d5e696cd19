#!/usr/bin/env bash
# Measures what a user of the app image (or an installed copy) waits for: from the process's spawn to the
# application list drawn in the main window, for a restart (existing data) and a first start (new data: the
# embedded gateway makes its CA and keys), next to a bare JavaFX "hello" window started on the same runtime with the
# same JVM options. The full benchmark, with the timeline and the dist launcher, is `mvn -B -Pbench-startup verify`
# (docs/benchmarks.md); this is its short form for installer/check-linux.sh.
#
#   installer/measure-startup.sh [APP_DIR] [RUNS]
#     APP_DIR  the app image (default target/installer/SecretDesk; /opt/secretdesk for the installed .deb)
#     RUNS     runs per row (default 5)
# Needs Xvfb (apt-get install xvfb libgtk-3-0; openbox is used when installed). Each run is a new JVM.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
APP=${1:-$ROOT/target/installer/SecretDesk}
RUNS=${2:-5}
JAVA=$APP/lib/runtime/bin/java
CFG=$APP/lib/app/SecretDesk.cfg
[ -x "$APP/bin/SecretDesk" ] || { echo "no app image at $APP (run installer/build.sh app-image)" >&2; exit 1; }
command -v Xvfb >/dev/null || { echo "needs Xvfb: apt-get install xvfb libgtk-3-0" >&2; exit 1; }

WORK=$(mktemp -d)
WM_PID=
trap 'kill "$XVFB_PID" ${WM_PID:+"$WM_PID"} 2>/dev/null || true; rm -rf "$WORK"' EXIT
for n in $(seq 90 140); do [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || break; done
display=:$n
Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
XVFB_PID=$!
export DISPLAY=$display
for _ in $(seq 100); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.05; done
if command -v openbox >/dev/null; then
    HOME=$WORK openbox >/dev/null 2>&1 &
    WM_PID=$!
fi

# The hello window runs on the app's own runtime with the JVM options from the launcher's configuration (not its
# AOT cache, which is the console's).
mapfile -t java_options < <(sed -n 's/^java-options=//p' "$CFG" | grep -v '^-XX:AOTCache')
mkdir -p "$WORK/hello"
# The runtime has no javac: compile with a JDK >= 25 (JAVA_HOME, else /usr/lib/jvm) against the
# runtime's own modules.
JAVAC=
for jdk in ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/*; do
    if [ -x "$jdk/bin/javac" ] && grep -q '^JAVA_VERSION="\(2[5-9]\|[3-9][0-9]\)' "$jdk/release" 2>/dev/null; then
        JAVAC=$jdk/bin/javac
        break
    fi
done
[ -n "$JAVAC" ] || { echo "needs a JDK 25 or newer (JAVA_HOME or /usr/lib/jvm) to compile the hello window" >&2; exit 1; }
"$JAVAC" --system "$APP/lib/runtime" --add-modules javafx.controls -d "$WORK/hello" \
    "$ROOT/installer/startup/Hello.java"

now_ms() { date +%s%3N; }

# Milliseconds from spawn to the bare window's first frame.
hello_run() {
    local start out
    start=$(now_ms)
    out=$(HOME=$WORK "$JAVA" "${java_options[@]}" -Dhello.exitWhenShown=true -cp "$WORK/hello" Hello 2>&1)
    echo $(($(sed -n 's/^Hello: shown at //p' <<<"$out") - start))
}

# Milliseconds from spawn to the console's list drawn (the console logs it and quits), with HOME=$1.
console_run() {
    local home=$1 start line stamp
    start=$(now_ms)
    env -u XDG_DATA_HOME -u XDG_CONFIG_HOME -u XDG_CACHE_HOME -u DBUS_SESSION_BUS_ADDRESS HOME="$home" \
        JAVA_TOOL_OPTIONS=-Dsecretdesk.exitWhenReady=populated "$APP/bin/SecretDesk" >"$home/out.log" 2>&1
    line=$(grep 'Start-up: list drawn' "$home/out.log") \
        || { echo "the console did not draw its list:" >&2; cat "$home/out.log" >&2; return 1; }
    stamp=$(date -d "${line%% *}" +%s%3N)
    echo $((stamp - start))
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }

hello=() restart=() fresh=()
home=$(mktemp -d "$WORK/home.XXXX")
console_run "$home" >/dev/null # the data for the restarts
for _ in $(seq "$RUNS"); do
    hello+=("$(hello_run)")
    restart+=("$(console_run "$home")")
    fresh+=("$(console_run "$(mktemp -d "$WORK/home.XXXX")")")
done
hello_median=$(printf '%s\n' "${hello[@]}" | median)
restart_median=$(printf '%s\n' "${restart[@]}" | median)
fresh_median=$(printf '%s\n' "${fresh[@]}" | median)
echo "bare window (ms):                 ${hello[*]}  median $hello_median"
echo "SecretDesk restart to list (ms):  ${restart[*]}  median $restart_median"
echo "SecretDesk first start to list:   ${fresh[*]}  median $fresh_median"
awk -v r="$restart_median" -v f="$fresh_median" -v h="$hello_median" \
    'BEGIN {printf "ratio to the bare window: restart %.2f (target <= 2.0), first start %.2f (target <= 3.0)\n", r / h, f / h}'
echo "load average: $(cut -d ' ' -f 1-3 /proc/loadavg) on $(nproc) cores"

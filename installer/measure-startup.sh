#!/usr/bin/env bash
# Measures start-up to the first window of the app image built by installer/build.sh (or an installed copy),
# next to a bare JavaFX "hello" window started on the same runtime with the same JVM options.
#
#   installer/measure-startup.sh [APP_DIR] [RUNS]
#     APP_DIR  the app image (default target/installer/SecretDesk; /opt/secretdesk for the installed .deb)
#     RUNS     runs per program (default 5)
# Needs Xvfb and xdotool (apt-get install xvfb xdotool libgtk-3-0). Each run is a new JVM with a fresh HOME, so
# the console also makes its data directory; the time is from the process start to its window being mapped.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
APP=${1:-$ROOT/target/installer/SecretDesk}
RUNS=${2:-5}
JAVA=$APP/lib/runtime/bin/java
CFG=$APP/lib/app/SecretDesk.cfg
[ -x "$APP/bin/SecretDesk" ] || { echo "no app image at $APP (run installer/build.sh app-image)" >&2; exit 1; }
command -v Xvfb >/dev/null && command -v xdotool >/dev/null \
    || { echo "needs Xvfb and xdotool: apt-get install xvfb xdotool libgtk-3-0" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'kill "$XVFB_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
XVFB_PID=$!
export DISPLAY=$display
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done

# The hello window runs on the app's own runtime with the JVM options from the launcher's configuration.
mapfile -t java_options < <(sed -n 's/^java-options=//p' "$CFG")
"$JAVA" -version >/dev/null 2>&1
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

# Runs "$@" with a fresh HOME, waits until a visible window titled $title is mapped, prints the milliseconds.
time_to_window() {
    local title=$1
    shift
    local home
    home=$(mktemp -d "$WORK/home.XXXX")
    local start pid
    start=$(now_ms)
    HOME=$home "$@" >"$home/out.log" 2>&1 &
    pid=$!
    while ! xdotool search --onlyvisible --name "^$title\$" >/dev/null 2>&1; do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "the program ended before its window appeared:" >&2
            cat "$home/out.log" >&2
            return 1
        fi
        sleep 0.01
    done
    echo $(($(now_ms) - start))
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }

hello=()
app=()
for i in $(seq "$RUNS"); do
    hello+=("$(time_to_window Hello "$JAVA" "${java_options[@]}" -cp "$WORK/hello" Hello)")
    app+=("$(time_to_window SecretDesk "$APP/bin/SecretDesk")")
done
hello_median=$(printf '%s\n' "${hello[@]}" | median)
app_median=$(printf '%s\n' "${app[@]}" | median)
echo "hello window (ms):      ${hello[*]}  median $hello_median"
echo "SecretDesk window (ms): ${app[*]}  median $app_median"
awk -v a="$app_median" -v h="$hello_median" 'BEGIN {printf "ratio SecretDesk/hello: %.2f\n", a / h}'
echo "load average: $(cut -d ' ' -f 1-3 /proc/loadavg) on $(nproc) cores"

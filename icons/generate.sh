#!/usr/bin/env bash
# Generates every icon file from secretdesk.svg: PNGs (icons/png/secretdesk-SIZE.png), a multi-size
# secretdesk.ico (Windows), a secretdesk.icns (macOS), secretdesk.png (Linux, 512 px), and the copies the
# console loads for its window icons (src/main/resources/org/secretdesk/ui/icons/).
# Debian/Ubuntu tools: rsvg-convert (librsvg2-bin), icotool (icoutils), png2icns (icnsutils).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/.." && pwd -P)
svg=$here/secretdesk.svg

missing=()
command -v rsvg-convert >/dev/null || missing+=(librsvg2-bin)
command -v icotool >/dev/null || missing+=(icoutils)
command -v png2icns >/dev/null || missing+=(icnsutils)
if ((${#missing[@]})); then
    echo "generate.sh: missing tools; install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
fi

sizes=(16 24 32 48 64 128 256 512 1024)
mkdir -p "$here/png"
for size in "${sizes[@]}"; do
    rsvg-convert --width "$size" --height "$size" --output "$here/png/secretdesk-$size.png" "$svg"
done

# Windows: the sizes Explorer and the taskbar ask for; 256 is stored as PNG inside the .ico.
icotool --create --output "$here/secretdesk.ico" \
    "$here"/png/secretdesk-{16,24,32,48,64,128}.png --raw="$here/png/secretdesk-256.png"

# macOS: png2icns takes the sizes it knows (16, 32, 48, 128, 256, 512, 1024).
png2icns "$here/secretdesk.icns" "$here"/png/secretdesk-{16,32,48,128,256,512,1024}.png >/dev/null

# Linux: jpackage wants one PNG.
cp "$here/png/secretdesk-512.png" "$here/secretdesk.png"

# Window icons for the console (the window manager picks the closest size).
ui_icons=$root/src/main/resources/org/secretdesk/ui/icons
mkdir -p "$ui_icons"
for size in 16 32 48 64 128 256; do
    cp "$here/png/secretdesk-$size.png" "$ui_icons/secretdesk-$size.png"
done

echo "icons generated from $svg"

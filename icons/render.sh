#!/usr/bin/env bash
# Renders icons/icon.svg into every file Tauri bundles: RGBA PNGs, a multi-size .ico and an .icns.
# Needs rsvg-convert (librsvg2-bin) and ImageMagick's convert; png2icns (icnsutils) for the .icns.
#   apt-get install librsvg2-bin imagemagick icnsutils
set -euo pipefail
cd "$(dirname "$0")"

# /usr/local/bin/convert may be a stand-in that only converts PNG to PPM; use the real one.
CONVERT=/usr/bin/convert
for tool in rsvg-convert "$CONVERT"; do
  command -v "$tool" >/dev/null 2>&1 || { echo "render: $tool is missing (apt-get install librsvg2-bin imagemagick)" >&2; exit 1; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

render() { # size output — always 8-bit RGBA, as Tauri requires
  rsvg-convert --width "$1" --height "$1" --keep-aspect-ratio icon.svg -o "$tmp/raw.png"
  "$CONVERT" "$tmp/raw.png" -strip -define png:color-type=6 -depth 8 "PNG32:$2"
}

render 32 32x32.png
render 128 128x128.png
render 256 128x128@2x.png
render 512 icon.png

ico=()
for size in 16 24 32 48 64 256; do
  render "$size" "$tmp/ico-$size.png"
  ico+=("$tmp/ico-$size.png")
done
"$CONVERT" "${ico[@]}" icon.ico

if command -v png2icns >/dev/null 2>&1; then
  icns=()
  for size in 16 32 48 128 256 512 1024; do
    render "$size" "$tmp/icns-$size.png"
    icns+=("$tmp/icns-$size.png")
  done
  png2icns icon.icns "${icns[@]}" >/dev/null
else
  echo "render: png2icns not found (apt-get install icnsutils); icon.icns not regenerated" >&2
fi

echo "render: wrote 32x32.png 128x128.png 128x128@2x.png icon.png icon.ico$([ -f icon.icns ] && echo ' icon.icns')"

#!/usr/bin/env bash
# Regenerates the app icon (a "T" monogram on a calm teal rounded square) into assets/icons/.
# Needs ImageMagick (convert) and the DejaVu fonts; the icons are committed, so this only runs
# when the design changes. Tauri needs RGBA PNGs at build time (bundle.icon in tauri.conf.json).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/assets/icons"
FONT="${ICON_FONT:-/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf}"
mkdir -p "$OUT"
master="$(mktemp --suffix=.png)"
trap 'rm -f "$master"' EXIT
convert -size 1024x1024 xc:none \
  -fill '#2f6f73' -draw 'roundrectangle 64,64 960,960 180,180' \
  -fill '#f4efe6' -font "$FONT" -pointsize 720 -gravity center -annotate +0+30 'T' \
  -fill '#d9a441' -draw 'rectangle 300,800 724,840' \
  "PNG32:$master"
for spec in 32x32:32x32.png 128x128:128x128.png 256x256:128x128@2x.png 512x512:icon.png; do
  size="${spec%%:*}"; name="${spec#*:}"
  convert "$master" -filter Lanczos -resize "$size" "PNG32:$OUT/$name"
done
echo "icons written to $OUT"

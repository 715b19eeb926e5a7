#!/usr/bin/env bash
# Writes distinct camera-sized JPEGs (3-16 megapixels) for `lumina bench analyze`: the corpus has nine such
# photos (a tenth is one flat grey), so each is cropped at several seeded windows (some mirrored) and saved at Q92 with its metadata.
#   camera-jpegs.sh <corpus> <output folder> [copies per photo, default 27]
set -euo pipefail
corpus="${1:?usage: camera-jpegs.sh <corpus> <output folder> [copies]}"
out="${2:?usage: camera-jpegs.sh <corpus> <output folder> [copies]}"
copies="${3:-27}"
sources=(
  dups/exif-py-hdr/canon_hdr_NO.jpg dups/exif-py-hdr/canon_hdr_YES.jpg dups/exif-py-hdr/iphone_hdr_NO.jpg
  dups/exif-py-hdr/iphone_hdr_YES.jpg dups/exifr/IMG_20180725_163423.jpg
  exif/exif-py/jpg/mobile/jolla.jpg exif/exif-py/jpg/tests/33-type_error.jpg exif/exif-py/jpg/tests/87_OSError.jpg
  exif/immich-test-assets/metadata/gps-position/empty_gps.jpg
)
mkdir -p "$out"
RANDOM=13
for source in "${sources[@]}"; do
  width=$(vipsheader -f width "$corpus/$source")
  height=$(vipsheader -f height "$corpus/$source")
  name=$(basename "$source" .jpg)
  for ((i = 0; i < copies; i++)); do
    # 80-99 % of each side, at a random offset, kept within 3-16 megapixels.
    w=$((width * (80 + RANDOM % 20) / 100))
    h=$((height * (80 + RANDOM % 20) / 100))
    while ((w * h > 16000000)); do w=$((w * 95 / 100)); h=$((h * 95 / 100)); done
    # Photos near 3 megapixels lose a few rows and columns only.
    ((w * h >= 3000000)) || { w=$((width - RANDOM % 40)); h=$((height - RANDOM % 30)); }
    left=$((RANDOM % (width - w + 1)))
    top=$((RANDOM % (height - h + 1)))
    target="$out/$name-$i.jpg"
    if ((RANDOM % 2)); then
      vips crop "$corpus/$source" "$out/.crop.v" "$left" "$top" "$w" "$h"
      vips flip "$out/.crop.v" "$target[Q=92]" horizontal
      rm -f "$out/.crop.v"
    else
      vips crop "$corpus/$source" "$target[Q=92]" "$left" "$top" "$w" "$h"
    fi
  done
done
echo "wrote $(find "$out" -name '*.jpg' | wc -l) JPEGs in $out"

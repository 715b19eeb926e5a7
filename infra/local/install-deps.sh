#!/usr/bin/env bash
# Installs what Lumina needs on Debian/Ubuntu, only what is missing, and says what it installs.
#   install-deps.sh run    PostgreSQL server, libvips (the CLI's needs; ONNX Runtime comes with the build,
#                          from its NuGet package)
#   install-deps.sh test   the above, plus vips/vipsthumbnail and exiftool (tests make and tag
#                          images with them, benchmarks compare with vipsthumbnail), Chromium and its
#                          driver (the web UI's browser tests) and the npm packages of infra/local (Azurite)
#   install-deps.sh package  libvips to bundle, and zip (infra/azure/package.sh)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mode="${1:-run}"

case "$mode" in
  run) apt_packages=(postgresql libvips42) ;;
  test) apt_packages=(postgresql libvips42 libvips-tools libimage-exiftool-perl chromium chromium-driver) ;;
  package) apt_packages=(libvips42 zip) ;;
  *) echo "lumina: install-deps.sh run|test|package, not '$mode'" >&2; exit 2 ;;
esac

missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "lumina: installing Debian packages: ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if [ "$mode" = test ]; then
  if [ ! -f "$here/node_modules/.package-lock.json" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
    echo "lumina: installing npm packages in infra/local: azurite" >&2
    (cd "$here" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >&2)
  fi
fi

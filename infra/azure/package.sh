#!/usr/bin/env bash
# Builds the deployment package of the Functions app: a zip whose root is the app root of the .NET isolated
# worker (src/Lumina.AzureFunctions published for linux-x64: host.json, functions.metadata, worker.config.json,
# extensions.json, .azurefunctions/ with the host's extensions, and ONNX Runtime's Linux library from its NuGet
# package), with native/ holding libvips, its modules and every library they load except glibc's own, because
# Functions instances have none of them (the app settings LD_LIBRARY_PATH and VIPSHOME point there;
# infra/azure/main.bicep).
# .NET itself is the platform's (runtime dotnet-isolated 10.0). Build on the Debian release whose glibc the
# instances run (12).
#   infra/azure/package.sh [output.zip]     default: artifacts/azure/lumina-functionapp.zip
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
zip_path="$(realpath -m "${1:-$root/artifacts/azure/lumina-functionapp.zip}")"
"$root/infra/local/install-deps.sh" package

stage="$(mktemp -d /tmp/lumina-package.XXXXXX)"
trap 'rm -rf "$stage"' EXIT
app="$stage/app"

echo "lumina: publishing the Functions app for linux-x64..." >&2
# Its own artifacts path: a publish with other global properties must not rebuild the projects' bin/ and obj/
# under a build or test run that is using them.
dotnet publish "$root/src/Lumina.AzureFunctions/Lumina.AzureFunctions.csproj" -c Release -r linux-x64 --self-contained false \
  -p:DebugType=none --artifacts-path "$stage/build" -o "$app" -nologo >"$stage/publish.log" 2>&1 || { cat "$stage/publish.log" >&2; exit 1; }

# awk reads all of ldconfig's output: a reader that stops early gets ldconfig a SIGPIPE, fatal under pipefail.
vips="$(ldconfig -p | awk '/libvips\.so\.42 / && !found {print $NF; found = 1}')"
[ -n "$vips" ] || { echo "lumina: libvips.so.42 is not installed" >&2; exit 1; }
libdir="$(dirname "$vips")"
modules="$(find "$libdir" -maxdepth 1 -type d -name 'vips-modules-*' -print -quit)"

# libvips finds its modules under $VIPSHOME/<multiarch>/ (the app setting VIPSHOME is native/vips).
native="$app/native"
mkdir -p "$native/vips/$(basename "$libdir")"
[ -z "$modules" ] || cp -L -r "$modules" "$native/vips/$(basename "$libdir")/"
cp -L "$vips" "$native/"

# Every library libvips and its modules load, by soname, except glibc's (the instance's own must serve).
glibc='^(linux-vdso|ld-linux|libc|libm|libdl|libpthread|librt|libresolv|libutil|libanl)\.so'
for binary in "$vips" ${modules:+"$modules"/*.so}; do
  ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// {print $1, $3}'
done | sort -u | while read -r soname path; do
  if ! [[ "$soname" =~ $glibc ]]; then cp -L "$path" "$native/$soname"; fi
done

mkdir -p "$(dirname "$zip_path")"
rm -f "$zip_path"
(cd "$app" && zip -qr -X "$zip_path" .)
echo "lumina: $zip_path ($(du -h "$zip_path" | cut -f1); $(ls "$native" | wc -l) native libraries)" >&2

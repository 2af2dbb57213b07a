#!/usr/bin/env bash
# Compile check of the ESP32 turnstile app (firmware/esp32/app) for .NET nanoFramework 1.x:
#   1. compiles firmware/core + firmware/esp32/app + firmware/esp32/stubs against ONLY
#      nanoFramework's mscorlib 1.17.11. The stubs are signature-only stand-ins for the
#      nanoFramework packages the app uses (M2Mqtt, GPIO, SPI, MFRC522, file system, networking),
#      which the NuGet mirror does not serve: they are never shipped (see stubs/README.md);
#   2. scans the built IL with NanoIlCheck (nothing excluded: app, core and stubs) for what
#      compiles but cannot run on 1.x (generics, multi-dimensional arrays).
# Usage: firmware/esp32/check-esp32.sh [extra.cs ...]
#   Extra files are compiled together with the app (the tests use this to prove the check
#   rejects forbidden code). firmware/check-nanoframework.sh runs this when given no files.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
firmware="$(dirname "$here")"
project="$here/check/SchoolGate.Firmware.Esp32.Check.csproj"

work="$(mktemp -d "${TMPDIR:-/tmp}/schoolgate-esp32check.XXXXXX")"
trap 'rm -rf "$work"' EXIT

build_args=(build "$project" -nologo -v q "-clp:ErrorsOnly;NoSummary"
  "-p:BaseIntermediateOutputPath=$work/obj/" "-p:OutputPath=$work/bin/")
if [ "$#" -gt 0 ]; then
  mkdir -p "$work/extra"
  i=0
  for file in "$@"; do
    if [ ! -f "$file" ]; then
      echo "check-esp32: no such file: $file" >&2
      exit 2
    fi
    i=$((i + 1))
    cp "$file" "$work/extra/extra$i-$(basename "$file")"
  done
  build_args+=("-p:Esp32ExtraSourcesDir=$work/extra")
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "check-esp32: compiling firmware/core + esp32/app + esp32/stubs against nanoFramework mscorlib 1.17.11"
if ! dotnet "${build_args[@]}" >"$work/build.log" 2>&1; then
  grep -E "error|warning" "$work/build.log" | sort -u >&2 || cat "$work/build.log" >&2
  echo "check-esp32: FAILED: the ESP32 app does not compile against nanoFramework's mscorlib and the stubs" >&2
  exit 1
fi

if ! "$firmware/tools/NanoIlCheck/scan.sh" "$work/bin/SchoolGate.Firmware.Esp32.Nano.dll"; then
  echo "check-esp32: FAILED: IL that nanoFramework 1.x cannot run (see above)" >&2
  exit 1
fi
echo "check-esp32: OK"

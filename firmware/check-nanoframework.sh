#!/usr/bin/env bash
# Proves the portable firmware core can run on .NET nanoFramework 1.x (ESP32):
#   1. compiles firmware/core/**/*.cs against ONLY nanoFramework's mscorlib 1.17.11, so any API
#      nanoFramework lacks (LINQ, List<T>, async, StringBuilder, ...) is a compile error;
#   2. scans the built IL with NanoIlCheck for what still compiles but cannot run on 1.x
#      (generic definitions and instantiations, multi-dimensional arrays), and for s[i] on a
#      string, which runs but walks the UTF-8 string from its start on nanoFramework;
#   3. without extra files: firmware/esp32/check-esp32.sh (the ESP32 app + its API stubs).
# Usage: firmware/check-nanoframework.sh [extra.cs ...]
#   Extra files are compiled together with the core (the tests use this to prove the check
#   rejects forbidden code). Each run builds into its own temporary directory, so parallel runs
#   never collide. Needs only the .NET SDK; restores nanoFramework.CoreLibrary from NuGet.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project="$here/nanoframework/SchoolGate.Firmware.NanoCheck.csproj"

work="$(mktemp -d "${TMPDIR:-/tmp}/schoolgate-nanocheck.XXXXXX")"
trap 'rm -rf "$work"' EXIT

extra_dir=""
if [ "$#" -gt 0 ]; then
  extra_dir="$work/extra"
  mkdir -p "$extra_dir"
  i=0
  for file in "$@"; do
    if [ ! -f "$file" ]; then
      echo "check-nanoframework: no such file: $file" >&2
      exit 2
    fi
    i=$((i + 1))
    cp "$file" "$extra_dir/extra$i-$(basename "$file")"
  done
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "check-nanoframework: compiling firmware/core against nanoFramework mscorlib 1.17.11"
build_args=(build "$project" -nologo -v q "-clp:ErrorsOnly;NoSummary"
  "-p:BaseIntermediateOutputPath=$work/obj/" "-p:OutputPath=$work/bin/")
if [ -n "$extra_dir" ]; then
  build_args+=("-p:NanoExtraSourcesDir=$extra_dir")
fi
if ! dotnet "${build_args[@]}" >"$work/build.log" 2>&1; then
  grep -E "error|warning" "$work/build.log" | sort -u >&2 || cat "$work/build.log" >&2
  echo "check-nanoframework: FAILED: the core does not compile against nanoFramework's mscorlib" >&2
  exit 1
fi

if ! "$here/tools/NanoIlCheck/scan.sh" --no-string-indexing "$work/bin/SchoolGate.Firmware.Core.Nano.dll"; then
  echo "check-nanoframework: FAILED: IL that nanoFramework 1.x cannot run, or runs in quadratic time (see above)" >&2
  exit 1
fi

# 3. A plain run (no extra files) also checks the ESP32 app built on the core; runs with extra
#    files keep their meaning (core + those files only).
if [ "$#" -eq 0 ] && ! "$here/esp32/check-esp32.sh"; then
  echo "check-nanoframework: FAILED: the ESP32 app (firmware/esp32) does not pass its check" >&2
  exit 1
fi
echo "check-nanoframework: OK"
